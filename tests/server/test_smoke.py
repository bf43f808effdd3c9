"""The server's main paths, end to end over HTTP (in-process ASGI) on a real SQLite file."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import httpx

from nuittui.models import (
    MAX_POLL_TIMEOUT,
    PROBLEM_MEDIA_TYPE,
    MessagePage,
    ProjectPublic,
    SwapPublic,
    SwapStatus,
    SyncBatch,
    UserPublic,
)

from .conftest import Register, UserClient


async def test_register_then_me(register: Register, api: httpx.AsyncClient) -> None:
    alice = await register("alice", city="toulouse", display_name="Alice A.", skills=["python"])
    assert alice.token.startswith("nuit_")

    me = UserPublic.model_validate((await alice.get("/v1/me")).json())

    assert (me.handle, me.display_name, me.city, me.skills) == ("alice", "Alice A.", "toulouse", ["python"])
    anonymous = await api.get("/v1/me")
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == PROBLEM_MEDIA_TYPE


async def test_revoked_token_is_refused(register: Register) -> None:
    alice = await register("alice")

    assert (await alice.post("/v1/auth/revoke")).status_code == 204

    assert (await alice.get("/v1/me")).status_code == 401


async def test_swap_claimed_by_another_city_then_resolved(register: Register) -> None:
    alice = await register("alice", city="lyon")
    bob = await register("bob", city="rennes")
    created = await alice.post(
        "/v1/swaps", json={"title": "KeyError dans pandas", "tags": ["Python"], "location": "salle 2"}
    )
    assert created.status_code == 201
    swap = SwapPublic.model_validate(created.json())
    assert (swap.status, swap.city, swap.author, swap.tags) == (SwapStatus.OPEN, "lyon", "alice", ["python"])

    own = await alice.post(f"/v1/swaps/{swap.id}/claim")
    claimed = await bob.post(f"/v1/swaps/{swap.id}/claim")
    resolved = await alice.post(f"/v1/swaps/{swap.id}/resolve", json={"thanks": "Merci Bob !", "rating": 5})

    assert own.status_code == 403
    assert claimed.status_code == 200
    assert SwapPublic.model_validate(claimed.json()).claimed_by == "bob"
    final = SwapPublic.model_validate(resolved.json())
    assert (final.status, final.claimed_by, final.thanks, final.rating) == (
        SwapStatus.RESOLVED,
        "bob",
        "Merci Bob !",
        5,
    )
    assert final.resolved_at is not None
    listed = (await bob.get("/v1/swaps", params={"status": "resolved"})).json()
    assert [s["id"] for s in listed] == [swap.id]


async def test_message_appears_in_history(register: Register) -> None:
    alice = await register("alice")
    bob = await register("bob", city="toulouse")

    for text in ("Bonsoir Lyon", "Bonsoir Toulouse", "Qui a du café ?"):
        assert (await alice.post("/v1/channels/all/messages", json={"body": text})).status_code == 201

    page = MessagePage.model_validate(
        (await bob.get("/v1/channels/all/messages", params={"limit": 2})).json()
    )
    assert [m.body for m in page.messages] == ["Bonsoir Toulouse", "Qui a du café ?"]
    assert page.has_more
    older = await bob.get("/v1/channels/all/messages", params={"before": page.messages[0].seq})
    assert [m["body"] for m in older.json()["messages"]] == ["Bonsoir Lyon"]


async def test_team_join_shows_on_project_and_user(register: Register, project: ProjectPublic) -> None:
    alice = await register("alice")

    joined = ProjectPublic.model_validate((await alice.post(f"/v1/projects/{project.id}/join")).json())
    again = await alice.post(f"/v1/projects/{project.id}/join")

    assert [m.handle for m in joined.members] == ["alice"]
    assert again.status_code == 200
    assert again.json()["members"] == joined.model_dump(mode="json")["members"]
    assert (await alice.get("/v1/me")).json()["team"] == project.id


async def test_waiting_poll_wakes_on_a_post(register: Register) -> None:
    alice = await register("alice")
    bob = await register("bob")
    start = SyncBatch.model_validate((await bob.get("/v1/sync")).json())
    assert start.reset and start.snapshot is not None

    params = {"since": start.cursor, "timeout": MAX_POLL_TIMEOUT}
    poll = asyncio.create_task(bob.get("/v1/sync", params=params))
    await asyncio.sleep(0.2)
    assert not poll.done(), "the poll answered before anything happened"
    posted = await alice.post("/v1/channels/all/messages", json={"body": "Réveillez-vous !"})

    # The poll answers on the commit, long before its timeout: the bound tells the two apart, it is
    # not a speed (a busy machine is slow, never 30 s slow).
    answer = SyncBatch.model_validate((await asyncio.wait_for(poll, timeout=MAX_POLL_TIMEOUT / 2)).json())
    assert not answer.reset
    assert [(e.type, e.data["body"]) for e in answer.events] == [("message.create", "Réveillez-vous !")]
    assert answer.cursor == answer.events[0].seq == posted.json()["seq"]


async def test_poll_with_nothing_new_answers_empty_at_timeout(register: Register) -> None:
    alice = await register("alice")
    cursor = (await alice.get("/v1/sync")).json()["cursor"]

    answer = await alice.get("/v1/sync", params={"since": cursor, "timeout": 0})

    assert answer.json() == {
        "cursor": cursor,
        "events": [],
        "has_more": False,
        "reset": False,
        "snapshot": None,
    }


async def test_idempotent_repeat_returns_the_same_answer(register: Register) -> None:
    alice = await register("alice")
    headers = {"Idempotency-Key": "swap-1"}
    body = {"title": "Mon Arduino ne répond plus"}

    first = await alice.post("/v1/swaps", json=body, headers=headers)
    repeat = await alice.post("/v1/swaps", json=body, headers=headers)
    other = await alice.post("/v1/swaps", json={"title": "Autre chose"}, headers=headers)

    assert first.status_code == repeat.status_code == 201
    assert repeat.json() == first.json()
    assert len((await alice.get("/v1/swaps")).json()) == 1
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]


async def test_event_key_echoes_the_idempotency_key(register: Register) -> None:
    alice: UserClient = await register("alice")
    cursor = (await alice.get("/v1/sync")).json()["cursor"]

    await alice.post("/v1/swaps", json={"title": "Besoin d'aide"}, headers={"Idempotency-Key": "k-42"})

    batch = SyncBatch.model_validate((await alice.get("/v1/sync", params={"since": cursor})).json())
    assert [(e.type, e.key) for e in batch.events] == [("swap.upsert", "k-42")]


async def test_unknown_route_is_a_problem(api: httpx.AsyncClient) -> None:
    response = await api.get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["status"] == 404


FIRST_REQUESTS = """
import asyncio, sys
import httpx
from nuittui.server.app import create_app
from tests.server.conftest import BASE_URL, JOIN_CODE, make_db


async def main() -> None:
    app = create_app(db_path=make_db(__import__("pathlib").Path(sys.argv[1])))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as api:
        joined = await api.post(
            "/v1/auth/register",
            json={"join_code": JOIN_CODE, "handle": "alice", "display_name": "Alice", "city": "lyon"},
        )
        me = {"Authorization": f"Bearer {joined.json()['token']}"}
        swap = await api.post("/v1/swaps", json={"title": "segfault"}, headers=me)
        said = await api.post("/v1/channels/all/messages", json={"body": "Bonsoir"}, headers=me)
        synced = await api.get("/v1/sync", headers=me)
    print(joined.status_code, swap.status_code, said.status_code, synced.status_code)


asyncio.run(main())
"""


def test_a_fresh_server_answers_its_first_requests_without_printing_warnings(tmp_path: Path) -> None:
    # In the demo the server shares the terminal with the app: a warning would be drawn over it.
    done = subprocess.run(
        [sys.executable, "-c", FIRST_REQUESTS, str(tmp_path / "city.db")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
        check=False,
    )

    assert done.stdout.split() == ["201", "201", "201", "200"], done.stderr
    assert done.stderr == ""
