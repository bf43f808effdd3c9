"""My writes the server took whose result is not in the cache yet: still shown as pending.

Between the server's answer to a write and the pull that brings its event back, the
outbox no longer holds the write and the cache does not hold its result yet. Views
made in that gap would show the old state (a team not joined, a message gone) for a
moment. ``EchoWait`` keeps such a write, so ``SyncEngine.unconfirmed()`` still lists
it, until a pull brings its key back or a pull begun after the answer is applied (its
answer holds everything the server had; a reset's snapshot, whose events carry no keys,
settles every write taken). A pull's keys are recorded in the worker
thread inside the cache's apply, under the cache's own reading lock, so no reader of the
cache sees the result and the waiting write at once, nor neither; a key a pull
already brought back (its event can beat the answer to its own POST) is not waited
for again, nor shown from the outbox, which drops it only after the apply.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

from nuittui.cache import OutboxEntry

__all__ = ["PULLED_KEYS_KEPT", "EchoWait"]

PULLED_KEYS_KEPT = 1000
"""How many of the latest keys brought back by pulls are remembered."""


class EchoWait:
    """Sent writes awaiting their event (any thread may call it)."""

    def __init__(self, lock: threading.RLock | None = None) -> None:
        self._lock = lock if lock is not None else threading.RLock()
        """The cache's ``reading`` lock: settled under it, together with the apply, and read under it."""
        self._waiting: dict[str, tuple[OutboxEntry, float]] = {}
        self._pulled: OrderedDict[str, None] = OrderedDict()

    def __len__(self) -> int:
        with self._lock:
            return len(self._waiting)

    def sent(self, entry: OutboxEntry) -> bool:
        """The server took ``entry``: wait for its event, unless a pull brought it back already.
        Whether it is waited for."""
        with self._lock:
            if entry.key in self._pulled:
                return False
            self._waiting[entry.key] = (entry, time.monotonic())
            return True

    def pulled(self, keys: Iterable[str], started: float) -> bool:
        """A pull begun at ``started`` (``time.monotonic()``) was applied, bringing ``keys`` back:
        forget the writes it settles. Whether any was forgotten."""
        with self._lock:
            for key in keys:
                self._pulled[key] = None
                self._pulled.move_to_end(key)
            while len(self._pulled) > PULLED_KEYS_KEPT:
                self._pulled.popitem(last=False)
            gone = [k for k, (_e, at) in self._waiting.items() if k in self._pulled or at < started]
            for key in gone:
                del self._waiting[key]
            return bool(gone)

    def unconfirmed(self, queued: Iterable[OutboxEntry]) -> list[OutboxEntry]:
        """The writes still awaited, oldest first, then those of ``queued`` (still in the outbox) that
        no pull brought back: one moment of the cache, read under its lock.

        A pull's apply makes its rows visible before the outbox drops the writes it confirms (a
        write of its own, which may wait for another process's lock): in between, a write the cache
        holds is still queued, and shown as pending it would show twice.
        """
        with self._lock:
            waiting = [entry for entry, _at in self._waiting.values()]
            return [*waiting, *(entry for entry in queued if entry.key not in self._pulled)]
