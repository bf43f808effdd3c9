"""Idempotency-Key: a repeat answers the first result and does nothing; keys belong to one person
and one request; concurrent repeats do the work once (in-process and over real TCP threads)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from nuittui.models import SyncBatch

from .conftest import JOIN_CODE, THEME
from .helpers import assert_problem
from .route_cases import ITEM, MESSAGES, SCHEDULE_ITEM, Call, P, S, send
from .world import World

Count = Callable[[World], Awaitable[int]]


async def _count(world: World, path: str, key: str | None = None) -> int:
    body = (await world.alice.get(path)).json()
    return len(body[key] if key else body)


REPEATED: list[tuple[Call, Count]] = [
    (Call("bob", "POST", "/v1/swaps", json={"title": "Segfault"}), lambda w: _count(w, "/v1/swaps")),
    (
        Call("bob", "POST", MESSAGES, json={"body": "Une fois"}),
        lambda w: _count(w, "/v1/channels/all/messages", "messages"),
    ),
    (
        Call("organizer", "POST", "/v1/projects", json={"title": "Carto", "theme": THEME, "city": "lyon"}),
        lambda w: _count(w, "/v1/projects"),
    ),
    (Call("organizer", "POST", "/v1/schedule", json=SCHEDULE_ITEM), lambda w: _count(w, "/v1/schedule")),
    (
        Call("alice", "POST", f"{P}/progress", json={"text": "Ça marche", "stage": "testing"}),
        lambda w: _count(w, f"/v1/projects/{w.project.id}/progress"),
    ),
    (Call("carol", "POST", f"{P}/join"), lambda w: _count(w, "/v1/users")),
    (Call("bob", "POST", f"{S}/claim"), lambda w: _count(w, "/v1/swaps", None)),
    (Call("alice", "PATCH", "/v1/me", json={"availability": "busy"}), lambda w: _count(w, "/v1/users")),
    (Call("organizer", "DELETE", ITEM), lambda w: _count(w, "/v1/schedule")),
]


@pytest.mark.parametrize(("call", "count"), REPEATED, ids=[c.operation for c, _ in REPEATED])
async def test_repeat_answers_the_first_result_and_does_nothing(
    world: World, call: Call, count: Count
) -> None:
    keyed = Call(call.who, call.method, call.path, json=call.json, headers={"Idempotency-Key": "k-1"})

    first = await send(world, keyed)
    objects, cursor = await count(world), await world.cursor()
    repeat = await send(world, keyed)

    assert first.is_success, first.text
    assert (repeat.status_code, repeat.content) == (first.status_code, first.content)
    assert await count(world) == objects
    assert await world.cursor() == cursor, "the repeat wrote an event"


async def test_without_a_key_a_repeat_does_it_again(world: World) -> None:
    for _ in range(2):
        assert (await world.bob.post("/v1/swaps", json={"title": "Segfault"})).status_code == 201

    assert [s["title"] for s in (await world.bob.get("/v1/swaps", params={"author": "bob"})).json()] == [
        "Segfault",
        "Segfault",
    ]


async def test_a_repeat_answers_the_original_even_after_later_changes(world: World) -> None:
    key = {"Idempotency-Key": "claim-1"}
    claimed = await world.bob.post(f"/v1/swaps/{world.swap.id}/claim", headers=key)
    await world.bob.post(f"/v1/swaps/{world.swap.id}/release")
    cursor = await world.cursor()

    again = await world.bob.post(f"/v1/swaps/{world.swap.id}/claim", headers=key)

    assert again.json() == claimed.json() and again.json()["claimed_by"] == "bob"
    assert (await world.bob.get(f"/v1/swaps/{world.swap.id}")).json()["status"] == "open"
    assert await world.cursor() == cursor


@pytest.mark.parametrize(
    "other",
    [
        Call("bob", "POST", "/v1/swaps", json={"title": "Autre chose"}, note="other body"),
        Call("bob", "POST", MESSAGES, json={"body": "Segfault"}, note="other path"),
        Call("bob", "PATCH", "/v1/me", json={"display_name": "Segfault"}, note="other method"),
        Call(
            "bob",
            "POST",
            "/v1/swaps",
            json={"title": "Segfault", "tags": []},
            note="same meaning, other bytes",
        ),
    ],
    ids=lambda call: call.note,
)
async def test_same_key_with_another_request_is_422(world: World, other: Call) -> None:
    headers = {"Idempotency-Key": "k-2"}
    first = await world.bob.post("/v1/swaps", json={"title": "Segfault"}, headers=headers)
    cursor = await world.cursor()

    reused = await send(world, Call(other.who, other.method, other.path, json=other.json, headers=headers))

    assert first.status_code == 201
    problem = assert_problem(reused, 422)
    assert "Idempotency-Key" in problem.detail
    assert problem.errors is not None and problem.errors[0]["loc"] == ["header", "Idempotency-Key"]
    assert await world.cursor() == cursor


async def test_keys_belong_to_their_person(world: World) -> None:
    headers = {"Idempotency-Key": "mon-premier-swap"}
    body = {"title": "Besoin d'aide"}

    mine = await world.alice.post("/v1/swaps", json=body, headers=headers)
    theirs = await world.bob.post("/v1/swaps", json=body, headers=headers)
    theirs_again = await world.bob.post("/v1/swaps", json=body, headers=headers)

    assert mine.status_code == theirs.status_code == 201
    assert (mine.json()["author"], theirs.json()["author"]) == ("alice", "bob")
    assert mine.json()["id"] != theirs.json()["id"]
    assert theirs_again.json() == theirs.json()


async def test_concurrent_repeats_do_the_work_once(world: World) -> None:
    cursor = await world.cursor()
    headers = {"Idempotency-Key": "gather"}

    answers = await asyncio.gather(
        *(world.bob.post("/v1/swaps", json={"title": "Une seule fois"}, headers=headers) for _ in range(10))
    )

    assert {(a.status_code, a.content) for a in answers} == {(201, answers[0].content)}
    batch = SyncBatch.model_validate((await world.bob.get("/v1/sync", params={"since": cursor})).json())
    assert [(e.type, e.key) for e in batch.events] == [("swap.upsert", "gather")]


async def test_concurrent_requests_sharing_a_key_one_wins(world: World) -> None:
    headers = {"Idempotency-Key": "race"}

    answers = await asyncio.gather(
        *(world.bob.post("/v1/swaps", json={"title": f"Version {n}"}, headers=headers) for n in range(6))
    )

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201, 422, 422, 422, 422, 422]
    assert len((await world.bob.get("/v1/swaps", params={"author": "bob"})).json()) == 1


def test_concurrent_repeats_over_tcp_threads_do_the_work_once(live_url: str) -> None:
    with httpx.Client(base_url=live_url, timeout=10) as client:
        registration = {"join_code": JOIN_CODE, "handle": "zoe", "display_name": "Zoé", "city": "lyon"}
        token = client.post("/v1/auth/register", json=registration).json()["token"]
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "threads"}
    start = threading.Barrier(8)

    def post(_: int) -> httpx.Response:
        # One connection per thread, all released at once: real concurrency in the server.
        with httpx.Client(base_url=live_url, headers=headers, timeout=10) as client:
            start.wait()
            return client.post("/v1/swaps", json={"title": "Par TCP"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(post, range(8)))

    assert {(a.status_code, a.content) for a in answers} == {(201, answers[0].content)}
    with httpx.Client(base_url=live_url, headers={"Authorization": headers["Authorization"]}) as client:
        assert len(client.get("/v1/swaps").json()) == 1
        snapshot = client.get("/v1/sync").json()["snapshot"]
    assert [s["title"] for s in snapshot["swaps"]] == ["Par TCP"]
