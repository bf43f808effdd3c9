"""The sync stream: paging without loss or repeats, resets, and a snapshot that the events rebuild."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from nuittui.models import MAX_POLL_TIMEOUT, Snapshot, SyncBatch, SyncEvent, apply_events
from nuittui.server.app import create_app
from nuittui.server.settings import ServerSettings

from .conftest import BASE_URL, Register, UserClient


async def _busy_evening(register: Register, organizer: UserClient, project_id: int) -> list[UserClient]:
    """A little of everything the stream carries."""
    alice = await register("alice", city="lyon")
    bob = await register("bob", city="rennes")
    await alice.post(f"/v1/projects/{project_id}/join")
    await alice.post(
        f"/v1/projects/{project_id}/progress", json={"text": "Maquette prête", "stage": "building"}
    )
    swap = (await alice.post("/v1/swaps", json={"title": "Soudure froide ?", "tags": ["arduino"]})).json()
    await bob.post(f"/v1/swaps/{swap['id']}/claim")
    await alice.post(f"/v1/channels/team:{project_id}/messages", json={"body": "On avance !"})
    await bob.post(f"/v1/channels/swap:{swap['id']}/messages", json={"body": "J'arrive"})
    await alice.patch("/v1/me", json={"display_name": "Alice la soudeuse", "availability": "busy"})
    item = await organizer.post(
        "/v1/schedule",
        json={"title": "Pizza", "starts_at": "2017-03-04T19:00:00Z", "ends_at": "2017-03-04T20:00:00Z"},
    )
    await organizer.patch(f"/v1/schedule/{item.json()['id']}", json={"room": "Cuisine"})
    await organizer.delete(f"/v1/schedule/{item.json()['id']}")
    await alice.post(f"/v1/swaps/{swap['id']}/resolve", json={"thanks": "Merci", "rating": 4})
    await alice.post(f"/v1/projects/{project_id}/leave")
    return [alice, bob]


async def _pages(client: httpx.AsyncClient, since: int, limit: int) -> list[SyncBatch]:
    pages = []
    while True:
        batch = SyncBatch.model_validate(
            (await client.get("/v1/sync", params={"since": since, "limit": limit, "timeout": 0})).json()
        )
        pages.append(batch)
        since = batch.cursor
        if not batch.has_more:
            return pages


async def test_events_rebuild_the_snapshot(register: Register, organizer: UserClient, project) -> None:
    start = SyncBatch.model_validate((await organizer.get("/v1/sync")).json())
    assert start.reset and start.snapshot is not None

    await _busy_evening(register, organizer, project.id)
    events: list[SyncEvent] = [e for page in await _pages(organizer, start.cursor, 4) for e in page.events]
    fresh = SyncBatch.model_validate((await organizer.get("/v1/sync")).json())

    assert fresh.snapshot is not None
    assert [e.seq for e in events] == list(range(start.cursor + 1, fresh.cursor + 1))
    assert apply_events(start.snapshot, events) == fresh.snapshot


async def test_pages_cover_every_event_once(register: Register, organizer: UserClient, project) -> None:
    await _busy_evening(register, organizer, project.id)
    cursor = (await organizer.get("/v1/sync")).json()["cursor"]

    pages = await _pages(organizer, 0, 5)

    seqs = [e.seq for page in pages for e in page.events]
    assert seqs == list(range(1, cursor + 1))
    assert all(page.has_more for page in pages[:-1]) and not pages[-1].has_more
    assert [page.cursor for page in pages] == [page.events[-1].seq for page in pages]


@pytest.fixture
def tiny_tail_app(db_path: Path) -> FastAPI:
    """An app whose memory tail holds two events: older cursors are answered from the database."""
    return create_app(db_path=db_path, settings=ServerSettings(tail_events=2))


async def test_pages_from_the_database_match_the_tail(tiny_tail_app: FastAPI, app: FastAPI, register) -> None:
    # Same database, two apps: ``app`` writes and keeps a large tail, the other reads a tiny one.
    alice = await register("alice")
    for n in range(12):
        await alice.post("/v1/channels/all/messages", json={"body": f"message {n}"})
    headers = {"Authorization": f"Bearer {alice.token}"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=tiny_tail_app), base_url=BASE_URL, headers=headers
    ) as other:
        from_db = await _pages(other, 0, 5)
    from_tail = await _pages(alice, 0, 5)

    assert [p.model_dump() for p in from_db] == [p.model_dump() for p in from_tail]


async def test_unknown_cursors_get_a_reset(register: Register) -> None:
    alice = await register("alice")
    cursor = (await alice.get("/v1/sync")).json()["cursor"]

    ahead = SyncBatch.model_validate((await alice.get("/v1/sync", params={"since": cursor + 100})).json())

    assert ahead.reset and ahead.cursor == cursor
    assert ahead.snapshot is not None and [u.handle for u in ahead.snapshot.users] == ["alice"]


class TestPruning:
    """Only a handful of events kept, pruned on every write: old cursors fall behind quickly."""

    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(max_events=3, prune_interval_seconds=0)

    async def test_cursor_behind_pruned_events_gets_a_reset(self, register: Register) -> None:
        alice = await register("alice")
        for n in range(6):
            await alice.post("/v1/channels/all/messages", json={"body": f"m{n}"})

        behind = SyncBatch.model_validate((await alice.get("/v1/sync", params={"since": 1})).json())
        recent = await alice.get("/v1/sync", params={"since": behind.cursor - 2})

        assert behind.reset and isinstance(behind.snapshot, Snapshot)
        assert [m.body for m in behind.snapshot.messages] == [f"m{n}" for n in range(6)]
        assert not recent.json()["reset"]
        assert [e["data"]["body"] for e in recent.json()["events"]] == ["m4", "m5"]


async def test_every_waiting_poll_wakes(register: Register) -> None:
    alice = await register("alice")
    cursor = (await alice.get("/v1/sync")).json()["cursor"]
    params = {"since": cursor, "timeout": MAX_POLL_TIMEOUT}
    polls = [asyncio.create_task(alice.get("/v1/sync", params=params)) for _ in range(50)]
    await asyncio.sleep(0.3)  # most are waiting by now; one that is not answers at once all the same

    await alice.post("/v1/channels/all/messages", json={"body": "Tout le monde ?"})

    # Woken by the commit, not timed out: the bound tells the two apart, it is not a speed.
    answers = await asyncio.wait_for(asyncio.gather(*polls), timeout=MAX_POLL_TIMEOUT / 2)
    assert {tuple(e["seq"] for e in a.json()["events"]) for a in answers} == {(cursor + 1,)}
