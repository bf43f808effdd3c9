"""A write the server took is shown as pending until a pull brings it back: never gone in between,
never shown twice."""

from __future__ import annotations

import asyncio
import contextlib
import sys

import httpx

from nuittui.cache import OUTBOX_FILE, CacheError, LocalCache, Outbox
from nuittui.client import CityClient
from nuittui.models import SwapCreate
from nuittui.readmodel.board import board_view
from nuittui.sync import SyncEngine

from .conftest import BASE_URL, EngineFor, thread


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


async def test_a_message_a_pull_brought_back_shows_once_while_the_outbox_still_holds_it(
    app, register, tmp_path
) -> None:
    """My message's answer was lost, so the outbox keeps it; the pull brings the server's copy back,
    but cannot drop it from the outbox while another process (the shell, sending from another
    terminal) holds the outbox's lock. The message shows once, as the server's, all along."""
    alice = await register("alice")
    folder = tmp_path / "alice"
    client = CityClient(base_url=BASE_URL, token=alice.token, transport=httpx.ASGITransport(app=app))
    outbox = Outbox.in_folder(folder, lock_timeout=0.2)  # a busy outbox makes the pull give up soon
    engine = SyncEngine(client=client, cache=LocalCache(folder), outbox=outbox, me="alice", close_client=True)
    holder = None
    try:
        await engine.sync_once()
        entry = await engine.send_message("all", "Bonsoir Lyon !")
        sent = await alice.request(
            entry.method, entry.path, json=entry.body, headers={"Idempotency-Key": entry.key}
        )  # it did reach the server: only its answer was lost
        assert sent.is_success, sent.text
        holder = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "import filelock, sys; lock = filelock.FileLock(sys.argv[1]); lock.acquire();"
            " print('held', flush=True); sys.stdin.readline()",
            str(folder / f".{OUTBOX_FILE}.lock"),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert holder.stdin is not None and holder.stdout is not None
        assert await holder.stdout.readline() == b"held\n"

        with contextlib.suppress(CacheError):  # the outbox is busy: the pull saved the cache, then gave up
            await engine.sync_once(drain=False)

        assert [e.key for e in Outbox.in_folder(folder).pending()] == [entry.key]  # still queued there
        assert [(m.body, m.pending) for m in thread(engine, "all")] == [("Bonsoir Lyon !", False)]
        holder.stdin.write(b"go\n")
        await holder.stdin.drain()
        await holder.wait()
        await engine.sync_once()  # sent again (the server knows its key), and settled
        assert engine.queued() == []
        assert [(m.body, m.pending) for m in thread(engine, "all")] == [("Bonsoir Lyon !", False)]
    finally:
        if holder is not None and holder.returncode is None:
            holder.kill()
            await holder.wait()
        await engine.aclose()
