"""Reading and checking an event file like a compiler: every problem at once, each at its line.

``load_edition(path)`` answers the ``Edition`` to apply, or raises ``EventFileInvalidError``
whose ``problems`` print as ``FILE:LINE: what is wrong``, sorted by line.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from nuittui.models import City, EventPublic, ProjectCreate, ScheduleItemCreate, Theme, outside_event
from nuittui.models.limits import LINK_PATTERN, SLUG_PATTERN

from ..store.edition import Edition, FileItem, FileProject
from .locate import Path as KeyPath
from .locate import key_lines, line_of
from .spec import SECTIONS, CityTable, EventTable, ItemTable, JuryTable, ProjectTable, ThemeTable

_SINGULAR = {"cities": "city", "themes": "theme", "projects": "project", "schedule": "schedule item"}
_PLURAL = {"city": "cities", "theme": "themes"}
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the file."""

    line: int
    message: str

    def render(self, path: Path | str) -> str:
        """``FILE:LINE: message`` (``FILE: message`` for line 0: a JSON event has no lines to give)."""
        return f"{path}:{self.line}: {self.message}" if self.line else f"{path}: {self.message}"


class EventFileInvalidError(Exception):
    """The file cannot be used; ``problems`` says why, all of them."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.render(path) for p in self.problems))


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    if not name or name.startswith("/") or ".." in name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _zone_hint(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(zoneinfo.available_timezones()), n=1, cutoff=0.85)
    return f" (did you mean {close[0]}?)" if close else " (an IANA name such as Europe/Paris)"


class _Checker:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.zone: zoneinfo.ZoneInfo | None = None

    def at(self, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(line_of(self.lines, path), message))

    # ---- structure ------------------------------------------------------------------------
    def parse(self) -> dict[str, Any] | None:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            found = _TOML_POSITION.search(message)
            line = int(found.group(1)) if found else 1
            reason = _TOML_POSITION.sub("", message).strip()
            self.problems.append(Problem(line, f"not valid TOML: {reason[:1].lower()}{reason[1:]}"))
            return None
        self.lines = key_lines(self.text)
        return data

    def _message(self, error: Any, where: KeyPath) -> str:
        kind = error["type"]
        key = next((str(p) for p in reversed(where) if isinstance(p, str)), "")
        ctx = error.get("ctx") or {}
        if kind == "missing":
            return f"missing key {key!r}"
        if kind == "extra_forbidden":
            return f"unknown key {key!r}{self._suggest(where)}"
        if kind == "value_error":
            return self._value_error(str(ctx.get("error", error["msg"])), key)
        if kind in ("greater_than_equal", "less_than_equal"):
            bound = ctx.get("ge", ctx.get("le"))
            side = "at least" if kind == "greater_than_equal" else "at most"
            return f"{key} must be {side} {bound}, not {error.get('input')!r}"
        if kind == "string_pattern_mismatch":
            pattern = ctx.get("pattern")
            if pattern == SLUG_PATTERN:
                return (
                    f"{key} {error.get('input')!r} is not a valid id: lower-case letters, digits and '-',"
                    " 1 to 32 characters"
                )
            if pattern == LINK_PATTERN:
                return f"{key}: {error.get('input')!r} is not an http:// or https:// address"
        if kind == "string_too_long":
            return f"{key} is too long: at most {ctx.get('max_length')} characters"
        if kind == "too_long":
            return f"{key} has too many entries: at most {ctx.get('max_length')}"
        if kind in ("string_too_short",) and ctx.get("min_length") == 1:
            return f"{key} must not be empty"
        return f"{key}: {error['msg']}" if key else str(error["msg"])

    def _value_error(self, raw: str, key: str) -> str:
        raw = raw.removeprefix("Value error, ")
        marker, _, value = raw.partition(":")
        if marker == "naive":
            example = self._suggest_offset(value)
            return f"{key} = {value} has no time zone offset; write it with one, e.g. {example}"
        if marker == "date-only":
            return f"{key} = {value} is a date alone; give a time and an offset, e.g. {value}T09:00:00+01:00"
        if marker == "time-only":
            return f"{key} = {value} is a time alone; give a date and an offset"
        if marker == "quoted":
            return f"{key} is a string; write the date-time without quotes, e.g. 2026-03-14T09:00:00+01:00"
        return f"{key}: {raw}"

    def _suggest_offset(self, value: str) -> str:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return "2026-03-14T09:00:00+01:00"
        zone = self.zone or zoneinfo.ZoneInfo("Europe/Paris")
        return moment.replace(tzinfo=zone).isoformat()

    def _suggest(self, where: KeyPath) -> str:
        key = str(where[-1])
        if len(where) == 1:
            known = list(SECTIONS)
        else:
            model = SECTIONS.get(str(where[0]), (None, False))[0]
            known = list(model.model_fields) if model is not None else []
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        return f" (did you mean {close[0]!r}?)" if close else ""

    def validate(self, model: type[BaseModel], value: Any, where: KeyPath) -> Any:
        try:
            return TypeAdapter(model).validate_python(value)
        except ValidationError as exc:
            for error in exc.errors():
                path = (*where, *error["loc"])
                self.at(path, self._message(error, path))
            return None

    def section(self, data: dict[str, Any], name: str) -> list[tuple[int, Any]]:
        """The valid entries of an array-of-tables section, with their index."""
        model, many = SECTIONS[name]
        raw = data.get(name)
        if raw is None:
            return []
        if many != isinstance(raw, list):
            shape = f"[[{name}]]" if many else f"[{name}]"
            self.at((name,), f"{name} must be written as {shape} tables")
            return []
        entries = raw if many else [raw]
        found = []
        for index, entry in enumerate(entries):
            where: KeyPath = (name, index) if many else (name,)
            if not isinstance(entry, dict):
                self.at(where, f"each {name} entry must be a table")
                continue
            value = self.validate(model, entry, where)
            if value is not None:
                found.append((index, value))
        return found

    # ---- meaning --------------------------------------------------------------------------
    def raw(self, data: dict[str, Any], name: str) -> list[tuple[int, dict[str, Any]]]:
        """The entries of an array-of-tables section as written, valid or not."""
        entries = data.get(name)
        if not isinstance(entries, list):
            return []
        return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]

    def unique(self, data: dict[str, Any], name: str) -> set[str]:
        """The ids of a section (as written: a broken entry still has one), each duplicate reported."""
        seen: dict[str, int] = {}
        for index, entry in self.raw(data, name):
            value = entry.get("id")
            if not isinstance(value, str):
                continue
            if value in seen:
                first = line_of(self.lines, (name, seen[value]))
                what = _SINGULAR[name]
                self.at((name, index, "id"), f"duplicate {what} id {value!r} (first at line {first})")
            else:
                seen[value] = index
        return set(seen)

    def known(self, path: KeyPath, what: str, value: Any, ids: set[str]) -> None:
        if isinstance(value, str) and value not in ids:
            listed = ", ".join(sorted(ids)) or "none"
            self.at(path, f"unknown {what} {value!r}; the file's {_PLURAL[what]} are: {listed}")

    def span(self, path: KeyPath, starts: datetime, ends: datetime) -> bool:
        if ends < starts:
            self.at(
                (*path, "ends_at"), f"ends_at {ends.isoformat()} is before starts_at {starts.isoformat()}"
            )
            return False
        return True

    def run(self) -> Edition | None:
        data = self.parse()
        if data is None:
            return None
        for key in data:
            if key not in SECTIONS:
                self.at((key,), f"unknown key {key!r}{self._suggest((key,))}")
        if "event" not in data:
            self.problems.append(Problem(1, "missing the [event] table (name, timezone, starts_at, ends_at)"))
        raw_event = data.get("event")
        if isinstance(raw_event, dict):
            self.zone = _zone(str(raw_event.get("timezone", "")))
        events = self.section(data, "event")
        cities: list[tuple[int, CityTable]] = self.section(data, "cities")
        themes: list[tuple[int, ThemeTable]] = self.section(data, "themes")
        projects: list[tuple[int, ProjectTable]] = self.section(data, "projects")
        items: list[tuple[int, ItemTable]] = self.section(data, "schedule")
        juries: list[tuple[int, JuryTable]] = self.section(data, "jury")
        if "cities" in data and not data["cities"]:
            self.at(("cities",), "no city: list at least one [[cities]]")
        elif "cities" not in data:
            self.problems.append(Problem(1, "no city: list at least one [[cities]]"))
        if "themes" not in data:
            self.problems.append(Problem(1, "no theme: list the event's [[themes]]"))
        city_ids = self.unique(data, "cities")
        theme_ids = self.unique(data, "themes")
        self.unique(data, "projects")
        item_ids = self.unique(data, "schedule")
        for index, city in cities:
            if city.timezone is not None and _zone(city.timezone) is None:
                self.at(
                    ("cities", index, "timezone"),
                    f"unknown time zone {city.timezone!r}{_zone_hint(city.timezone)}",
                )
        for index, entry in self.raw(data, "projects"):
            self.known(("projects", index, "city"), "city", entry.get("city"), city_ids)
            self.known(("projects", index, "theme"), "theme", entry.get("theme"), theme_ids)
        event_table: EventTable | None = events[0][1] if events else None
        zone_name = event_table.timezone if event_table is not None else None
        if zone_name is None and isinstance(raw_event, dict) and isinstance(raw_event.get("timezone"), str):
            zone_name = raw_event["timezone"].strip()
        if zone_name is not None and _zone(zone_name) is None:
            self.at(("event", "timezone"), f"unknown time zone {zone_name!r}{_zone_hint(zone_name)}")
        # The event's dates bound every item even when something else in [event] is wrong (an
        # unknown zone, an unknown key): every problem is reported at once, not one round each.
        bounds = self._bounds(event_table, raw_event)
        if bounds is not None and not self.span(("event",), *bounds):
            bounds = None
        if event_table is None and bounds is not None and isinstance(raw_event, dict):
            self._jury_at_within(raw_event, bounds)
        jury_seen: dict[str, int] = {}
        for index, entry in self.raw(data, "jury"):
            jury_city = entry.get("city")
            if not isinstance(jury_city, str):
                continue
            self.known(("jury", index, "city"), "city", jury_city, city_ids)
            if jury_city in jury_seen:
                first = line_of(self.lines, ("jury", jury_seen[jury_city]))
                self.at(
                    ("jury", index, "city"), f"a second jury slot for {jury_city!r} (first at line {first})"
                )
            jury_seen.setdefault(jury_city, index)
            if f"jury-{jury_city}" in item_ids:
                self.at(("jury", index), f"the jury slot's id jury-{jury_city} is also a [[schedule]] id")
        for index, entry in self.raw(data, "schedule"):
            self.known(("schedule", index, "city"), "city", entry.get("city"), city_ids)
        timed: list[tuple[KeyPath, datetime, datetime, str]] = []
        timed += [(("schedule", i), item.starts_at, item.ends_at, item.kind) for i, item in items]
        timed += [(("jury", i), jury.starts_at, jury.ends_at, "jury") for i, jury in juries]
        for path, starts, ends, kind in timed:
            if self.span(path, starts, ends) and bounds is not None:
                event_start, event_end = bounds
                why = outside_event(starts, ends, kind, event_start=event_start, event_end=event_end)
                if why is not None:
                    dates = f"{event_start.isoformat()} to {event_end.isoformat()}"
                    self.at((*path, "starts_at"), f"the item {why} ({dates})")
        jury_at = self._jury_at(event_table, juries) if event_table is not None else None
        if self.problems or event_table is None or jury_at is None:
            return None
        return self._edition(event_table, jury_at, cities, themes, projects, items, juries)

    @staticmethod
    def _bounds(event: EventTable | None, raw: Any) -> tuple[datetime, datetime] | None:
        """The event's start and end: from the checked table, or as written when it has other faults."""
        if event is not None:
            return event.starts_at, event.ends_at
        if not isinstance(raw, dict):
            return None
        starts, ends = raw.get("starts_at"), raw.get("ends_at")
        if not (isinstance(starts, datetime) and isinstance(ends, datetime)):
            return None
        if starts.utcoffset() is None or ends.utcoffset() is None:
            return None
        return starts, ends

    def _jury_at_within(self, raw: dict[str, Any], bounds: tuple[datetime, datetime]) -> None:
        """``jury_at`` outside the event, told even when [event] has other faults."""
        jury_at = raw.get("jury_at")
        if not isinstance(jury_at, datetime) or jury_at.utcoffset() is None:
            return  # missing or naive: the table's own check says so
        if not bounds[0] <= jury_at <= bounds[1]:
            self.at(("event", "jury_at"), f"jury_at {jury_at.isoformat()} is outside the event")

    def _jury_at(self, event: EventTable, juries: list[tuple[int, JuryTable]]) -> datetime | None:
        jury_at = event.jury_at
        if jury_at is None:
            if not juries:
                self.at(("event",), "no jury_at, and no [[jury]] slot to take it from")
                return None
            jury_at = min(j.starts_at for _, j in juries)
        elif not event.starts_at <= jury_at <= event.ends_at:
            self.at(("event", "jury_at"), f"jury_at {jury_at.isoformat()} is outside the event")
            return None
        return jury_at

    def _edition(
        self,
        event: EventTable,
        jury_at: datetime,
        cities: list[tuple[int, CityTable]],
        themes: list[tuple[int, ThemeTable]],
        projects: list[tuple[int, ProjectTable]],
        items: list[tuple[int, ItemTable]],
        juries: list[tuple[int, JuryTable]],
    ) -> Edition:
        public = EventPublic(
            name=event.name,
            timezone=event.timezone,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            jury_at=jury_at,
            cities=[City(**c.model_dump()) for _, c in cities],
            themes=[Theme(**t.model_dump()) for _, t in themes],
        )
        file_projects = [
            FileProject(
                p.id,
                ProjectCreate(
                    title=p.title,
                    summary=p.summary,
                    description=p.description,
                    theme=p.theme,
                    city=p.city,
                    skills_needed=p.skills,
                    max_team_size=p.team_size,
                    brought_by=p.brought_by,
                    links=p.links,
                ),
            )
            for _, p in projects
        ]
        file_items = [
            FileItem(
                i.id,
                ScheduleItemCreate(
                    title=i.title,
                    description=i.description,
                    starts_at=i.starts_at,
                    ends_at=i.ends_at,
                    city=i.city,
                    room=i.room,
                    kind=i.kind,
                ),
            )
            for _, i in items
        ] + [
            FileItem(
                f"jury-{j.city}",
                ScheduleItemCreate(
                    title=j.title,
                    description=j.description,
                    starts_at=j.starts_at,
                    ends_at=j.ends_at,
                    city=j.city,
                    room=j.room,
                    kind="jury",
                ),
            )
            for _, j in juries
        ]
        file_items.sort(key=lambda f: (f.item.starts_at, f.item.city is not None))
        return Edition(event=public, projects=file_projects, schedule=file_items)


def check_text(path: Path, text: str) -> Edition:
    """The edition ``text`` (the contents of ``path``) describes; ``EventFileInvalidError`` otherwise."""
    checker = _Checker(path, text)
    edition = checker.run()
    if edition is None:
        problems = checker.problems or [Problem(1, "the file cannot be used")]
        raise EventFileInvalidError(path, problems)
    return edition


def load_edition(path: Path) -> Edition:
    """Read and check the event file at ``path`` (``OSError`` when unreadable).

    A ``.json`` file is the older bare event (``bare.py``): an edition with no projects or items.
    """
    raw = path.read_bytes()
    if path.suffix.lower() == ".json":
        from .bare import check_bare_event

        return Edition(event=check_bare_event(path, raw), projects=[], schedule=[])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise EventFileInvalidError(path, [Problem(line, "not UTF-8 text")]) from None
    return check_text(path, text)
