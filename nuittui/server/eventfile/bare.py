"""The older form of ``--event``: a bare event as JSON (an ``EventPublic``), checked like the TOML file.

It holds the event, its cities and themes only (no projects, no schedule). The checks are
the event file's (``check.py``): unknown keys, types and limits, naive dates, unknown IANA
zones, an end before the start, ``jury_at`` outside the event, duplicate ids. Every problem
is reported at once, as ``FILE: what is wrong`` (JSON gives no line to point at).
"""

from __future__ import annotations

import difflib
import zoneinfo
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from nuittui.models import City, EventPublic, Theme

from .check import EventFileInvalidError, Problem

# jury_at_by_city is the server's own (computed from the schedule): accepted, so that a saved
# `GET /v1/event` answer can be fed back, and ignored.
_IANA = "(an IANA name such as Europe/Paris)"
_FIELDS: dict[str, type[BaseModel]] = {"event": EventPublic, "cities": City, "themes": Theme}


def _zone_known(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _unknown_keys(where: str, entry: dict[str, Any], model: type[BaseModel]) -> list[Problem]:
    known = list(model.model_fields)
    found = []
    for key in entry:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            found.append(Problem(0, f"{where}unknown key {key!r}{hint}"))
    return found


def _duplicates(what: str, entries: list[Any]) -> list[Problem]:
    seen: set[str] = set()
    found = []
    for index, entry in enumerate(entries):
        value = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(value, str):
            if value in seen:
                found.append(Problem(0, f"{what}[{index}]: duplicate id {value!r}"))
            seen.add(value)
    return found


def check_bare_event(path: Path, raw: bytes) -> EventPublic:
    """The event the JSON ``raw`` (the contents of ``path``) describes, else ``EventFileInvalidError``."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise EventFileInvalidError(path, [Problem(0, f"not valid JSON: {exc}")]) from None
    if not isinstance(data, dict):
        raise EventFileInvalidError(path, [Problem(0, "not a JSON object: give the event's fields")])
    problems = _unknown_keys("", data, EventPublic)
    for section in ("cities", "themes"):
        entries = data.get(section)
        if isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, dict):
                    problems += _unknown_keys(f"{section}[{index}]: ", entry, _FIELDS[section])
            problems += _duplicates(section, entries)
    event: EventPublic | None = None
    try:
        event = EventPublic.model_validate({k: v for k, v in data.items() if k in EventPublic.model_fields})
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            problems.append(Problem(0, f"{where}: {error['msg']}" if where else str(error["msg"])))
    if event is not None:
        problems += _meaning(event)
    if problems:
        raise EventFileInvalidError(path, problems)
    assert event is not None
    return event


def _meaning(event: EventPublic) -> list[Problem]:
    problems = []
    moments: dict[str, datetime] = {
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "jury_at": event.jury_at,
    }
    naive = [name for name, moment in moments.items() if moment.utcoffset() is None]
    for name in naive:
        problems.append(Problem(0, f"{name} has no time zone offset; write it with one, e.g. +01:00"))
    if not _zone_known(event.timezone):
        problems.append(Problem(0, f"unknown time zone {event.timezone!r} {_IANA}"))
    for index, city in enumerate(event.cities):
        if city.timezone is not None and not _zone_known(city.timezone):
            problems.append(Problem(0, f"cities[{index}]: unknown time zone {city.timezone!r} {_IANA}"))
    if not event.cities:
        problems.append(Problem(0, "no city: list at least one in cities"))
    if naive:
        return problems
    if event.ends_at < event.starts_at:
        ends, starts = event.ends_at.isoformat(), event.starts_at.isoformat()
        problems.append(Problem(0, f"ends_at {ends} is before starts_at {starts}"))
    elif not event.starts_at <= event.jury_at <= event.ends_at:
        problems.append(Problem(0, f"jury_at {event.jury_at.isoformat()} is outside the event"))
    return problems
