"""Every operation of the API: its success, and every error status its document declares.

The calls are in ``route_cases.py``; the last test checks that the OpenAPI document declares
exactly the statuses exercised here, so a new route or a new declared status needs a test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from nuittui.models import (
    SUSPENDED_PROBLEM,
    AuditEntry,
    EventPublic,
    MessagePage,
    MessagePublic,
    Problem,
    ProgressReport,
    ProjectPublic,
    RecoveryCode,
    RegisterResponse,
    ScheduleItemPublic,
    SwapPublic,
    SyncBatch,
    UserPublic,
)
from nuittui.models.limits import MAX_BODY_BYTES
from nuittui.server.settings import ServerSettings

from .conftest import CITIES, THEME
from .helpers import assert_problem
from .route_cases import (
    ERRORS,
    HIDE,
    ITEM,
    MEMBER,
    MESSAGES,
    OPERATIONS,
    ORGANIZER_ONLY,
    PUBLIC,
    RECOVER,
    SCHEDULE_ITEM,
    USER,
    WRITES,
    Call,
    P,
    S,
    alice_cancels,
    alice_posts_in_lyon,
    bob_claims,
    carol_gets_a_code,
    carol_is_suspended,
    organizer_hides_a_message,
    registration,
    send,
)
from .world import World

Check = Callable[[World, Any], bool]


SUCCESS: list[tuple[int, Call, type | None, Check]] = [
    (
        200,
        Call("api", "GET", "/v1/event"),
        EventPublic,
        lambda w, b: [c["id"] for c in b["cities"]] == list(CITIES),
    ),
    (
        200,
        Call("api", "GET", "/v1/schedule.json", params={"city": "lyon"}),
        None,
        lambda w, b: b["schedule"]["conference"]["time_zone_name"] == "Europe/Paris",
    ),
    (
        200,
        Call(
            "organizer", "PATCH", "/v1/event", json={"name": "Nuit 2017", "jury_at": "2017-03-05T14:00:00Z"}
        ),
        EventPublic,
        lambda w, b: (
            b["name"] == "Nuit 2017"
            and set(b["jury_at_by_city"]) == set(CITIES)
            and {EventPublic.model_validate(b).jury_for(c).hour for c in CITIES} == {14}
        ),
    ),
    (
        201,
        Call("api", "POST", RECOVER, json={"handle": "CAROL", "code": "{code}"}, before=carol_gets_a_code),
        RegisterResponse,
        lambda w, b: b["token"].startswith("nuit_") and b["user"]["handle"] == "carol",
    ),
    (
        200,
        Call("organizer", "POST", HIDE, json={"reason": "hors sujet"}, before=alice_posts_in_lyon),
        MessagePublic,
        lambda w, b: (b["id"], b["hidden"], b["body"], b["author"]) == (1, True, "", "alice"),
    ),
    (
        200,
        Call("organizer", "POST", f"{USER}/suspend", args={"handle": "Carol"}),
        UserPublic,
        lambda w, b: (b["handle"], b["suspended"]) == ("carol", True),
    ),
    (
        200,
        Call("organizer", "POST", f"{USER}/unsuspend", args={"handle": "carol"}, before=carol_is_suspended),
        UserPublic,
        lambda w, b: (b["handle"], b["suspended"]) == ("carol", False),
    ),
    (
        201,
        Call(
            "organizer", "POST", f"{USER}/recovery", json={"revoke_tokens": False}, args={"handle": "carol"}
        ),
        RecoveryCode,
        lambda w, b: (len(b["code"]), b["handle"], b["revoked_tokens"]) == (14, "carol", 0),
    ),
    (
        200,
        Call("organizer", "POST", MEMBER, json={"reason": "absente"}),
        ProjectPublic,
        lambda w, b: b["members"] == [],
    ),
    (
        200,
        Call("organizer", "GET", "/v1/audit", params={"limit": 5}, before=organizer_hides_a_message),
        AuditEntry,
        lambda w, b: (
            len(b) <= 5
            and (b[0]["actor"], b[0]["action"], b[0]["target"], b[0]["city"])
            == ("orga", "message.hide", "message 1", "lyon")
            and b[0]["detail"] == "in city:lyon by alice: hors sujet"
        ),
    ),
    (200, Call("api", "GET", "/v1/schedule.ics"), None, lambda w, b: b.startswith("BEGIN:VCALENDAR")),
    (304, Call("api", "GET", "/v1/schedule.json", headers={"If-None-Match": "*"}), None, lambda w, b: True),
    (304, Call("api", "GET", "/v1/schedule.ics", headers={"If-None-Match": "*"}), None, lambda w, b: True),
    (
        201,
        Call("api", "POST", "/v1/auth/register", json=registration("zoe")),
        RegisterResponse,
        lambda w, b: b["token"].startswith("nuit_") and b["user"]["handle"] == "zoe",
    ),
    (204, Call("carol", "POST", "/v1/auth/revoke"), None, lambda w, b: b is None),
    (200, Call("alice", "GET", "/v1/me"), UserPublic, lambda w, b: b["team"] == w.project.id),
    (
        200,
        Call("alice", "PATCH", "/v1/me", json={"availability": "away", "skills": ["Rust"]}),
        UserPublic,
        lambda w, b: (b["availability"], b["skills"]) == ("away", ["Rust"]),
    ),
    (
        200,
        Call("alice", "GET", "/v1/users", params={"city": "rennes"}),
        UserPublic,
        lambda w, b: [u["handle"] for u in b] == ["bob"],
    ),
    (
        200,
        Call("bob", "GET", "/v1/users/{handle}", args={"handle": "ALICE"}),
        UserPublic,
        lambda w, b: b["handle"] == "alice",
    ),
    (
        200,
        Call("bob", "GET", "/v1/projects", params={"theme": THEME, "city": "lyon", "looking": "true"}),
        ProjectPublic,
        lambda w, b: [p["id"] for p in b] == [w.project.id],
    ),
    (
        201,
        Call("organizer", "POST", "/v1/projects", json={"title": "Carto", "theme": THEME, "city": "rennes"}),
        ProjectPublic,
        lambda w, b: (b["city"], b["members"], b["looking_for_members"]) == ("rennes", [], True),
    ),
    (
        200,
        Call("bob", "GET", P),
        ProjectPublic,
        lambda w, b: [m["handle"] for m in b["members"]] == ["alice"],
    ),
    (
        200,
        Call("organizer", "PATCH", P, json={"title": "Signes"}),
        ProjectPublic,
        lambda w, b: b["title"] == "Signes",
    ),
    (
        200,
        Call("carol", "POST", f"{P}/join"),
        ProjectPublic,
        lambda w, b: [m["handle"] for m in b["members"]] == ["alice", "carol"],
    ),
    (200, Call("alice", "POST", f"{P}/leave"), ProjectPublic, lambda w, b: b["members"] == []),
    (200, Call("bob", "GET", f"{P}/progress"), None, lambda w, b: b == []),
    (
        201,
        Call("alice", "POST", f"{P}/progress", json={"text": "Prototype", "stage": "testing"}),
        None,
        lambda w, b: (b["author"], b["stage"], b["city"]) == ("alice", "testing", "lyon"),
    ),
    (
        200,
        Call(
            "bob",
            "GET",
            "/v1/swaps",
            params={"status": "open", "city": "lyon", "tag": "PYTHON", "author": "alice"},
        ),
        SwapPublic,
        lambda w, b: [s["id"] for s in b] == [w.swap.id],
    ),
    (
        201,
        Call("bob", "POST", "/v1/swaps", json={"title": "Docker refuse", "tags": ["Docker"]}),
        SwapPublic,
        lambda w, b: (
            (b["city"], b["author"], b["status"], b["tags"]) == ("rennes", "bob", "open", ["docker"])
        ),
    ),
    (200, Call("bob", "GET", S), SwapPublic, lambda w, b: b["id"] == w.swap.id),
    (
        200,
        Call("bob", "POST", f"{S}/claim"),
        SwapPublic,
        lambda w, b: (b["status"], b["claimed_by"]) == ("claimed", "bob"),
    ),
    (
        200,
        Call("bob", "POST", f"{S}/release", before=bob_claims),
        SwapPublic,
        lambda w, b: (b["status"], b["claimed_by"], b["claimed_at"]) == ("open", None, None),
    ),
    (
        200,
        Call("alice", "POST", f"{S}/resolve", json={"thanks": "Merci !", "rating": 5}),
        SwapPublic,
        lambda w, b: (b["status"], b["thanks"], b["rating"]) == ("resolved", "Merci !", 5),
    ),
    (200, Call("alice", "POST", f"{S}/cancel"), SwapPublic, lambda w, b: b["status"] == "cancelled"),
    (
        200,
        Call("alice", "POST", f"{S}/reopen", before=alice_cancels),
        SwapPublic,
        lambda w, b: b["status"] == "open",
    ),
    (
        200,
        Call("bob", "GET", "/v1/channels"),
        None,
        lambda w, b: (
            [c["id"] for c in b]
            == ["all", *(f"city:{c}" for c in CITIES), f"team:{w.project.id}", f"swap:{w.swap.id}"]
        ),
    ),
    (
        200,
        Call("bob", "GET", MESSAGES, args={"channel": "swap:{swap_id}"}),
        MessagePage,
        lambda w, b: (b["channel"], b["messages"], b["has_more"]) == (f"swap:{w.swap.id}", [], False),
    ),
    (
        201,
        Call("bob", "POST", MESSAGES, json={"body": "Salut Lyon !"}, args={"channel": "city:lyon"}),
        None,
        lambda w, b: (b["channel"], b["author"], b["announcement"]) == ("city:lyon", "bob", False),
    ),
    (
        200,
        Call("bob", "GET", "/v1/schedule", params={"city": "rennes"}),
        ScheduleItemPublic,
        lambda w, b: [i["id"] for i in b] == [w.item.id],
    ),
    (
        201,
        Call("organizer", "POST", "/v1/schedule", json={**SCHEDULE_ITEM, "city": "lyon", "kind": "jury"}),
        ScheduleItemPublic,
        lambda w, b: (b["city"], b["kind"]) == ("lyon", "jury"),
    ),
    (
        200,
        Call("organizer", "PATCH", ITEM, json={"room": "Cuisine"}),
        ScheduleItemPublic,
        lambda w, b: b["room"] == "Cuisine",
    ),
    (204, Call("organizer", "DELETE", ITEM), None, lambda w, b: b is None),
    (
        200,
        Call("bob", "GET", "/v1/progress"),
        ProgressReport,
        lambda w, b: (
            [(c["city"], c["participants"], c["teams"], c["swaps_open"]) for c in b["cities"]]
            == [("lyon", 2, 1, 1), ("toulouse", 0, 0, 0), ("rennes", 1, 0, 0)]
        ),
    ),
    (
        200,
        Call("bob", "GET", "/v1/sync"),
        SyncBatch,
        lambda w, b: (
            b["reset"] and {u["handle"] for u in b["snapshot"]["users"]} == {"alice", "bob", "carol", "orga"}
        ),
    ),
]


@pytest.mark.parametrize(
    ("status", "call", "model", "check"), SUCCESS, ids=[c.id(s) for s, c, _, _ in SUCCESS]
)
async def test_success(world: World, status: int, call: Call, model: type | None, check: Check) -> None:
    response = await send(world, call)

    assert response.status_code == status, response.text
    body: Any = None
    if status in (204, 304):
        assert response.content == b""
    elif response.headers["content-type"] == "text/calendar; charset=utf-8":
        body = response.text
    else:
        assert response.headers["content-type"] == "application/json"
        body = response.json()
    if model is not None:
        for item in body if isinstance(body, list) else [body]:
            model.model_validate(item)
    assert check(world, body)


@pytest.mark.parametrize(("status", "call"), ERRORS, ids=[c.id(s) for s, c in ERRORS])
async def test_error(world: World, status: int, call: Call) -> None:
    response = await send(world, call)

    assert_problem(response, status)


AUTHED = [op for op in OPERATIONS if op not in PUBLIC]


@pytest.mark.parametrize(("method", "path"), AUTHED, ids=[f"{m} {p}" for m, p in AUTHED])
async def test_no_or_unknown_token_is_401(world: World, method: str, path: str) -> None:
    call = Call("api", method, path)
    stranger = {"Authorization": "Bearer nuit_" + "A" * 43}

    anonymous = await send(world, call)
    unknown = await send(world, Call("api", method, path, headers=stranger))

    for response in (anonymous, unknown):
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path"), AUTHED, ids=[f"{m} {p}" for m, p in AUTHED])
async def test_a_suspended_account_is_403_on_every_route(world: World, method: str, path: str) -> None:
    assert (await world.carol.get("/v1/me")).status_code == 200  # her token is known (cached) first
    suspended = await world.organizer.post("/v1/users/carol/suspend")
    assert suspended.status_code == 200, suspended.text
    cursor = await world.cursor()

    response = await send(world, Call("carol", method, path, json={}, params={"since": cursor}))

    problem = Problem.model_validate(response.json())
    assert (response.status_code, problem.type) == (403, SUSPENDED_PROBLEM), response.text
    assert "suspended" in problem.detail
    assert await world.cursor() == cursor, "a suspended account changed something"


WRITE_CALLS = [*WRITES, ("POST", "/v1/auth/register")]


@pytest.mark.parametrize(("method", "path"), WRITES, ids=[f"{m} {p}" for m, p in WRITES])
async def test_body_over_64_kib_is_413(world: World, method: str, path: str) -> None:
    before = (await world.alice.get("/v1/sync", params={"timeout": 0})).json()["cursor"]
    who = "organizer" if (method, path) in ORGANIZER_ONLY else "alice"
    # Valid JSON, so only its size can be the reason.
    body = {"body": "x" * (MAX_BODY_BYTES - 10)}

    response = await send(world, Call(who, method, path, json=body))

    problem = assert_problem(response, 413)
    assert str(MAX_BODY_BYTES) in problem.detail
    after = (await world.alice.get("/v1/sync", params={"timeout": 0})).json()["cursor"]
    assert after == before, "a refused body changed something"


class TestRateLimited:
    """A budget of two writes per token that does not refill during the test."""

    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(write_burst=2, write_rate=0.001, register_burst=2, register_rate=0.001)

    @staticmethod
    async def _drain(client: httpx.AsyncClient) -> None:
        for _ in range(3):
            if (await client.post("/v1/channels/all/messages", json={"body": "."})).status_code == 429:
                return
        raise AssertionError("the write budget never ran out")

    @pytest.mark.parametrize(("method", "path"), WRITES, ids=[f"{m} {p}" for m, p in WRITES])
    async def test_writes_past_the_budget_are_429(self, world: World, method: str, path: str) -> None:
        who = "organizer" if (method, path) in ORGANIZER_ONLY else "carol"
        await self._drain(getattr(world, who))

        response = await send(world, Call(who, method, path, json={}))

        assert_problem(response, 429)
        assert int(response.headers["retry-after"]) >= 1
        assert (await getattr(world, who).get("/v1/me")).status_code == 200, "reads are not limited"

    async def test_registrations_past_the_budget_are_429(self, world: World) -> None:
        answers = [await world.api.post("/v1/auth/register", json=registration(f"p{n}")) for n in range(3)]

        assert [a.status_code for a in answers][:2] == [201, 201]
        assert_problem(answers[-1], 429)
        assert int(answers[-1].headers["retry-after"]) >= 1


async def test_register_body_over_64_kib_is_413(world: World) -> None:
    body = registration("zoe") | {"display_name": "x" * MAX_BODY_BYTES}

    assert_problem(await world.api.post("/v1/auth/register", json=body), 413)
    assert (await world.alice.get("/v1/users/zoe")).status_code == 404


def _declared(document: dict[str, Any]) -> dict[tuple[str, str], set[int]]:
    return {
        (method.upper(), path): {int(status) for status in operation["responses"]}
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


async def test_document_declares_exactly_what_is_tested(world: World) -> None:
    declared = _declared((await world.api.get("/openapi.json")).json())
    tested: dict[tuple[str, str], set[int]] = {op: set() for op in OPERATIONS}
    for status, call, *_ in [*SUCCESS, *ERRORS]:
        tested[(call.method, call.path)].add(status)
    for op in AUTHED:
        tested[op] |= {401, 403}
    for op in WRITE_CALLS:
        tested[op] |= {413, 429}

    assert declared == tested
