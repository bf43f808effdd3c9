"""``nuit-tui schedule [--now]`` and ``nuit-tui cities``: the event at a glance."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from typing import Any

from nuittui.i18n import _
from nuittui.readmodel.cities import city_figures
from nuittui.readmodel.rows import CacheRows
from nuittui.readmodel.schedule import NowNextView, ScheduleLine, change_note, now_next_view

from ..output import align, emit_json, err, one_line, out
from ..session import open_engine, quick_sync
from ..timefmt import clock, day_clock, duration, zone

__all__ = ["cities", "now_next_json", "schedule"]


def _item_json(rows: CacheRows, line: ScheduleLine) -> dict[str, Any]:
    """A schedule item as the contract writes it (the ``--json`` shape), from its stored row."""
    from nuittui.models import ScheduleItemPublic

    return ScheduleItemPublic.model_validate(rows.table_rows("schedule")[line.id]).model_dump(mode="json")


def now_next_json(view: NowNextView, rows: CacheRows) -> dict[str, Any]:
    """The ``schedule --now --json`` shape."""
    return {
        "now": [_item_json(rows, line) for line in view.now],
        "next": _item_json(rows, view.next) if view.next else None,
        "jury_at": view.jury_at.isoformat() if view.jury_at else None,
        "seconds_to_jury": int(view.until_jury.total_seconds()) if view.until_jury is not None else None,
        "timezone": view.zone,
        "city": view.city,
    }


def schedule(args: argparse.Namespace) -> int:
    """The schedule of my city (global items included), or only now/next/jury with ``--now``."""
    return asyncio.run(_schedule(args))


def _item_line(item: ScheduleLine, tz: Any) -> list[str]:
    where = one_line(item.room or "", 30)
    note = change_note(item, tz)
    return [
        day_clock(item.starts_at, tz),
        "– " + clock(item.ends_at, tz),
        one_line(item.title, 60),
        where,
        f"({note})" if note else "",
    ]


def _noted(text: str, item: ScheduleLine, tz: Any) -> str:
    """``text`` followed by what the organizers changed in ``item``, if anything."""
    note = change_note(item, tz)
    return f"{text} ({note})" if note else text


async def _schedule(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        rows = engine.rows()
        view = now_next_view(rows, engine.handle, engine.unconfirmed(), datetime.now(UTC))
        if args.ics:
            return _calendar(rows, view)
        if args.json:
            if args.now:
                emit_json(now_next_json(view, rows))
            else:
                emit_json([_item_json(rows, line) for line in view.lines])
            return 0
        tz = zone(view.zone)
        if not args.now:
            current = {item.id for item in view.now}
            table = []
            for item in view.lines:
                mark = "▶" if item.id in current else " "
                table.append([mark, *_item_line(item, tz)])
            for line in align(table):
                out(line)
            if table:
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
        out(_("times in {zone}", zone=view.zone))
        return 0
    finally:
        await engine.aclose()


def _calendar(rows: CacheRows, view: NowNextView) -> int:
    """The schedule as an iCalendar file on stdout (the same UIDs as the server's ``schedule.ics``)."""
    event = rows.event_row()
    if event is None:
        err(_("the event is not in the cache yet: run `nuit-tui sync` online first"))
        return 1
    from nuittui.models import EventPublic, ScheduleItemPublic
    from nuittui.models.calendar import schedule_ics

    items = [ScheduleItemPublic.model_validate(rows.table_rows("schedule")[line.id]) for line in view.lines]
    stamp = datetime.now(UTC).replace(microsecond=0)
    sys.stdout.flush()
    sys.stdout.buffer.write(
        schedule_ics(EventPublic.model_validate(event), items, stamp=stamp, host="nuit-tui", city=view.city)
    )
    sys.stdout.buffer.flush()
    return 0


def cities(args: argparse.Namespace) -> int:
    """Every city's figures, as a plain aligned table."""
    return asyncio.run(_cities(args))


async def _cities(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        figures = city_figures(engine.rows())
        if args.json:
            emit_json([c._asdict() for c in figures])
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
