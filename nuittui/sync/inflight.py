"""Writes handed to worker threads, which a stopping engine waits for.

Cancelling a task that awaits ``asyncio.to_thread`` does not stop the thread: a cache
apply or an outbox update cancelled by ``SyncEngine.stop()`` would go on writing after
the engine said it had stopped. Writes go through ``InFlight.run`` instead, and
``stop()`` waits for the ones still running, so once it returns nothing of the engine
writes to the profile's folder (the app relies on that when it saves its launch view).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["InFlight"]

T = TypeVar("T")


class InFlight:
    """Thread work that outlives the cancellation of whoever awaited it, until ``wait()`` sees it done."""

    def __init__(self) -> None:
        self._pending: set[asyncio.Future[Any]] = set()

    async def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        """``fn(*args)`` in a worker thread; cancelling the caller leaves it running, and counted."""
        future = asyncio.ensure_future(asyncio.to_thread(fn, *args))
        self._pending.add(future)
        future.add_done_callback(self._finished)
        return await asyncio.shield(future)

    def _finished(self, future: asyncio.Future[Any]) -> None:
        self._pending.discard(future)
        if not future.cancelled():
            future.exception()  # its caller may be gone: the error was theirs to see, not the loop's

    async def wait(self) -> None:
        """Return once every write handed over so far has finished (however it ended)."""
        while self._pending:
            await asyncio.wait(set(self._pending))
