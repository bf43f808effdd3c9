"""A write handed to a thread finishes before a stopping engine says it has stopped."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from nuittui.sync.inflight import InFlight


async def test_a_cancelled_write_is_waited_for_and_its_error_stays_with_it(tmp_path: Path) -> None:
    writes = InFlight()
    started, release = threading.Event(), threading.Event()
    target = tmp_path / "state.json"

    def slow_write() -> int:
        started.set()
        release.wait(timeout=10)
        return target.write_text('{"cursor": 42}')

    task = asyncio.create_task(writes.run(slow_write))
    await asyncio.to_thread(started.wait, 10)
    task.cancel()  # what SyncEngine.stop() does to its pull loop: the caller is released at once
    with pytest.raises(asyncio.CancelledError):
        await task

    waiting = asyncio.create_task(writes.wait())
    await asyncio.sleep(0.05)
    assert not waiting.done()  # the thread is still writing: stop() must not return yet
    release.set()
    await asyncio.wait_for(waiting, 10)
    assert target.read_text() == '{"cursor": 42}'  # done, and nothing writes after wait()

    def broken() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):  # the caller still sees its own error
        await writes.run(broken)
    await writes.wait()
