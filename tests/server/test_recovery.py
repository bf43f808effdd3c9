"""Recovery codes: an organizer gives a participant who lost their token (or is on a second laptop)
a one-time code, and the participant trades it for a new token."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from nuittui.models import utcnow
from nuittui.server.settings import ServerSettings

from .conftest import BASE_URL, UserClient
from .helpers import assert_problem
from .orgworld import OrgWorld

RECOVER = "/v1/auth/recover"


async def _code(
    world: OrgWorld, handle: str = "carol", *, by: str = "orga_lyon", revoke: bool = False
) -> str:
    answer = await world.as_(by).post(f"/v1/users/{handle}/recovery", json={"revoke_tokens": revoke})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["code"])


async def test_a_second_laptop_gets_a_token_and_the_first_keeps_working(org_world: OrgWorld) -> None:
    issued = await org_world.as_("orga_lyon").post("/v1/users/Carol/recovery")
    code = issued.json()["code"]

    redeemed = await org_world.api.post(
        RECOVER, json={"handle": "carol", "code": code.upper().replace("-", " ")}
    )
    again = await org_world.api.post(RECOVER, json={"handle": "carol", "code": code})

    body = issued.json()
    assert (body["handle"], body["revoked_tokens"]) == ("carol", 0)
    assert len(code) == 14 and code.count("-") == 2
    left = datetime.fromisoformat(body["expires_at"]) - utcnow()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    assert redeemed.status_code == 201, redeemed.text
    token = redeemed.json()["token"]
    assert token.startswith("nuit_") and redeemed.json()["user"]["handle"] == "carol"
    second = UserClient(app=org_world.app, token=token, user=org_world.as_("carol").user)
    async with second:
        assert (await second.get("/v1/me")).json()["handle"] == "carol"
    assert (await org_world.as_("carol").get("/v1/me")).status_code == 200, "the first laptop still works"
    assert "wrong, used or expired" in assert_problem(again, 403).detail, "single use"


async def test_a_lost_laptop_revokes_every_old_token_at_once(org_world: OrgWorld) -> None:
    carol = org_world.as_("carol")
    assert (await carol.get("/v1/me")).status_code == 200  # cached

    issued = await org_world.as_("chef").post("/v1/users/carol/recovery", json={"revoke_tokens": True})
    old = await carol.get("/v1/me")
    redeemed = await org_world.api.post(RECOVER, json={"handle": "carol", "code": issued.json()["code"]})

    assert issued.json()["revoked_tokens"] == 1
    assert_problem(old, 401)
    assert redeemed.status_code == 201


async def test_the_code_is_stored_as_a_digest_only(org_world: OrgWorld) -> None:
    code = await _code(org_world)

    db = Path(str(org_world.app.state.store.engine.url.database))
    content = b"".join(p.read_bytes() for p in db.parent.glob(f"{db.name}*"))  # the file, its WAL
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT digest FROM recovery_codes").fetchall()

    for text in (code, code.replace("-", "")):
        assert text.encode() not in content
    assert len(stored) == 1 and len(stored[0][0]) == 64


async def test_a_new_code_replaces_the_earlier_one(org_world: OrgWorld) -> None:
    first = await _code(org_world)
    second = await _code(org_world, by="chef")

    old = await org_world.api.post(RECOVER, json={"handle": "carol", "code": first})
    new = await org_world.api.post(RECOVER, json={"handle": "carol", "code": second})

    assert_problem(old, 403)
    assert new.status_code == 201


class TestExpiry:
    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(recovery_code_minutes=0.001)  # 60 ms

    async def test_an_expired_code_is_refused(self, org_world: OrgWorld) -> None:
        code = await _code(org_world)
        await asyncio.sleep(0.2)

        assert_problem(await org_world.api.post(RECOVER, json={"handle": "carol", "code": code}), 403)


async def test_who_may_issue_a_code(org_world: OrgWorld) -> None:
    other_city = await org_world.as_("orga_rennes").post("/v1/users/carol/recovery")
    participant = await org_world.as_("alice").post("/v1/users/carol/recovery")
    for_an_organizer = await org_world.as_("chef").post("/v1/users/orga_lyon/recovery")
    suspended = await org_world.as_("chef").post("/v1/users/sam/recovery")

    assert assert_problem(other_city, 403).detail.startswith("you organize rennes, not lyon")
    assert_problem(participant, 403)
    assert "organizer token" in assert_problem(for_an_organizer, 403).detail
    assert "suspended" in assert_problem(suspended, 409).detail


async def test_a_suspension_burns_a_live_code(org_world: OrgWorld) -> None:
    code = await _code(org_world)
    await org_world.as_("orga_lyon").post("/v1/users/carol/suspend")
    await org_world.as_("orga_lyon").post("/v1/users/carol/unsuspend")

    assert_problem(await org_world.api.post(RECOVER, json={"handle": "carol", "code": code}), 403)


async def test_guessing_is_limited_per_handle_and_address_and_the_code_burns_after_ten_misses(
    org_world: OrgWorld,
) -> None:
    code = await _code(org_world)
    wrong = {"handle": "carol", "code": "aaaa-bbbb-cccc"}

    answers = [(await org_world.api.post(RECOVER, json=wrong)).status_code for _ in range(7)]
    right_from_here = await org_world.api.post(RECOVER, json={"handle": "carol", "code": code})
    # From other addresses (a botnet) the per-address limits see nothing; the count kept on the code
    # does: five misses here, five more from elsewhere make ten.
    for n in range(5):
        elsewhere = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=org_world.app, client=(f"203.0.113.{n}", 4000)),
            base_url=BASE_URL,
        )
        async with elsewhere:
            assert (await elsewhere.post(RECOVER, json=wrong)).status_code == 403
    elsewhere = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=org_world.app, client=("198.51.100.1", 4000)), base_url=BASE_URL
    )
    async with elsewhere:
        right_after_burning = await elsewhere.post(RECOVER, json={"handle": "carol", "code": code})

    assert answers == [403, 403, 403, 403, 403, 429, 429]
    assert right_from_here.status_code == 429, "refused before the code is even checked"
    assert int(right_from_here.headers["retry-after"]) >= 1
    assert_problem(right_after_burning, 403)


async def test_unknown_handles_and_people_without_a_code_look_alike(org_world: OrgWorld) -> None:
    unknown = await org_world.api.post(RECOVER, json={"handle": "personne", "code": "aaaa-bbbb-cccc"})
    no_code = await org_world.api.post(RECOVER, json={"handle": "dan", "code": "aaaa-bbbb-cccc"})

    assert assert_problem(unknown, 403).detail == assert_problem(no_code, 403).detail


async def test_a_retry_whose_answer_was_lost_gets_a_new_token_and_the_lost_one_dies(
    org_world: OrgWorld,
) -> None:
    code = await _code(org_world)
    key = {"Idempotency-Key": "recover-1"}
    body = {"handle": "carol", "code": code}

    first = await org_world.api.post(RECOVER, json=body, headers=key)
    retry = await org_world.api.post(RECOVER, json=body, headers=key)
    other_body = await org_world.api.post(RECOVER, json={**body, "code": code.upper()}, headers=key)

    assert first.status_code == retry.status_code == 201
    assert first.json()["token"] != retry.json()["token"]
    lost = UserClient(app=org_world.app, token=first.json()["token"], user=org_world.as_("carol").user)
    kept = UserClient(app=org_world.app, token=retry.json()["token"], user=org_world.as_("carol").user)
    async with lost, kept:
        assert_problem(await lost.get("/v1/me"), 401)
        assert (await kept.get("/v1/me")).status_code == 200
    assert_problem(other_body, 422)


async def test_redeeming_is_in_the_audit_log_never_the_code(org_world: OrgWorld) -> None:
    code = await _code(org_world)
    await org_world.api.post(RECOVER, json={"handle": "carol", "code": code})

    log = (await org_world.as_("orga_lyon").get("/v1/audit", params={"limit": 2})).json()

    assert [(e["actor"], e["action"], e["target"]) for e in log] == [
        ("carol", "user.recovered", "user carol"),
        ("orga_lyon", "user.recovery", "user carol"),
    ]
    assert log[0]["detail"] == "with the code of orga_lyon"
    assert log[1]["detail"].endswith("0 token(s) revoked")
    assert all(code not in e["detail"] for e in log)
