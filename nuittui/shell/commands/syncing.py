"""``nuit-tui sync`` (send queued writes, then fetch news) and ``nuit-tui outbox`` (look, retry, discard)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from nuittui.cache import OutboxEntry
from nuittui.client import ClientError
from nuittui.i18n import _
from nuittui.sync import SyncEngine
from nuittui.sync.errors import error_line

from ..output import align, emit_json, err, one_line, out
from ..session import open_engine

__all__ = ["entry_json", "outbox", "sync"]


def entry_json(entry: OutboxEntry) -> dict[str, Any]:
    """An outbox entry for ``--json`` (its body included: it is the user's own write)."""
    return {
        "key": entry.key,
        "kind": entry.kind,
        "method": entry.method,
        "path": entry.path,
        "body": entry.body,
        "summary": entry.summary,
        "created_at": entry.created_at.isoformat(),
        "attempts": entry.attempts,
        "last_error": entry.last_error,
        "dead_reason": entry.dead_reason,
    }


def sync(args: argparse.Namespace) -> int:
    """Drain the outbox, then pull until up to date; print what happened."""
    return asyncio.run(_sync(args))


async def _sync(args: argparse.Namespace) -> int:
    engine = open_engine(args, timeout=30.0)
    try:
        try:
            drain = await engine.drain()
            if drain.offline and drain.errors:
                # The server is out of reach or too slow for a write: the pull would only wait out
                # its own deadline too, so the command ends within one write's deadline.
                reason = one_line(drain.errors[-1], 300)
                queued = engine.state.queued
                err(_("cannot sync: {reason}; writes still queued: {queued}", reason=reason, queued=queued))
                return 1
            summary = await engine.sync_once(drain=False)
            summary.drain = drain
        except ClientError as error:
            queued = engine.state.queued
            reason = error_line(error)
            err(_("cannot sync: {reason}; writes still queued: {queued}", reason=reason, queued=queued))
            return 1
        if args.json:
            emit_json(
                {
                    "sent": drain.sent,
                    "failed": drain.failed,
                    "refused": drain.dead,
                    "busy": drain.busy,
                    "events": summary.events,
                    "reset": summary.reset,
                    "cursor": summary.cursor,
                    "queued": engine.state.queued,
                }
            )
            return 0
        queued = engine.state.queued
        if drain.busy:
            out(_("the nuit-tui app running for this profile sends the queued writes"))
        elif queued:
            reason = one_line(drain.errors[-1] if drain.errors else engine.state.last_error or "", 160)
            out(
                _(
                    "sent {sent} queued writes; {queued} still queued ({reason})",
                    sent=drain.sent,
                    queued=queued,
                    reason=reason or _("older writes of yours must go first"),
                )
            )
        else:
            out(_("sent {sent} queued writes; nothing left to send", sent=drain.sent))
        for dead in engine.dead_letters()[-drain.dead :] if drain.dead else []:
            err(
                _(
                    "refused: {summary}: {reason}",
                    summary=one_line(dead.summary),
                    reason=dead.dead_reason or _("no reason given"),
                )
            )
        if summary.reset:
            out(_("fetched the whole event again ({events} events since)", events=summary.events))
        else:
            out(_("fetched {events} new events", events=summary.events))
        for claimed in summary.claimed_swaps:
            out(_("your swap #{id} was claimed by {handle}", id=claimed.swap.id, handle=claimed.by))
        return 0
    finally:
        await engine.aclose()


def _why_queued(entry: OutboxEntry, queued: list[OutboxEntry]) -> str:
    """Why ``entry`` is still queued: its last failure, the older write it waits for, or not tried yet."""
    if entry.last_error:
        return entry.last_error
    for older in queued:  # oldest first
        if older.key == entry.key:
            break
        if older.order_key == entry.order_key:
            return _("waits for an older write ({key}) to go first", key=older.key[:8])
    return _("not sent yet: `nuit-tui sync` sends it")


def outbox(args: argparse.Namespace) -> int:
    """List queued and refused writes; ``--retry KEY`` or ``--discard KEY`` a refused one."""
    return asyncio.run(_outbox(args))


def _find(engine: SyncEngine, prefix: str) -> OutboxEntry | None:
    """The dead letter whose key starts with ``prefix`` (at least 4 characters), if exactly one."""
    found = [e for e in engine.dead_letters() if e.key.startswith(prefix)] if len(prefix) >= 4 else []
    return found[0] if len(found) == 1 else None


async def _outbox(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        if args.acknowledge:
            count = await engine.acknowledge_recoveries()
            out(_("{count} damage reports acknowledged", count=count))
            return 0
        key = args.retry or args.discard
        if key:
            entry = _find(engine, key)
            if entry is None:
                err(_("no refused write with key {key} (see nuit-tui outbox)", key=key))
                return 1
            if args.retry:
                await engine.retry_dead(entry.key)
                out(_("queued again: {summary}", summary=one_line(entry.summary)))
            else:
                await engine.discard_dead(entry.key)
                out(_("discarded: {summary}", summary=one_line(entry.summary)))
            return 0
        queued = engine.queued()
        dead = engine.dead_letters()
        if args.json:
            emit_json(
                {
                    "queued": [entry_json(e) for e in queued],
                    "dead": [entry_json(e) for e in dead],
                }
            )
            return 0
        if not queued and not dead:
            out(_("the outbox is empty"))
            return 0
        rows = [
            [w.key[:8], _("queued"), one_line(w.summary, 60), one_line(_why_queued(w, queued), 60)]
            for w in queued
        ]
        rows += [
            [e.key[:8], _("refused"), one_line(e.summary, 60), one_line(e.dead_reason or "", 60)]
            for e in dead
        ]
        for line in align(rows):
            out(line)
        return 0
    finally:
        await engine.aclose()
