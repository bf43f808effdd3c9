"""A write the server took is shown as pending until a pull brings it back: never gone in between,
never shown twice."""

from __future__ import annotations

from nuittui.models import SwapCreate
from nuittui.readmodel.board import board_view

from .conftest import EngineFor


def board(engine):
    return board_view(engine.rows(), engine.handle, engine.unconfirmed())


async def test_a_swap_the_server_took_stays_pending_until_the_pull_brings_it(
    register, engine_for: EngineFor
) -> None:
    alice = await register("alice")
    engine = engine_for(alice)
    await engine.sync_once()  # the cache holds the event, not yet my swap

    await engine.post_swap(SwapCreate(title="docker compose ne démarre pas"))
    sent = await engine.drain()  # the server has it; no pull yet
    between = board(engine)
    await engine.sync_once(drain=False)
    after = board(engine)

    assert sent.sent == 1 and engine.queued() == []  # nothing left to send...
    assert [p.title for p in between.pending] == ["docker compose ne démarre pas"]  # ...still shown
    assert [s.title for s in between.swaps] == []
    assert [p.title for p in after.pending] == []
    assert [s.title for s in after.swaps] == ["docker compose ne démarre pas"]  # once, confirmed
