"""``nuit-tui schedule [--now]`` and ``nuit-tui cities``: the event at a glance."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from typing import Any

from nuittui.i18n import _
from nuittui.models import EventPublic, ScheduleItemPublic
from nuittui.readmodel.schedule import change_note
from nuittui.sync import NowNext

from ..output import align, emit_json, err, one_line, out
from ..session import open_engine, quick_sync
from ..timefmt import clock, day_clock, duration, zone

__all__ = ["cities", "now_next_json", "schedule"]


def now_next_json(view: NowNext) -> dict[str, Any]:
    """The ``schedule --now --json`` shape."""
    return {
        "now": [item.model_dump(mode="json") for item in view.now],
        "next": view.next.model_dump(mode="json") if view.next else None,
        "jury_at": view.jury_at.isoformat() if view.jury_at else None,
        "seconds_to_jury": int(view.until_jury.total_seconds()) if view.until_jury is not None else None,
        "timezone": view.timezone,
        "city": view.city,
    }


def schedule(args: argparse.Namespace) -> int:
    """The schedule of my city (global items included), or only now/next/jury with ``--now``."""
    return asyncio.run(_schedule(args))


def _item_line(item: ScheduleItemPublic, tz: Any) -> list[str]:
    where = one_line(item.room, 30)
    note = change_note(item, tz)
    return [
        day_clock(item.starts_at, tz),
        "– " + clock(item.ends_at, tz),
        one_line(item.title, 60),
        where,
        f"({note})" if note else "",
    ]


def _noted(text: str, item: ScheduleItemPublic, tz: Any) -> str:
    """``text`` followed by what the organizers changed in ``item``, if anything."""
    note = change_note(item, tz)
    return f"{text} ({note})" if note else text


async def _schedule(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        view = engine.now_next()
        if args.ics:
            return _calendar(engine.event(), engine.schedule(view.city), view.city)
        if args.json:
            if args.now:
                emit_json(now_next_json(view))
            else:
                emit_json([item.model_dump(mode="json") for item in engine.schedule(view.city)])
            return 0
        tz = zone(view.timezone)
        if not args.now:
            current = {item.id for item in view.now}
            rows = []
            for item in engine.schedule(view.city):
                mark = "▶" if item.id in current else " "
                rows.append([mark, *_item_line(item, tz)])
            for line in align(rows):
                out(line)
            if rows:
                out()
        for item in view.now:
            line = _(
                "now: {title} (until {end})", title=one_line(item.title, 60), end=clock(item.ends_at, tz)
            )
            out(_noted(line, item, tz))
        if view.next is not None:
            line = _(
                "next: {title} at {time}",
                title=one_line(view.next.title, 60),
                time=day_clock(view.next.starts_at, tz),
            )
            out(_noted(line, view.next, tz))
        if view.until_jury is not None and view.jury_at is not None:
            if view.until_jury.total_seconds() > 0:
                out(
                    _(
                        "jury in {left} ({time})",
                        left=duration(view.until_jury),
                        time=day_clock(view.jury_at, tz),
                    )
                )
            else:
                out(_("the jury started at {time}", time=day_clock(view.jury_at, tz)))
        out(_("times in {zone}", zone=view.timezone))
        return 0
    finally:
        await engine.aclose()


def _calendar(event: EventPublic | None, items: list[ScheduleItemPublic], city: str | None) -> int:
    """The schedule as an iCalendar file on stdout (the same UIDs as the server's ``schedule.ics``)."""
    if event is None:
        err(_("the event is not in the cache yet: run `nuit-tui sync` online first"))
        return 1
    from nuittui.models.calendar import schedule_ics

    stamp = datetime.now(UTC).replace(microsecond=0)
    sys.stdout.flush()
    sys.stdout.buffer.write(schedule_ics(event, items, stamp=stamp, host="nuit-tui", city=city))
    sys.stdout.buffer.flush()
    return 0


def cities(args: argparse.Namespace) -> int:
    """Every city's figures, as a plain aligned table."""
    return asyncio.run(_cities(args))


async def _cities(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        figures = engine.city_progress()
        if args.json:
            emit_json([c.model_dump(mode="json") for c in figures])
            return 0
        header = [
            _("city"),
            _("people"),
            _("teams"),
            _("active"),
            _("open swaps"),
            _("solved"),
            _("min to claim"),
        ]
        rows = [header]
        for c in figures:
            wait = f"{c.median_minutes_to_claim:g}" if c.median_minutes_to_claim is not None else "–"
            rows.append(
                [
                    one_line(c.name, 30),
                    str(c.participants),
                    str(c.teams),
                    str(c.projects_active),
                    str(c.swaps_open),
                    str(c.swaps_resolved),
                    wait,
                ]
            )
        for line in align(rows, right=range(1, 7)):
            out(line)
        return 0
    finally:
        await engine.aclose()
