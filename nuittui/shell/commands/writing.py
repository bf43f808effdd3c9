"""Sending one write from a shell command and telling the user where it stands."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from nuittui.cache import OutboxEntry
from nuittui.client import ClientError
from nuittui.i18n import _
from nuittui.sync import DrainSummary, SyncEngine, WriteStatus

from ..output import err, out, queued_line

__all__ = ["BUSY_WAIT", "report", "send_now"]

BUSY_WAIT = 4.0
"""When the app is draining the profile, how long a command waits for it to send our write."""
PULL_AFTER = 2.0
"""After a write went through, the cache is refreshed for this long at most (``status --line``)."""


async def send_now(engine: SyncEngine, entry: OutboxEntry) -> tuple[WriteStatus, DrainSummary]:
    """Drain the outbox now; if another process drains it, give that process a moment."""
    summary = await engine.drain()
    status = engine.write_status(entry.key)
    if summary.busy:
        deadline = asyncio.get_running_loop().time() + BUSY_WAIT
        while status.state == "queued" and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.2)
            status = engine.write_status(entry.key)
    if status.state == "sent":
        # So the cache (and the status line) shows the change; the data is the server's, not ours.
        with contextlib.suppress(ClientError, TimeoutError):
            await asyncio.wait_for(engine.sync_once(drain=False), PULL_AFTER)
    return status, summary


async def report(
    engine: SyncEngine, entry: OutboxEntry, status: WriteStatus, summary: DrainSummary, done: str
) -> int:
    """Print the outcome of one write; its exit code (a refusal is 1, queued is 0)."""
    if status.state in ("sent", "gone"):
        out(done)
        return 0
    if status.state == "dead":
        # The user sees the refusal now: nothing is left for them to retry or discard.
        await engine.discard_dead(entry.key)
        err(_("refused: {reason}", reason=status.reason or "?"))
        return 1
    queued_note(summary, status.reason)
    return 0


def queued_note(summary: DrainSummary | None, reason: str | None) -> None:
    """Say on stderr that a write waits in the outbox, and why."""
    if reason is None and summary is not None and summary.errors:
        reason = summary.errors[-1]  # the pass stopped before it: the same cause holds it back
    busy = summary is not None and summary.busy
    err(queued_line(reason, offline=summary is None or summary.offline, busy=busy))


def answer_id(answer: Any) -> int | None:
    """The ``id`` of the object a write created or changed, when its answer has one."""
    value = answer.get("id") if isinstance(answer, dict) else None
    return value if isinstance(value, int) else None
