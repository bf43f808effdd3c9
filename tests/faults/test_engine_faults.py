"""The app's engine through a lying network: ``post_swap``, ``send_message`` and ``claim`` drained by
``drain()``, then ``sync_once()``, for every fault that answers at once.

A write leaves the outbox only when the server's answer is the contract's type for its route:
through any of these faults it stays queued; once the network passes, ``sync_once()`` delivers
it exactly once.
"""

from __future__ import annotations

import pytest

from nuittui.cache import OutboxEntry
from nuittui.client import ClientError
from nuittui.readmodel.board import board_view
from nuittui.sync import SyncEngine

from .cases import QUICK, Case, engine_of
from .exactly_once import ExactlyOnce, Write


async def make_write(
    engine: SyncEngine, ledger: ExactlyOnce, what: str, swap_id: int
) -> tuple[OutboxEntry, Write]:
    """Queue one write of kind ``what`` through the engine's own method."""
    if what == "post_swap":
        title = "le build casse sur ARM"
        return await engine.post_swap({"title": title, "body": "", "tags": ["build"]}), ledger.swap(title)
    if what == "send_message":
        text = "pizza dans 10 minutes"
        return await engine.send_message("all", text), ledger.message("all", text)
    return await engine.claim(swap_id), ledger.claim(swap_id)


WRITES: list[str] = ["post_swap", "send_message", "claim"]


@pytest.mark.parametrize("case", QUICK, ids=str)
@pytest.mark.parametrize("what", WRITES)
async def test_the_engine_keeps_a_write_queued_through_a_fault(
    what: str, case: Case, alice, rig, ledger, zoe_swap
) -> None:
    async with engine_of(alice.profile) as engine:
        await engine.sync_once()  # the cache is warm, as in the app
        case.apply(rig)
        entry, write = await make_write(engine, ledger, what, zoe_swap)

        await engine.drain()

        assert rig.requests(key=entry.key), "the drain did not try to send the write"
        standing = ledger.standing(write)
        assert (standing.queued, standing.dead) == (1, 0), (
            f"{standing}; answer taken: {engine.write_status(entry.key)}"
        )
        assert engine.write_status(entry.key).state == "queued"
        assert engine.state.queued == 1
        ledger.check()

        with pytest.raises(ClientError):
            await engine.sync_once()  # its pull meets the fault too

        assert ledger.standing(write).queued == 1
        ledger.check()

        rig.clear()
        await engine.sync_once()

        ledger.check(settled=True)
        assert ledger.standing(write).landed == 1
        assert engine.write_status(entry.key).state in ("sent", "gone")
        assert engine.state.queued == 0
        if what == "post_swap":
            board = board_view(engine.rows(), engine.handle, engine.unconfirmed())
            mine = [s for s in board.swaps if s.author == "alice" and s.title == write.text]
            pending = [p for p in board.pending if p.title == write.text]
            assert (len(mine), pending) == (1, [])  # shown once: no pending copy left beside the server's
