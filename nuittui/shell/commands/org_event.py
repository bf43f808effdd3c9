"""``nuit-tui org event [--name TEXT] [--starts WHEN] [--ends WHEN] [--jury WHEN] [--timezone ZONE]``:
an event organizer changes the event's own fields live, through the outbox like every write.

``WHEN`` is ``HH:MM`` (the same day as the field's current value, in the event's time zone) or an
ISO date and time (``2017-03-05T15:30``; without an offset, in the event's time zone).
"""

from __future__ import annotations

import argparse
import asyncio
import re
from datetime import datetime, time, tzinfo
from typing import Any

from nuittui.i18n import _
from nuittui.models import known_zone
from nuittui.readmodel.organizer import OrganizerView, organizer_view
from nuittui.sync import SyncError

from ..output import one_line
from ..session import open_engine, quick_sync
from ..timefmt import day_clock, zone
from .writing import report, send_now

__all__ = ["event", "when_of"]

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_TIMES = (("starts", "starts_at"), ("ends", "ends_at"), ("jury", "jury_at"))


def when_of(text: str, current: datetime | None, tz: tzinfo) -> datetime:
    """``HH:MM`` on ``current``'s day in ``tz``, or an ISO date and time (``tz`` when it has no
    offset); else ``SyncError`` in one line."""
    value = text.strip()
    match = _CLOCK.fullmatch(value)
    if match is not None:
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise SyncError(_("not a time: {value} (HH:MM, e.g. 21:30)", value=text))
        if current is None:
            raise SyncError(_("the event is not cached yet: give a full date, e.g. 2017-03-05T15:30"))
        return datetime.combine(current.astimezone(tz).date(), time(hour, minute), tzinfo=tz)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SyncError(
            _("not a time: {value} (HH:MM or a date and time, e.g. 2017-03-05T15:30)", value=text)
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def event(args: argparse.Namespace) -> int:
    """Change the event's fields given; the others stay as they are."""
    return asyncio.run(_event(args))


def _changes(args: argparse.Namespace, current: OrganizerView) -> tuple[dict[str, Any], tzinfo]:
    """The ``EventUpdate`` fields asked for (``HH:MM`` on the day of the cached event's time), and the
    zone the times are shown in."""
    changes: dict[str, Any] = {}
    if args.name is not None:
        changes["name"] = args.name
    zone_name = current.zone
    if args.timezone is not None:
        try:
            zone_name = changes["timezone"] = known_zone(args.timezone.strip())
        except ValueError as error:
            raise SyncError(str(error)) from None
    tz = zone(zone_name)
    for option, field in _TIMES:
        text = getattr(args, option)
        if text is not None:
            changes[field] = when_of(text, getattr(current, field), tz)
    if not changes:
        raise SyncError(_("nothing to change: give --name, --starts, --ends, --jury or --timezone"))
    return changes, tz


def _done_line(changes: dict[str, Any], tz: tzinfo) -> str:
    labels = {
        "starts_at": _("starts {time}"),
        "ends_at": _("ends {time}"),
        "jury_at": _("jury {time}"),
    }
    parts: list[str] = []
    if "name" in changes:
        parts.append(_("name “{name}”", name=one_line(changes["name"], 60)))
    if "timezone" in changes:
        parts.append(_("time zone {zone}", zone=changes["timezone"]))
    for field, label in labels.items():
        if field in changes:
            parts.append(label.format(time=day_clock(changes[field], tz)))
    return _("changed the event: {changes}", changes=", ".join(parts))


async def _event(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        needs_current = any(getattr(args, option) is not None for option, _field in _TIMES)
        if needs_current:
            await quick_sync(engine)
        changes, tz = _changes(args, organizer_view(engine.rows(), engine.handle, engine.unconfirmed()))
        entry = await engine.update_event(changes)
        status, summary = await send_now(engine, entry)
        return await report(engine, entry, status, summary, _done_line(changes, tz))
    finally:
        await engine.aclose()
