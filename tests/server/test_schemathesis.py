"""Schemathesis against the app's own OpenAPI document, in-process: every answer matches the document."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.auths import AuthContext
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import SchemathesisConfig

from nuittui.models import MessageCreate, ProjectCreate, ScheduleItemCreate, SwapCreate
from nuittui.server.accounts import add_organizer, new_token, token_digest
from nuittui.server.app import create_app
from nuittui.server.settings import ServerSettings
from nuittui.server.store import Store

from .conftest import JOIN_CODE, THEME, make_db

# Polls answer at once and no limit trips: the run is about the document, not about waiting.
FUZZ_SETTINGS = ServerSettings(
    max_poll_timeout=0,
    write_burst=1_000_000,
    write_rate=1_000_000,
    register_burst=1_000_000,
    register_rate=1_000_000,
    bad_code_handle_burst=1_000_000,
    bad_code_handle_rate=1_000_000,
    bad_code_burst=1_000_000,
    bad_code_rate=1_000_000,
)

REVOKE = "/v1/auth/revoke"

EXAMPLES = int(os.environ.get("NUIT_FUZZ_EXAMPLES", "10"))
"""Generated cases per operation (besides schemathesis' coverage cases); raise it for a deeper run."""

# A body over 64 KiB is refused with 413 before it is parsed (docs/api.md, declared on every
# write): that IS a rejection, but schemathesis' default list for invalid data lacks 413.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]
            }
        }
    }
)

# 422s the contract requires for schema-valid bodies (docs/api.md): a reference to something
# that does not exist (city, theme, project) or an end before a start. No JSON schema can say
# "one of the cities stored in the database", so ``positive_data_acceptance`` cannot know them.
# For these operations that check is replaced by ``_only_documented_rejections``, which accepts
# a 422 only when every reason it gives is one of these; any other 422 still fails the run.
SEMANTIC_422: dict[tuple[str, str], set[tuple[str, ...]]] = {
    ("POST", "/v1/auth/register"): {("body", "city")},
    ("POST", "/v1/projects"): {("body", "theme"), ("body", "city")},
    ("PATCH", "/v1/projects/{project_id}"): {("body", "theme")},
    ("POST", "/v1/swaps"): {("body", "project_id")},
    ("POST", "/v1/schedule"): {("body", "city"), ("body",)},
    ("PATCH", "/v1/schedule/{item_id}"): {("body", "ends_at")},
}


class Fuzzed:
    """The app under test, a participant's token, and a source of fresh tokens."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.store: Store = app.state.store
        self._count = 0
        self.token = self.new_participant()

    def new_participant(self) -> str:
        """Register someone the way ``POST /v1/auth/register`` does and return their token."""
        self._count += 1
        token = new_token()
        self.store.register(
            code=JOIN_CODE,
            handle=f"fuzz{self._count}",
            display_name=f"Fuzz {self._count}",
            city="lyon",
            skills=[],
            token_digest=token_digest(token),
        )
        return token


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    """One app for the module, holding a project, a swap, a schedule item and a message to hit."""
    db = make_db(tmp_path_factory.mktemp("fuzz") / "city.db")
    app = create_app(db_path=db, settings=FUZZ_SETTINGS)
    target = Fuzzed(app)
    app.state.fuzzed = target  # where the auth provider below finds it
    store = target.store
    add_organizer(store, "orga", city="lyon", event_wide=True)
    organizer, participant = store.actor("orga"), store.actor("fuzz1")
    store.create_project(None, organizer, ProjectCreate(title="Projet", theme=THEME, city="lyon"))
    store.create_swap(None, participant, SwapCreate(title="Aide", tags=["python"]))
    start = datetime(2017, 3, 4, 19, tzinfo=UTC)
    store.create_schedule_item(
        None, organizer, ScheduleItemCreate(title="Pizza", starts_at=start, ends_at=start)
    )
    store.post_message(None, participant, "all", MessageCreate(body="Bonsoir"))
    yield target
    store.close()


@pytest.fixture(scope="module")
def api_schema(fuzzed: Fuzzed) -> schemathesis.BaseSchema:
    """The document the app serves."""
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed.app, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.auth()
class ParticipantAuth:
    """A registered participant's bearer token, known to schemathesis (so it can test its absence)."""

    def get(self, case: Case, ctx: AuthContext) -> str:
        """The shared participant's token."""
        return ctx.app.state.fuzzed.token

    def set(self, case: Case, data: str, ctx: AuthContext) -> None:
        """Send it as a bearer token."""
        # Revoking the shared token would turn every later case into a 401: revoke a fresh one.
        token = ctx.app.state.fuzzed.new_participant() if case.path == REVOKE else data
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


# What ``positive_data_acceptance`` accepts for schema-valid data by default (5xx are left to
# ``not_a_server_error``).
ACCEPTED = {401, 403, 404, 409, 429}


def _only_documented_rejections(case: Case, status: int, problem: dict[str, object]) -> None:
    """``positive_data_acceptance``, less the 422s listed in ``SEMANTIC_422`` for this operation."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if status < 400 or status >= 500 or status in ACCEPTED:
        return
    assert status == 422, f"schema-valid request rejected with {status}: {problem}"
    allowed = SEMANTIC_422[(case.method.upper(), case.path)]
    errors = problem.get("errors")
    assert isinstance(errors, list) and errors, f"schema-valid request rejected: {problem}"
    reasons = {tuple(e["loc"]) for e in errors}
    assert reasons <= allowed, f"schema-valid request rejected: {problem}"


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_document(case: Case) -> None:
    key = (case.headers or {}).get("Idempotency-Key")
    if key is not None and 1 <= len(key) <= 255:
        # A key names ONE request (docs/api.md): another body under a used key is a 422 by
        # contract, a rule no JSON schema can state. A valid key stays valid, and unique.
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    semantic = (case.method.upper(), case.path) in SEMANTIC_422
    excluded = [positive_data_acceptance] if semantic else []

    response = case.call_and_validate(excluded_checks=excluded)

    if semantic:
        problem = response.json() if response.status_code >= 400 else {}
        _only_documented_rejections(case, response.status_code, problem)
