"""Sending the outbox: one pass sends every due write, in order per ``order_key``.

Only one process drains a profile at a time: a pass first takes ``drain.lock``
without waiting, and leaves the work to whoever holds it.
"""

from __future__ import annotations

import asyncio
import functools
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nuittui.cache import Outbox, OutboxEntry
from nuittui.client import BadResponse, ClientError, Offline, RateLimited, Unauthorized
from nuittui.i18n import _

from .inflight import InFlight
from .views import DrainSummary

if TYPE_CHECKING:
    import filelock

    from nuittui.client import CityClient

__all__ = ["MAX_GARBLED", "MAX_SENDS_PER_PASS", "Drainer", "next_due_at"]

MAX_SENDS_PER_PASS = 500
"""A pass stops after this many sends and lets the loop come back: no pass runs unbounded."""
MAX_GARBLED = 5
"""Answers that do not match the contract before a write moves to the dead letters, where the user
sees it and can send it again; until then it waits its backoff like any failure."""

SentCallback = Callable[[OutboxEntry, Any], None]
DeadCallback = Callable[[OutboxEntry, ClientError, str], None]


def next_due_at(entries: list[OutboxEntry]) -> float | None:
    """When the earliest head of an order key becomes due (epoch seconds), None when nothing waits."""
    heads: dict[str, OutboxEntry] = {}
    for entry in sorted(entries, key=lambda e: e.id):
        heads.setdefault(entry.order_key, entry)
    return min((e.next_attempt_at for e in heads.values()), default=None)


class Drainer:
    """Sends due outbox entries with their Idempotency-Key and files each outcome.

    Success (an answer that parses as the contract's for the route) → ``mark_sent``; a
    transient failure → ``mark_failed`` (backoff, the server's Retry-After honoured); a
    permanent refusal → ``dead_letter`` with the server's reason; the ``MAX_GARBLED``-th
    answer that is not the contract's → ``dead_letter`` too. A 401 keeps the entry
    queued: the token is at fault, not the write.
    ``client`` gives the HTTP client when a pass first sends; the outbox's updates go
    through ``writes`` (the engine's, so its ``stop()`` waits for them).
    """

    def __init__(
        self,
        client: Callable[[], CityClient],
        outbox: Outbox,
        lock_path: Path,
        on_sent: SentCallback,
        on_dead: DeadCallback,
        *,
        writes: InFlight,
    ) -> None:
        self._get_client = client
        self._writes = writes
        self._outbox = outbox
        self._on_sent = on_sent
        self._on_dead = on_dead
        self._lock_path = lock_path
        self._file_lock: filelock.FileLock | None = None  # made at the first pass: filelock loads then
        self._mutex = asyncio.Lock()

    async def drain(self, *, force: bool = False) -> DrainSummary:
        """One pass; ``force`` also sends entries still waiting out a backoff (the link just came back)."""
        summary = DrainSummary()
        import filelock

        async with self._mutex:
            if self._file_lock is None:
                # Not thread-local: a pass may be entered from the loop and the lock released later.
                self._file_lock = filelock.FileLock(str(self._lock_path), thread_local=False, mode=0o600)
            try:
                self._file_lock.acquire(blocking=False)
            except filelock.Timeout:
                summary.busy = True
                return summary
            try:
                await self._pass(summary, force)
            finally:
                self._file_lock.release()
        return summary

    async def _pass(self, summary: DrainSummary, force: bool) -> None:
        moment: float | None = math.inf if force else None
        sends = 0
        while sends < MAX_SENDS_PER_PASS:
            due = await asyncio.to_thread(self._outbox.due, moment)
            moment = None  # forced once: an entry that fails again now waits its backoff
            if not due:
                return
            for entry in due:
                sends += 1
                if not await self._send(entry, summary):
                    return

    async def _send(self, entry: OutboxEntry, summary: DrainSummary) -> bool:
        """Send one entry and file the outcome; False when the pass should stop (offline, 401)."""
        try:
            answer = await self._get_client().send(
                entry.method, entry.path, json=entry.body, idempotency_key=entry.key
            )
        except ClientError as err:
            summary.errors.append(err.message)
            garbled = isinstance(err, BadResponse)
            if garbled and entry.garbled + 1 >= MAX_GARBLED:
                reason = _(
                    "the server's answer did not match the contract {count} times (last: {reason})",
                    count=MAX_GARBLED,
                    reason=err.message,
                )
                return await self._bury(entry, reason, err, summary)
            if err.permanent and not isinstance(err, Unauthorized):
                return await self._bury(entry, err.message, err, summary)
            retry_after = err.retry_after if isinstance(err, RateLimited) else None
            fail = functools.partial(
                self._outbox.mark_failed,
                entry.key,
                error=err.message,
                retry_after=retry_after,
                garbled=garbled,
            )
            await self._writes.run(fail)
            summary.failed += 1
            if isinstance(err, Offline):
                summary.offline = True
            return not isinstance(err, Offline | Unauthorized)
        await self._writes.run(self._outbox.mark_sent, entry.key)
        summary.sent += 1
        self._on_sent(entry, answer)
        return True

    async def _bury(self, entry: OutboxEntry, reason: str, err: ClientError, summary: DrainSummary) -> bool:
        """Move ``entry`` to the dead letters with ``reason``; the pass goes on."""
        await self._writes.run(self._outbox.dead_letter, entry.key, reason)
        summary.dead += 1
        self._on_dead(entry, err, reason)
        return True
