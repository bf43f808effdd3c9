"""The outbox half of ``SyncEngine``: queueing writes, the drain loop, and where each write stands."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any

from nuittui.cache import CacheError, Outbox, OutboxEntry, OutboxRecovery
from nuittui.client import ClientError

from . import kinds
from .confirm import Confirmations
from .drain import Drainer, next_due_at
from .echo import EchoWait
from .errors import error_line
from .state import ConnectionState
from .views import DrainSummary, WriteStatus

__all__ = ["OutboxMixin"]

log = logging.getLogger("nuittui.sync")

OUTBOX_POLL = 2.0
"""How often the drain looks for writes queued by another process of the profile (one stat)."""
BUSY_RETRY = 2.0
"""How long the drain leaves the outbox to the process holding ``drain.lock`` before looking again."""


class OutboxMixin:
    """Writes go into the outbox, and a drain loop sends them; used by ``SyncEngine``."""

    _state: ConnectionState
    _outbox: Outbox
    _drainer: Drainer
    _confirmed: Confirmations
    _echo: EchoWait
    _wake: asyncio.Event | None
    _force_drain: bool

    if TYPE_CHECKING:  # provided by SyncEngine

        def _set_state(self, **changes: Any) -> ConnectionState: ...

        def _notify(self) -> None: ...

        async def _refresh_counts(self) -> None: ...

        async def _went_offline(self, error: str) -> None: ...

    def _wake_drain(self, *, force: bool = False) -> None:
        self._force_drain = self._force_drain or force
        if self._wake is not None:
            self._wake.set()

    async def _drain_loop(self) -> None:
        assert self._wake is not None
        while True:
            force, self._force_drain = self._force_drain, False
            try:
                summary = await self._drain(force)
                wait = BUSY_RETRY if summary.busy else await self._drain_wait()
            except Exception as err:  # as the pull: never die silently, say why and try again later
                if not isinstance(err, CacheError | OSError):
                    log.exception("the outbox drain failed")
                self._set_state(last_error=error_line(err))
                self._notify()
                wait = BUSY_RETRY
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)
            self._wake.clear()

    async def _drain(self, force: bool) -> DrainSummary:
        before = (self._state.queued, self._state.dead_letters)
        summary = await self._drainer.drain(force=force)
        await self._refresh_counts()
        if summary.offline and summary.errors:
            await self._went_offline(summary.errors[-1])
        elif summary.errors:
            self._set_state(last_error=summary.errors[-1])
        after = (self._state.queued, self._state.dead_letters)
        if summary.sent or summary.dead or summary.errors or before != after:
            self._notify()
        return summary

    async def _drain_wait(self) -> float:
        entries = await asyncio.to_thread(self._outbox.pending)
        due = next_due_at(entries)
        if due is None:
            return OUTBOX_POLL
        return min(OUTBOX_POLL, max(0.05, due - time.time()))

    def _on_sent(self, entry: OutboxEntry, answer: Any) -> None:
        self._confirmed.confirmed(entry.key, answer)
        if self._echo.sent(entry):  # not if a pull brought its event back before this answer
            self._set_state(echoing=len(self._echo))

    def _on_dead(self, entry: OutboxEntry, error: ClientError, reason: str) -> None:
        self._confirmed.refused(entry.key, reason)

    async def _queue(self, request: kinds.QueuedRequest) -> OutboxEntry:
        entry = await asyncio.to_thread(
            lambda: self._outbox.enqueue(
                request.kind,
                request.method,
                request.path,
                request.body,
                order_key=request.order_key,
                summary=request.summary,
            )
        )
        self._set_state(queued=self._state.queued + 1)
        self._wake_drain()
        self._notify()
        return entry

    async def drain(self) -> DrainSummary:
        """Send every queued write now (backoff or not), in order; what it did.

        ``busy`` in the answer: another process of this profile is sending them.
        """
        return await self._drain(force=True)

    def write_status(self, key: str) -> WriteStatus:
        """Where the write queued under ``key`` stands now."""
        return self._confirmed.status(key, self._outbox)

    async def wait_confirmed(self, key: str) -> Any:
        """Wait until the server has the write queued under ``key``; its answer (the created object's JSON).

        Needs the engine running (or ``sync_once`` calls). Raises ``SyncError`` with the
        server's reason if it refused the write for good.
        """
        return await self._confirmed.wait(key)

    async def retry_dead(self, key: str) -> OutboxEntry | None:
        """Queue a dead letter again (same key); None when there is no such dead letter."""
        entry = await asyncio.to_thread(self._outbox.retry_dead, key)
        self._confirmed.retried(key)
        await self._refresh_counts()
        self._wake_drain(force=True)
        self._notify()
        return entry

    async def discard_dead(self, key: str) -> bool:
        """Forget a dead letter; False when there is no such dead letter."""
        done = await asyncio.to_thread(self._outbox.discard_dead, key)
        await self._refresh_counts()
        self._notify()
        return done

    def outbox_recoveries(self) -> list[OutboxRecovery]:
        """Damage found in the outbox file and not acknowledged yet: what was recovered, where the copy is.

        Reads a small file: call it off a UI loop.
        """
        return self._outbox.recoveries()

    async def acknowledge_recoveries(self) -> int:
        """The user has seen the damage reports: stop showing them (the damaged copies stay)."""
        return await asyncio.to_thread(self._outbox.acknowledge_recoveries)
