"""The schedule as an iCalendar file (RFC 5545): ``GET /v1/schedule.ics`` and ``nuit-tui schedule --ics``.

One function for the server and the app, so both write the same events with the same
UIDs: a phone that imported one file and subscribed to the other sees each item once.
Each item's times are in its city's time zone (or the event's), with the zone's
VTIMEZONE included. Uses the ``icalendar`` library, imported only here (not by the
package's ``__init__``), so loading the contract does not load it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from .event import EventPublic
from .schedule import ScheduleItemPublic

PRODID = "-//Nuit du Code Citoyen//nuit-tui//FR"


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def item_uid(item: ScheduleItemPublic, host: str) -> str:
    """The item's UID: its own, or one made from its id on ``host`` (servers before 0.2)."""
    return item.uid or f"schedule-{item.id}@{host}"


def schedule_ics(
    event: EventPublic,
    items: Sequence[ScheduleItemPublic],
    *,
    stamp: datetime,
    host: str,
    city: str | None = None,
) -> bytes:
    """The ``items`` of ``event`` as an iCalendar file; ``stamp`` is the DTSTAMP of every event (when
    the schedule last changed, so the same schedule gives the same bytes); ``city`` names the view."""
    cities = {c.id: c for c in event.cities}
    event_zone = _zone(event.timezone) or UTC
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = event.name if city is None or city not in cities else f"{event.name} — {cities[city].name}"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", event.timezone)
    for item in items:
        place = cities.get(item.city) if item.city else None
        zone = (_zone(place.timezone) if place is not None else None) or event_zone
        entry = icalendar.Event()
        entry.add("uid", item_uid(item, host))
        entry.add("dtstamp", stamp.astimezone(UTC))
        entry.add("dtstart", item.starts_at.astimezone(zone))
        entry.add("dtend", max(item.ends_at, item.starts_at).astimezone(zone))
        entry.add("summary", item.title)
        if item.description:
            entry.add("description", item.description)
        location = ", ".join(part for part in (item.room, place.name if place else "") if part)
        if location:
            entry.add("location", location)
        entry.add("categories", [item.kind])
        if item.cancelled:
            entry.add("status", "CANCELLED")  # calendar apps strike it out
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
