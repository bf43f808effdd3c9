"""A full disk is not "offline": the engine says the disk is full, the cache still reads, and it
catches up once space is back."""

from __future__ import annotations

from nuittui.models import SwapCreate
from tests.tinydisk import tiny_disk

from .conftest import board, eventually, make_engine
from .live import LiveServer


async def test_a_full_disk_shows_as_a_full_disk_and_the_cache_still_reads(live: LiveServer, tmp_path) -> None:
    alice = live.register("alice")
    bob = live.register("bob")
    live.call(alice, "POST", "/v1/swaps", {"title": "déjà là"})
    with tiny_disk(tmp_path / "disk") as disk:
        engine = make_engine(live.url, alice, "alice", tmp_path / "disk" / "alice")
        await engine.start()
        try:
            await eventually(lambda: engine.state.status == "online" and bool(board(engine).swaps))
            disk.fill()
            live.call(bob, "POST", "/v1/swaps", {"title": "arrivé pendant"})
            await eventually(lambda: engine.state.status == "disk_full")
            full = engine.state
            cached = [s.title for s in board(engine).swaps]

            disk.free()
            await eventually(lambda: engine.state.status == "online" and len(board(engine).swaps) == 2)
            entry = await engine.post_swap(SwapCreate(title="après"))
            await eventually(lambda: engine.write_status(entry.key).state in ("sent", "gone"))
        finally:
            await engine.aclose()

    assert full.last_error is not None and "the disk is full" in full.last_error
    assert full.stale_since is not None  # what is shown is as old as the last save
    assert cached == ["déjà là"]
