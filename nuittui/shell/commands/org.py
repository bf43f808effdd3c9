"""``nuit-tui org …``: the organizers' tools. Every write goes through the outbox, except
issuing a recovery code (a direct call: its answer holds a secret shown once)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable

from nuittui.cache import OutboxEntry
from nuittui.i18n import _
from nuittui.readmodel.organizer import organizer_view, schedule_item
from nuittui.readmodel.schedule import ScheduleLine, field_label
from nuittui.sync import SyncEngine, SyncError
from nuittui.sync.moving import moved, shift_of
from nuittui.sync.writes import checked_handle

from ..output import one_line, out
from ..pipe import read_stream
from ..session import open_engine, profile_of, quick_sync
from ..timefmt import day_clock, zone
from .writing import report, send_now

__all__ = ["announce", "edit", "hide", "move", "recovery", "remove", "shift_of", "suspend"]


async def _write(engine: SyncEngine, queue: Awaitable[OutboxEntry], done: str) -> int:
    """Queue one write, send it now and report it; closes the engine."""
    try:
        entry = await queue
        status, summary = await send_now(engine, entry)
        return await report(engine, entry, status, summary, done)
    finally:
        await engine.aclose()


def announce(args: argparse.Namespace) -> int:
    """An announcement in ``all``, or in ``city:ID`` with ``--city``."""
    text = args.text
    if text == "-":
        text = read_stream(sys.stdin, terminal=True) or ""
    channel = f"city:{args.city.strip().lower()}" if args.city else "all"
    return asyncio.run(_announce(channel, text, args))


async def _announce(channel: str, text: str, args: argparse.Namespace) -> int:
    engine = open_engine(args)
    queue = engine.announce(channel, text)
    return await _write(engine, queue, _("announced in #{channel}", channel=channel))


def _item(engine: SyncEngine, item_id: int) -> ScheduleLine:
    """The cached schedule item ``item_id``; ``SyncError`` when the cache has none."""
    item = schedule_item(engine.rows(), item_id)
    if item is None:
        raise SyncError(_("no schedule item #{id} (see `nuit-tui schedule`)", id=item_id))
    return item


def move(args: argparse.Namespace) -> int:
    """Move a schedule item by a shift or to a time of its day, keeping its length."""
    return asyncio.run(_move(args))


async def _move(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        item = _item(engine, args.item)
        tz = zone(organizer_view(engine.rows(), engine.handle, engine.unconfirmed()).zone)
        starts_at, ends_at = moved(item.starts_at, item.ends_at, tz, by=args.by, to=args.to)
        entry = await engine.update_schedule_item(item.id, {"starts_at": starts_at, "ends_at": ends_at})
        status, summary = await send_now(engine, entry)
        done = _(
            "moved #{id} {title} to {time}",
            id=item.id,
            title=one_line(item.title, 60),
            time=day_clock(starts_at, tz),
        )
        return await report(engine, entry, status, summary, done)
    finally:
        await engine.aclose()


def edit(args: argparse.Namespace) -> int:
    """``org edit ITEM --title/--room/--description`` and ``org cancel ITEM [--restore]``."""
    return asyncio.run(_edit(args))


async def _edit(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        item = _item(engine, args.item)
        title = one_line(item.title, 60)
        if args.command == "org.cancel":
            changes: dict[str, object] = {"cancelled": not args.restore}
            done = (
                _("restored #{id} {title}", id=item.id, title=title)
                if args.restore
                else _("cancelled #{id} {title}", id=item.id, title=title)
            )
        else:
            changes = {
                field: value
                for field, value in (
                    ("title", args.title),
                    ("room", args.room),
                    ("description", args.description),
                )
                if value is not None
            }
            fields = ", ".join(field_label(name) for name in changes)
            done = _("changed #{id} {title}: {fields}", id=item.id, title=title, fields=fields)
        entry = await engine.update_schedule_item(item.id, changes)
        status, summary = await send_now(engine, entry)
        return await report(engine, entry, status, summary, done)
    finally:
        await engine.aclose()


def remove(args: argparse.Namespace) -> int:
    """Remove someone from a project's team."""
    return asyncio.run(_remove(args))


async def _remove(args: argparse.Namespace) -> int:
    handle = checked_handle(args.handle)
    engine = open_engine(args)
    queue = engine.remove_member(args.project, handle, args.reason)
    done = _("removed {handle} from team #{id}", handle=handle, id=args.project)
    return await _write(engine, queue, done)


def hide(args: argparse.Namespace) -> int:
    """Hide a message: its body is emptied for everyone."""
    return asyncio.run(_hide(args))


async def _hide(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    queue = engine.hide_message(args.message, args.reason)
    return await _write(engine, queue, _("hid message #{id}", id=args.message))


def suspend(args: argparse.Namespace) -> int:
    """``org suspend HANDLE`` and ``org unsuspend HANDLE``."""
    return asyncio.run(_suspend(args))


async def _suspend(args: argparse.Namespace) -> int:
    handle = checked_handle(args.handle)
    engine = open_engine(args)
    if args.command == "org.suspend":
        return await _write(
            engine, engine.suspend(handle, args.reason), _("suspended {handle}", handle=handle)
        )
    return await _write(
        engine,
        engine.unsuspend(handle, args.reason),
        _("lifted the suspension of {handle}", handle=handle),
    )


def recovery(args: argparse.Namespace) -> int:
    """Issue a one-time recovery code (a direct call: the code is shown here once)."""
    return asyncio.run(_recovery(args))


async def _recovery(args: argparse.Namespace) -> int:
    from nuittui.client import ClientError

    handle = checked_handle(args.handle)
    profile = profile_of(args)
    engine = open_engine(args)
    try:
        client = await engine.connect()
        tz = zone(None)
        with contextlib.suppress(ClientError):  # first: once the code is issued, nothing may fail
            tz = zone((await client.event()).timezone)
        code = await engine.issue_recovery(handle, args.revoke)
    finally:
        await engine.aclose()
    out(
        _(
            "recovery code for {handle}: {code} (single use, until {time}; it is not shown again)",
            handle=code.handle,
            code=code.code,
            time=day_clock(code.expires_at, tz),
        )
    )
    if code.revoked_tokens:
        out(_("revoked {count} of their tokens", count=code.revoked_tokens))
    out(
        _(
            "they sign in with: nuit-tui login {url} --recover CODE --handle {handle}",
            url=profile.api_url,
            handle=code.handle,
        )
    )
    return 0
