"""Who is told what: my swap claimed by someone; only one process of a profile sends its outbox."""

from __future__ import annotations

import asyncio

import httpx

from nuittui.models import SwapCreate
from nuittui.sync import Changed

from .conftest import EngineFor, eventually


async def test_the_author_hears_that_their_swap_was_claimed_and_by_whom(
    register, engine_for: EngineFor
) -> None:
    alice = await register("alice")
    bob = await register("bob", city="rennes", display_name="Bob")
    engine = engine_for(alice)
    changes: list[Changed] = []
    engine.subscribe(changes.append)
    await engine.start()
    entry = await engine.post_swap(SwapCreate(title="docker compose ne démarre pas"))
    created = await asyncio.wait_for(engine.wait_confirmed(entry.key), 15)

    response = await bob.post(f"/v1/swaps/{created['id']}/claim")
    await eventually(lambda: any(c.claimed_swaps for c in changes))

    assert response.status_code == 200
    claimed = [c for change in changes for c in change.claimed_swaps]
    assert len(claimed) == 1
    assert (claimed[0].swap.id, claimed[0].by, claimed[0].city_name) == (created["id"], "bob", "Rennes")
    assert claimed[0].helper_name == "Bob"


async def test_someone_elses_claims_are_not_announced_to_me(register, engine_for: EngineFor) -> None:
    alice = await register("alice")
    bob = await register("bob", city="rennes")
    carol = await register("carol", city="toulouse")
    engine = engine_for(alice)
    await engine.sync_once()
    swap = (await carol.post("/v1/swaps", json={"title": "le swap de carol"})).json()
    await engine.sync_once()

    await bob.post(f"/v1/swaps/{swap['id']}/claim")
    summary = await engine.sync_once()

    assert summary.events >= 1 and summary.claimed_swaps == []


class HeldPosts(httpx.AsyncBaseTransport):
    """The real transport; a POST waits at the door until ``release`` is set (a slow link)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            self.entered.set()
            await self.release.wait()
        return await self.inner.handle_async_request(request)


async def test_two_engines_of_one_profile_never_drain_at_once(
    app, register, engine_for: EngineFor, tmp_path
) -> None:
    alice = await register("alice")
    folder = tmp_path / "alice-profile"
    held = HeldPosts(httpx.ASGITransport(app=app))
    first = engine_for(alice, folder=folder, transport=held)
    second = engine_for(alice, folder=folder)  # the shell, while the app is sending

    await first.post_swap(SwapCreate(title="une seule fois"))
    sending = asyncio.create_task(first.drain())
    await asyncio.wait_for(held.entered.wait(), 10)
    other = await asyncio.wait_for(second.drain(), 10)
    held.release.set()
    done = await asyncio.wait_for(sending, 10)
    after = await second.drain()

    assert other.busy and other.sent == 0
    assert done.sent == 1 and not done.busy
    assert not after.busy and after.sent == 0
    assert [s["title"] for s in (await alice.get("/v1/swaps")).json()] == ["une seule fois"]
