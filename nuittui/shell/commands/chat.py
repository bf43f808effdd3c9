"""``nuit-tui chat send CHANNEL TEXT`` and ``nuit-tui chat read CHANNEL``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from nuittui.i18n import _

from ..output import clean, emit_json, err, one_line, out
from ..pipe import read_stream
from ..session import open_engine, quick_sync
from ..timefmt import day_clock, zone
from .writing import report, send_now

__all__ = ["ANNOUNCEMENT_MARK", "channel_name", "read", "send"]

ANNOUNCEMENT_MARK = "📣 "
"""Before the author of an announcement in ``chat read`` (``--json`` says ``"announcement": true``)."""


def channel_name(value: str) -> str:
    """``#all`` → ``all``: a leading ``#`` is how people write channels."""
    return value.strip().removeprefix("#")


def send(args: argparse.Namespace) -> int:
    """Post a message (``-``: the text is read from stdin)."""
    text = args.text
    if text == "-":
        text = read_stream(sys.stdin, terminal=True) or ""
    return asyncio.run(_send(channel_name(args.channel), text, args))


async def _send(channel: str, text: str, args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        entry = await engine.send_message(channel, text)
        status, summary = await send_now(engine, entry)
        return await report(engine, entry, status, summary, _("sent to #{channel}", channel=channel))
    finally:
        await engine.aclose()


def read(args: argparse.Namespace) -> int:
    """The latest messages of a channel, oldest first; marks the channel read."""
    return asyncio.run(_read(channel_name(args.channel), args))


async def _read(channel: str, args: argparse.Namespace) -> int:
    from nuittui.readmodel.threads import thread_view
    from nuittui.sync.writes import checked_channel

    channel = checked_channel(channel)
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        thread = thread_view(engine.rows(), engine.handle, engine.unconfirmed(), channel, args.limit)
        messages = thread.lines
        if thread.newest_seq is not None:
            engine.mark_read(channel, thread.newest_seq)
        if args.json:
            emit_json([m.to_json() for m in messages])
            return 0
        if not messages:
            err(_("no messages in #{channel}", channel=channel))
            return 0
        event = engine.event()
        tz = zone(event.timezone if event else None)
        for message in messages:
            mark = ""
            if message.pending:
                error = message.last_error
                mark = _(" (pending: {error})", error=one_line(error)) if error else _(" (pending)")
            author = one_line(message.author) + mark
            if message.hidden:
                body = _("[removed by the organizers]")
            else:
                body = clean(message.body).replace("\n", "\n    ")
            flag = ANNOUNCEMENT_MARK if message.announcement else ""
            out(f"{day_clock(message.created_at, tz)} {flag}{author}: {body}")
        return 0
    finally:
        await engine.aclose()
