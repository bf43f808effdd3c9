"""The schedule in the standard formats: the c3voc schedule JSON (frab, pretalx, Giggity) and iCalendar.

Out: ``c3voc_schedule`` builds ``GET /v1/schedule.json`` (valid against the c3voc
schema, ``https://c3voc.de/schedule/schema.json``); the iCalendar side is
``nuittui.models.calendar`` (shared with the app). In: ``read_schedule_file`` reads a
frab/pretalx JSON or an iCalendar file into items keyed by their guid or UID, so a
re-import updates rather than duplicates. Items it cannot use are skipped with the
reason, never failing the whole file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson
from pydantic import ValidationError

from nuittui import __version__
from nuittui.models import EventPublic, ScheduleItemCreate, ScheduleItemPublic
from nuittui.models.limits import MAX_DESCRIPTION, MAX_KIND, MAX_LOCATION, MAX_TITLE

from .store.edition import ImportedItem, as_guid

C3VOC_SCHEMA = "https://c3voc.de/schedule/schema.json"


class ScheduleFileError(Exception):
    """The file is not a schedule we can read at all (one line for people)."""


def _zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def slugify(text: str) -> str:
    """``Pizza de minuit !`` → ``pizza-de-minuit``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def acronym(event: EventPublic, city: str | None) -> str:
    """The conference acronym: the event's name in letters, digits and ``_`` (the schema's pattern)."""
    base = slugify(event.name).replace("-", "_") or "nuit"
    if len(base) < 4:
        base = f"{base}_nuit"
    return f"{base}_{city.replace('-', '_')}" if city else base


def _hhmm(delta: timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def c3voc_schedule(
    event: EventPublic,
    items: Sequence[ScheduleItemPublic],
    *,
    base_url: str,
    city: str | None = None,
    version: str,
) -> dict[str, Any]:
    """The schedule as the c3voc schedule JSON, each item on the day it starts (local time).

    Cancelled items are left out: the format has no way to say so (the ``.ics`` marks them).
    """
    zone = _zone(event.timezone)
    cities = {c.id: c for c in event.cities}
    short = acronym(event, city)
    base_url = base_url.rstrip("/")
    days: dict[date, list[ScheduleItemPublic]] = {}
    first, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    day = first
    while day <= last:
        days[day] = []
        day += timedelta(days=1)
    for item in items:
        if not item.cancelled:
            days.setdefault(item.starts_at.astimezone(zone).date(), []).append(item)
    rooms: dict[str, None] = {}
    out_days = []
    for index, (day, found) in enumerate(sorted(days.items()), start=1):
        by_room: dict[str, list[dict[str, Any]]] = {}
        for item in sorted(found, key=lambda i: (i.starts_at, i.id)):
            place = cities.get(item.city) if item.city else None
            room = item.room or (place.name if place else "")
            rooms.setdefault(room, None)
            local = item.starts_at.astimezone(zone)
            slug = f"{short.replace('_', '-')}-{item.id}-{slugify(item.title)}".strip("-")
            by_room.setdefault(room, []).append(
                {
                    "id": item.id,
                    "guid": as_guid(item.uid or f"schedule-{item.id}@{base_url}"),
                    "date": local.isoformat(),
                    "start": local.strftime("%H:%M"),
                    "duration": _hhmm(item.ends_at - item.starts_at),
                    "room": room,
                    "slug": slug,
                    "url": f"{base_url}/v1/schedule.json#{slug}",
                    "title": item.title,
                    "subtitle": "",
                    "track": place.name if place else None,
                    "type": item.kind,
                    "language": "fr",
                    "abstract": item.description,
                    "description": "",
                    "persons": [],
                    "links": [],
                }
            )
        start = datetime.combine(day, time(0), tzinfo=zone)
        out_days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": start.isoformat(),
                "day_end": (start + timedelta(days=1) - timedelta(seconds=1)).isoformat(),
                "rooms": by_room,
            }
        )
    title = event.name if city is None or city not in cities else f"{event.name} — {cities[city].name}"
    all_days = sorted(days)
    return {
        "$schema": C3VOC_SCHEMA,
        "generator": {"name": "nuit-server", "version": __version__},
        "schedule": {
            "version": version,
            "base_url": f"{base_url}/",
            "conference": {
                "acronym": short,
                "title": title,
                "start": all_days[0].isoformat(),
                "end": all_days[-1].isoformat(),
                "daysCount": len(all_days),
                "timeslot_duration": "00:15",
                "time_zone_name": event.timezone,
                "url": f"{base_url}/v1/schedule.json",
                "rooms": [{"name": room, "guid": as_guid(f"{base_url}/rooms/{room}")} for room in rooms],
                "days": out_days,
            },
        },
    }


# ---- reading ------------------------------------------------------------------------------------


