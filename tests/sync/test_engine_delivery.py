"""Every write reaches the server exactly once: offline, after a lost answer, across a reset."""

from __future__ import annotations

import httpx
import pytest

from nuittui.models import SwapCreate
from nuittui.server.settings import ServerSettings

from .conftest import EngineFor, eventually, make_engine, thread
from .live import LiveServer


async def test_a_write_made_offline_is_delivered_once_when_the_server_returns(
    live: LiveServer, tmp_path
) -> None:
    token = live.register("alice")
    live.stop()
    engine = make_engine(live.url, token, "alice", tmp_path / "alice")
    seen = []
    engine.subscribe(seen.append)
    await engine.start()
    try:
        await eventually(lambda: engine.state.status == "offline")
        entry = await engine.post_swap(SwapCreate(title="mon wifi tombe toutes les 5 minutes"))
        await eventually(lambda: engine.queued() and engine.queued()[0].attempts >= 1)
        offline = engine.state

        live.start()
        await eventually(lambda: engine.state.queued == 0 and engine.state.status == "online")
    finally:
        await engine.aclose()

    assert offline.status == "offline" and offline.queued == 1 and offline.last_error
    swaps = live.call(token, "GET", "/v1/swaps").json()
    assert [s["title"] for s in swaps] == ["mon wifi tombe toutes les 5 minutes"]
    assert engine.write_status(entry.key).state in ("sent", "gone")
    assert any(c.state.status == "offline" for c in seen) and seen[-1].state.status == "online"


class LoseFirstAnswer(httpx.AsyncBaseTransport):
    """The real transport, except that the first answer to ``POST {path}`` is lost after the server
    handled the request (a read timeout, as when the venue's wifi drops at the wrong moment)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, path: str) -> None:
        self.inner = inner
        self.path = path
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path == self.path and not self.lost:
            await response.aread()
            self.lost += 1
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_lost_answer_is_replayed_with_its_key_and_makes_one_swap(
    app, register, engine_for: EngineFor
) -> None:
    alice = await register("alice")
    lossy = LoseFirstAnswer(httpx.ASGITransport(app=app), "/v1/swaps")
    engine = engine_for(alice, transport=lossy)

    entry = await engine.post_swap(SwapCreate(title="segfault dans numpy"))
    first = await engine.drain()
    still = engine.queued()
    second = await engine.drain()

    assert lossy.lost == 1
    assert (first.sent, first.failed, first.offline) == (0, 1, True)
    assert [e.key for e in still] == [entry.key] and still[0].attempts == 1
    assert second.sent == 1 and engine.queued() == []
    swaps = (await alice.get("/v1/swaps")).json()
    assert [s["title"] for s in swaps] == ["segfault dans numpy"]
    assert engine.write_status(entry.key).answer["id"] == swaps[0]["id"]


async def test_the_servers_event_confirms_a_write_whose_answer_was_lost(
    app, register, engine_for: EngineFor
) -> None:
    alice = await register("alice")
    lossy = LoseFirstAnswer(httpx.ASGITransport(app=app), "/v1/channels/all/messages")
    engine = engine_for(alice, transport=lossy)
    await engine.sync_once()

    await engine.send_message("all", "est-ce que ce message est parti ?")
    await engine.drain()
    await engine.sync_once(drain=False)  # the event carries our key: the outbox lets go

    assert lossy.lost == 1
    assert engine.queued() == []
    assert [(m.body, m.pending) for m in thread(engine, "all")] == [
        ("est-ce que ce message est parti ?", False)
    ]


@pytest.mark.parametrize("server_settings", [ServerSettings(max_events=5, prune_interval_seconds=0)])
async def test_a_reset_replaces_the_cache_and_keeps_the_outbox(register, engine_for: EngineFor) -> None:
    alice = await register("alice")
    bob = await register("bob", city="toulouse")
    engine = engine_for(alice)
    await engine.sync_once()
    entry = await engine.post_swap(SwapCreate(title="queued while the server moved on"))
    for number in range(12):  # far past what the server keeps: alice's cursor is forgotten
        response = await bob.post("/v1/channels/all/messages", json={"body": f"message {number}"})
        assert response.status_code == 201

    pulled = await engine.sync_once(drain=False)
    kept = [e.key for e in engine.queued()]
    sent = await engine.drain()

    assert pulled.reset
    assert [m.body for m in thread(engine, "all", limit=3)] == ["message 9", "message 10", "message 11"]
    assert kept == [entry.key]
    assert sent.sent == 1
    assert [s["title"] for s in (await alice.get("/v1/swaps")).json()] == ["queued while the server moved on"]


async def test_a_permanent_refusal_becomes_a_dead_letter_with_the_servers_reason(
    register, engine_for: EngineFor
) -> None:
    alice = await register("alice")
    engine = engine_for(alice)
    await engine.sync_once()
    entry = await engine.post_swap(SwapCreate(title="mon propre swap"))
    await engine.sync_once()
    swap_id = engine.write_status(entry.key).answer["id"]

    claim = await engine.claim(swap_id)  # 403: not on your own swap
    summary = await engine.drain()
    dead = engine.dead_letters()
    retried = await engine.retry_dead(claim.key)
    await engine.drain()
    discarded = await engine.discard_dead(claim.key)

    assert (summary.sent, summary.dead) == (0, 1)
    assert [(d.key, d.kind) for d in dead] == [(claim.key, "swap.claim")]
    assert dead[0].dead_reason and "own" in dead[0].dead_reason
    assert engine.write_status(claim.key).state == "gone" and discarded
    assert retried is not None and retried.key == claim.key
    assert engine.state.dead_letters == 0 and engine.queued() == []
