"""The schedule as shown: its lines, and what is on now and next (one rule for every view)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

from .rules import safe

__all__ = ["NowNext", "ScheduleLine", "jury_at", "now_and_next", "parse_time", "schedule_lines"]

T = TypeVar("T")


class ScheduleLine(NamedTuple):
    """A schedule item as the app shows it."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str | None = None
    city: str | None = None


class NowNext(NamedTuple):
    """The items on now (the latest started first) and the next one to start."""

    now: list[ScheduleLine]
    next: ScheduleLine | None


def parse_time(text: Any) -> datetime | None:
    """An ISO 8601 time with its zone, as the cache stores it; None for anything else."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def jury_at(event: Mapping[str, Any] | None, city: str | None) -> datetime | None:
    """When the jury sits for ``city``: its own slot (``jury_at_by_city``, which the server derives
    from the schedule's jury items), else the event's ``jury_at``; None before the first sync."""
    if not event:
        return None
    by_city = event.get("jury_at_by_city")
    own = parse_time(by_city.get(city)) if isinstance(by_city, Mapping) and city else None
    return own or parse_time(event.get("jury_at"))


def schedule_lines(rows: Iterable[Mapping[str, Any]], city: str | None = None) -> list[ScheduleLine]:
    """The schedule rows as lines by start; with ``city``, the global items and that city's."""
    lines = []
    for row in rows:
        starts, ends, item_id = (
            parse_time(row.get("starts_at")),
            parse_time(row.get("ends_at")),
            row.get("id"),
        )
        row_city = row.get("city")
        if starts is None or ends is None or not isinstance(item_id, int):
            continue
        if city is not None and row_city is not None and row_city != city:
            continue
        room = row.get("room")
        lines.append(
            ScheduleLine(
                item_id,
                safe(row.get("title", "")),
                starts,
                ends,
                safe(room) if isinstance(room, str) and room else None,
                row_city if isinstance(row_city, str) else None,
            )
        )
    return sorted(lines, key=lambda line: (line.starts_at, line.id))


def now_and_next(
    items: Iterable[T],
    moment: datetime,
    *,
    start: Callable[[T], datetime] = attrgetter("starts_at"),
    end: Callable[[T], datetime] = attrgetter("ends_at"),
) -> tuple[list[T], T | None]:
    """The items under way at ``moment``, the latest started first, and the first to start after it.

    Items that start together keep their order in ``items``; the shell, the status line,
    Home and the schedule screen all ask this one function.
    """
    current: list[tuple[datetime, int, T]] = []
    upcoming: tuple[datetime, T] | None = None
    for index, item in enumerate(items):
        begins, ends = start(item), end(item)
        if begins <= moment < ends:
            current.append((begins, -index, item))
        elif begins > moment and (upcoming is None or begins < upcoming[0]):
            upcoming = (begins, item)
    current.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [item for _, _, item in current], upcoming[1] if upcoming else None
