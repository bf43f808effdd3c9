"""``GET /v1/sync``: waking on commit, paging without gaps, resets, and a stream that rebuilds the state.

Complements ``test_sync_stream.py`` (which pages a small evening and checks the memory tail
against the database); here: wake latency, concurrent writers, age-based pruning, and a long,
varied evening whose events must rebuild the snapshot exactly.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from nuittui.models import MAX_POLL_TIMEOUT, Snapshot, SyncBatch, SyncEvent, apply_events
from nuittui.server.settings import ServerSettings

from .conftest import THEME
from .world import World

WOKEN_WITHIN = MAX_POLL_TIMEOUT / 2
"""A poll that waits the API's longest timeout and answers before half of it was woken, not timed out.

Not a speed (the benchmarks measure that): the bound only tells "woken" from "timed out", so
a busy machine cannot make it fail.
"""


def ok(response: httpx.Response) -> httpx.Response:
    """The response, which must be a success."""
    assert response.is_success, response.text
    return response


async def _batch(client: httpx.AsyncClient, **params: object) -> SyncBatch:
    response = await client.get("/v1/sync", params=params)
    assert response.status_code == 200, response.text
    return SyncBatch.model_validate(response.json())


async def _events_since(
    client: httpx.AsyncClient, since: int, limit: int
) -> tuple[list[SyncEvent], list[SyncBatch]]:
    events: list[SyncEvent] = []
    pages: list[SyncBatch] = []
    while True:
        page = await _batch(client, since=since, limit=limit, timeout=0)
        assert not page.reset
        pages.append(page)
        events += page.events
        since = page.cursor
        if not page.has_more:
            return events, pages


async def test_a_waiting_poll_wakes_on_the_commit(world: World) -> None:
    latencies = []
    for n in range(10):
        cursor = await world.cursor()
        params = {"since": cursor, "timeout": MAX_POLL_TIMEOUT}
        poll = asyncio.create_task(world.bob.get("/v1/sync", params=params))
        await asyncio.sleep(0.05)
        assert not poll.done(), "the poll answered before anything happened"
        woken_at: list[float] = []
        poll.add_done_callback(lambda _, woken=woken_at: woken.append(time.perf_counter()))

        posted_at = time.perf_counter()
        await world.alice.post("/v1/channels/all/messages", json={"body": f"réveil {n}"})
        answer = SyncBatch.model_validate((await asyncio.wait_for(poll, timeout=WOKEN_WITHIN)).json())

        assert [e.data["body"] for e in answer.events] == [f"réveil {n}"]
        latencies.append(woken_at[0] - posted_at)
    # Each answered on the commit, not at its timeout (how fast is the benchmarks' business).
    assert max(latencies) < WOKEN_WITHIN, latencies


class TestTimeoutZero:
    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(default_poll_timeout=MAX_POLL_TIMEOUT)

    async def test_timeout_zero_answers_at_once(self, world: World) -> None:
        cursor = await world.cursor()

        started = time.perf_counter()
        answer = await _batch(world.bob, since=cursor, timeout=0)

        # At once, not after the server's default wait (made the longest here, so a busy machine
        # cannot be mistaken for it).
        assert time.perf_counter() - started < WOKEN_WITHIN
        assert (answer.cursor, answer.events, answer.has_more, answer.reset) == (cursor, [], False, False)


class TestShortPolls:
    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(max_poll_timeout=0.3)

    async def test_the_server_caps_the_wait(self, world: World) -> None:
        cursor = await world.cursor()

        started = time.perf_counter()
        answer = await _batch(world.bob, since=cursor, timeout=MAX_POLL_TIMEOUT)

        assert 0.25 < time.perf_counter() - started < WOKEN_WITHIN  # the cap, not the asked wait
        assert (answer.cursor, answer.events) == (cursor, [])


async def test_a_cursor_from_the_future_resets_without_waiting(world: World) -> None:
    cursor = await world.cursor()

    started = time.perf_counter()
    answer = await _batch(world.bob, since=cursor + 1000, timeout=MAX_POLL_TIMEOUT)

    assert time.perf_counter() - started < WOKEN_WITHIN, "it waited for events that cannot come"
    assert answer.reset and answer.cursor == cursor and answer.snapshot is not None


async def test_concurrent_writers_page_in_order_without_gaps(world: World) -> None:
    start = await world.cursor()
    writers = [world.alice, world.bob, world.carol, world.organizer]

    async def chat(client: httpx.AsyncClient, n: int) -> None:
        for i in range(6):
            assert (
                await client.post("/v1/channels/all/messages", json={"body": f"{n}.{i}"})
            ).status_code == 201

    await asyncio.gather(*(chat(client, n) for n, client in enumerate(writers)))
    await world.alice.patch("/v1/me", json={"availability": "away"})
    events, pages = await _events_since(world.bob, start, limit=7)

    end = await world.cursor()
    assert [e.seq for e in events] == list(range(start + 1, end + 1))
    assert all(len(p.events) == 7 and p.has_more for p in pages[:-1]) and not pages[-1].has_more
    history = (await world.bob.get("/v1/channels/all/messages", params={"limit": 200})).json()["messages"]
    sent = [(e.seq, e.data["body"]) for e in events if e.type == "message.create"]
    assert sent == [(m["seq"], m["body"]) for m in history]
    for n in range(4):
        assert [body for _, body in sent if body.startswith(f"{n}.")] == [f"{n}.{i}" for i in range(6)]


class TestAgedOutEvents:
    """Events older than ~0.4 s are pruned at the next write (a margin for a slow machine)."""

    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(event_retention_days=5e-6, prune_interval_seconds=0)

    async def test_a_cursor_behind_pruned_events_gets_a_reset(self, world: World) -> None:
        old = await world.cursor()
        await world.alice.post("/v1/channels/all/messages", json={"body": "ancien"})
        await asyncio.sleep(0.8)
        recent = await world.cursor()
        await world.alice.post("/v1/channels/all/messages", json={"body": "récent"})

        stale = await _batch(world.bob, since=old, timeout=20)
        fresh = await _batch(world.bob, since=recent, timeout=0)

        assert stale.reset and stale.snapshot is not None
        assert [m.body for m in stale.snapshot.messages] == ["ancien", "récent"]
        assert not fresh.reset and [e.data["body"] for e in fresh.events] == ["récent"]


class TestLongEvening:
    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(write_burst=1000, write_rate=1000)

    async def test_events_rebuild_the_snapshot(self, world: World) -> None:
        start = await _batch(world.bob)
        assert start.reset and isinstance(start.snapshot, Snapshot)
        org, alice, bob, carol = world.organizer, world.alice, world.bob, world.carol
        team = world.project.id

        dan = await world.register("dan", city="toulouse")
        other = (
            ok(await org.post("/v1/projects", json={"title": "Carto", "theme": THEME, "city": "toulouse"}))
        ).json()
        ok(await dan.post(f"/v1/projects/{other['id']}/join"))
        ok(await carol.post(f"/v1/projects/{team}/join"))
        ok(await carol.patch("/v1/me", json={"display_name": "Carole", "skills": ["SQL"]}))
        ok(await carol.post(f"/v1/projects/{team}/progress", json={"text": "Maquette", "stage": "building"}))
        ok(await alice.post(f"/v1/projects/{team}/progress", json={"text": "Encore", "stage": "building"}))
        ok(await carol.post(f"/v1/projects/{team}/leave"))
        ok(await carol.post(f"/v1/projects/{other['id']}/join"))
        ok(await alice.patch(f"/v1/projects/{team}", json={"looking_for_members": True}))
        ok(await org.patch(f"/v1/projects/{other['id']}", json={"title": "Cartographie", "max_team_size": 2}))
        swap = world.swap.id
        ok(await bob.post(f"/v1/swaps/{swap}/claim"))
        ok(await bob.post(f"/v1/swaps/{swap}/release"))
        ok(await dan.post(f"/v1/swaps/{swap}/claim"))
        ok(await alice.post(f"/v1/swaps/{swap}/resolve", json={"thanks": "Merci Dan", "rating": 4}))
        ok(await alice.post(f"/v1/swaps/{swap}/reopen"))
        second = ok(await bob.post("/v1/swaps", json={"title": "CORS", "project_id": team})).json()
        ok(await bob.post(f"/v1/swaps/{second['id']}/cancel"))
        for n in range(205):  # more than a snapshot keeps of one channel
            ok(await (alice if n % 2 else dan).post("/v1/channels/all/messages", json={"body": f"tous {n}"}))
        ok(await bob.post("/v1/channels/city:rennes/messages", json={"body": "Rennes !"}))
        ok(await dan.post(f"/v1/channels/team:{other['id']}/messages", json={"body": "On y va"}))
        ok(await bob.post(f"/v1/channels/swap:{swap}/messages", json={"body": "Toujours coincée ?"}))
        ok(await org.post("/v1/channels/all/messages", json={"body": "Pizzas", "announcement": True}))
        item = (
            ok(
                await org.post(
                    "/v1/schedule",
                    json={
                        "title": "Jury",
                        "starts_at": "2017-03-05T13:00:00Z",
                        "ends_at": "2017-03-05T16:00:00Z",
                        "city": "lyon",
                    },
                )
            )
        ).json()
        ok(
            await org.patch(
                f"/v1/schedule/{item['id']}", json={"room": "Amphi", "starts_at": "2017-03-05T12:30:00Z"}
            )
        )
        ok(await org.delete(f"/v1/schedule/{world.item.id}"))
        ok(await dan.patch("/v1/me", json={"display_name": "Daniel", "availability": "busy"}))

        events, _ = await _events_since(bob, start.cursor, limit=50)
        fresh = await _batch(bob)

        assert fresh.snapshot is not None and fresh.cursor == events[-1].seq
        assert {e.type for e in events} == {
            "user.upsert",
            "project.upsert",
            "progress.create",
            "swap.upsert",
            "message.create",
            "schedule.upsert",
            "schedule.delete",
        }
        rebuilt = apply_events(start.snapshot, events)
        assert rebuilt.model_dump() == fresh.snapshot.model_dump()
        assert len([m for m in fresh.snapshot.messages if m.channel == "all"]) == 200