@dataclass
class ScheduleFile:
    """What a schedule file gave: the items to import and those skipped while reading."""

    format: str
    items: list[ImportedItem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _cut(text: Any, limit: int) -> str:
    value = "" if text is None else str(text).strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _make(
    found: ScheduleFile,
    uid: str,
    *,
    title: Any,
    starts: datetime,
    ends: datetime,
    description: Any,
    room: Any,
    kind: Any,
    city: str | None,
    city_name: str,
) -> None:
    label = _cut(title, MAX_TITLE) or "(untitled)"
    room_text = _cut(room, MAX_LOCATION)
    if room_text == city_name:
        room_text = ""  # a room named after the city says nothing there (our own JSON does that)
    try:
        item = ScheduleItemCreate(
            title=label,
            description=_cut(description, MAX_DESCRIPTION),
            starts_at=starts,
            ends_at=ends,
            city=city,
            room=room_text,
            kind=_cut(kind, MAX_KIND) or "talk",
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        found.skipped.append((label, f"{where}: {first['msg']}" if where else str(first["msg"])))
        return
    found.items.append(ImportedItem(uid=uid, item=item))


def _duration(text: Any) -> timedelta | None:
    match = re.fullmatch(r"(?:(\d+):)?(\d+):(\d{2})", str(text or "").strip())
    if match is None:
        return None
    if match.group(1) is not None:  # HH:MM:SS
        return timedelta(hours=int(match.group(1)), minutes=int(match.group(2)), seconds=int(match.group(3)))
    return timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))


def read_c3voc(data: Any, event: EventPublic, city: str | None) -> ScheduleFile:
    """Items of a frab/pretalx schedule JSON (``schedule.conference.days[].rooms``)."""
    try:
        conference = data["schedule"]["conference"]
        days = conference["days"]
    except (KeyError, TypeError):
        raise ScheduleFileError("not a frab/pretalx schedule JSON: no schedule.conference.days") from None
    zone = _zone(conference.get("time_zone_name") or event.timezone)
    city_name = next((c.name for c in event.cities if c.id == city), "")
    found = ScheduleFile("frab/pretalx JSON")
    for day in days if isinstance(days, list) else []:
        rooms = day.get("rooms") if isinstance(day, dict) else None
        for room, talks in (rooms or {}).items():
            for talk in talks if isinstance(talks, list) else []:
                if not isinstance(talk, dict):
                    continue
                title = talk.get("title") or "(untitled)"
                uid = talk.get("guid") or (f"frab-{talk['id']}" if talk.get("id") is not None else None)
                if not uid:
                    found.skipped.append((str(title), "no guid"))
                    continue
                try:
                    starts = datetime.fromisoformat(str(talk["date"]))
                except (KeyError, ValueError):
                    found.skipped.append((str(title), f"unreadable date {talk.get('date')!r}"))
                    continue
                if starts.tzinfo is None:
                    starts = starts.replace(tzinfo=zone)
                length = _duration(talk.get("duration"))
                if length is None:
                    found.skipped.append((str(title), f"unreadable duration {talk.get('duration')!r}"))
                    continue
                description = talk.get("abstract") or ""
                if talk.get("description"):
                    description = f"{description}\n\n{talk['description']}".strip()
                _make(
                    found,
                    str(uid),
                    title=title,
                    starts=starts,
                    ends=starts + length,
                    description=description,
                    room=talk.get("room") or room,
                    kind=talk.get("type"),
                    city=city,
                    city_name=city_name,
                )
    return found


def read_ics(raw: bytes, event: EventPublic, city: str | None) -> ScheduleFile:
    """Items of an iCalendar file (its VEVENTs); floating times are read in the city's or event's zone."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except ValueError as exc:
        raise ScheduleFileError(f"not a readable iCalendar file: {exc}") from None
    place = next((c for c in event.cities if c.id == city), None)
    zone = _zone((place.timezone if place else None) or event.timezone)
    found = ScheduleFile("iCalendar")
    for component in calendar.walk("VEVENT"):
        title = str(component.get("summary") or "(untitled)")
        uid = component.get("uid")
        if not uid:
            found.skipped.append((title, "no UID"))
            continue
        if component.get("rrule") is not None:
            found.skipped.append((title, "a repeating event (RRULE): add its dates one by one"))
            continue
        try:
            starts = component.decoded("dtstart")
        except KeyError:
            found.skipped.append((title, "no DTSTART"))
            continue
        if not isinstance(starts, datetime):
            found.skipped.append((title, "an all-day event: it has no time"))
            continue
        if starts.tzinfo is None:
            starts = starts.replace(tzinfo=zone)
        if component.get("dtend") is not None:
            ends = component.decoded("dtend")
        elif component.get("duration") is not None:
            ends = starts + component.decoded("duration")
        else:
            ends = starts
        if not isinstance(ends, datetime):
            found.skipped.append((title, "an end without a time"))
            continue
        if ends.tzinfo is None:
            ends = ends.replace(tzinfo=zone)
        categories = component.get("categories")
        kinds: list[str] = []
        for entry in categories if isinstance(categories, list) else [categories] if categories else []:
            kinds += [str(c) for c in getattr(entry, "cats", [])]
        location = str(component.get("location") or "")
        if place is not None and location.endswith(f", {place.name}"):
            location = location[: -len(place.name) - 2]  # our own .ics adds the city's name
        _make(
            found,
            str(uid),
            title=title,
            starts=starts,
            ends=ends,
            description=component.get("description"),
            room=location,
            kind=kinds[0] if kinds else "",
            city=city,
            city_name=place.name if place else "",
        )
    return found


def read_schedule_file(path: Path, event: EventPublic, city: str | None) -> ScheduleFile:
    """The items of the frab/pretalx JSON or iCalendar file at ``path`` (told apart by content)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScheduleFileError(f"cannot read {path}: {exc.strerror}") from None
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:64]
    if head.startswith(b"{"):
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ScheduleFileError(f"{path} is not valid JSON: {exc}") from None
        return read_c3voc(data, event, city)
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        return read_ics(raw, event, city)
    raise ScheduleFileError(f"{path} is neither a frab/pretalx schedule JSON nor an iCalendar file")
