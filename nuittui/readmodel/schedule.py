"""The schedule as shown: its lines, and what is on now and next (one rule for every view)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from nuittui.i18n import _

from .rows import CacheRows, PendingWrite, me_row
from .rules import city_names, safe, zone_name

__all__ = [
    "SCOPES",
    "NowNext",
    "NowNextView",
    "ScheduleLine",
    "ScheduleView",
    "change_alert",
    "change_note",
    "field_label",
    "is_cancelled",
    "jury_at",
    "now_and_next",
    "now_next_view",
    "parse_time",
    "schedule_lines",
    "schedule_view",
]

T = TypeVar("T")


class ScheduleLine(NamedTuple):
    """A schedule item as the app shows it."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str | None = None
    city: str | None = None
    cancelled: bool = False
    """Cancelled by the organizers: shown struck, never on now/next."""
    changed_fields: tuple[str, ...] = ()
    """What the organizers' latest change touched (``starts_at``, ``room``…)."""
    previous_starts_at: datetime | None = None
    """The start before the latest move, when it moved."""
    kind: str | None = None
    """``talk``, ``workshop``, ``jury``… or a kind of the organizers' own."""
    description: str = ""

    def change(self, zone: tzinfo) -> str | None:
        """What changed, in words (``moved from 14:00``, ``cancelled``…): ``change_note``."""
        return change_note(self, zone)


def field_label(name: str) -> str:
    """A schedule item's field as the organizers' notes name it (``room`` → "room", translated)."""
    labels = {
        "title": _("title"),
        "description": _("description"),
        "room": _("room"),
        "kind": _("kind"),
        "city": _("city"),
        "ends_at": _("end"),
        "starts_at": _("start"),
    }
    return labels.get(name, name)


def change_note(item: Any, zone: tzinfo) -> str | None:
    """What the organizers changed in a schedule item, in words; None when it never changed.

    ``cancelled`` when cancelled; else ``moved from 14:00`` (its previous start, in ``zone``) when
    its start moved, followed by ``changed: room, title`` for the other fields the latest change
    touched. One rule for Home, the Schedule screen, the shell and the toasts. ``item`` is a
    ``ScheduleLine``, a ``ScheduleItemPublic`` or a stored row (a mapping).
    """
    if isinstance(item, Mapping):
        cancelled = item.get("cancelled") is True
        fields = item.get("changed_fields")
        changed: Sequence[Any] = fields if isinstance(fields, list | tuple) else ()
        previous = parse_time(item.get("previous_starts_at"))
        starts = parse_time(item.get("starts_at"))
    else:
        cancelled = bool(getattr(item, "cancelled", False))
        changed = tuple(getattr(item, "changed_fields", ()) or ())
        previous = getattr(item, "previous_starts_at", None)
        starts = getattr(item, "starts_at", None)
    if cancelled:
        return _("cancelled")
    parts: list[str] = []
    moved = previous is not None and starts is not None and previous != starts
    if moved and previous is not None:
        parts.append(_("moved from {time}", time=previous.astimezone(zone).strftime("%H:%M")))
    others = [
        str(name)
        for name in changed
        if name != "cancelled"
        and not (moved and name == "starts_at")
        and not (moved and name == "ends_at" and "starts_at" in changed)
    ]
    if others:
        parts.append(_("changed: {fields}", fields=", ".join(field_label(name) for name in others)))
    return "; ".join(parts) or None


def change_alert(
    title: str, cancelled: bool, moved_from: datetime | None, starts_at: datetime, zone: tzinfo
) -> str | None:
    """The toast for an item just cancelled (``Workshop X cancelled``) or moved (``Jury moved from
    14:00 to 14:30``, in ``zone``); None for any other change."""
    if cancelled:
        return _("{title} cancelled", title=title)
    if moved_from is not None and moved_from != starts_at:
        return _(
            "{title} moved from {before} to {after}",
            title=title,
            before=moved_from.astimezone(zone).strftime("%H:%M"),
            after=starts_at.astimezone(zone).strftime("%H:%M"),
        )
    return None


def is_cancelled(item: Any) -> bool:
    """Whether a schedule item (a line, a model or a stored row) was cancelled by the organizers."""
    if isinstance(item, Mapping):
        return item.get("cancelled") is True
    return bool(getattr(item, "cancelled", False))


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
        fields = row.get("changed_fields")
        lines.append(
            ScheduleLine(
                item_id,
                safe(row.get("title", "")),
                starts,
                ends,
                safe(room) if isinstance(room, str) and room else None,
                row_city if isinstance(row_city, str) else None,
                row.get("cancelled") is True,
                tuple(str(f) for f in fields) if isinstance(fields, list) else (),
                parse_time(row.get("previous_starts_at")),
                safe(kind) if isinstance(kind := row.get("kind"), str) and kind else None,
                safe(row.get("description") or ""),
            )
        )
    return sorted(lines, key=lambda line: (line.starts_at, line.id))


SCOPES = ("my_city", "global", "all")
"""What the Schedule screen shows: my city's items and everyone's, everyone's only, every city's."""


class ScheduleView(NamedTuple):
    """What the Schedule section shows: the lines of a scope, by start (everyone's first)."""

    scope: str
    lines: tuple[ScheduleLine, ...] = ()
    my_city: str | None = None
    cities: Mapping[str, str] = MappingProxyType({})
    zone: str | None = None
    """The event's time zone."""


def schedule_view(
    rows: CacheRows, handle: str | None, pending: Sequence[PendingWrite], scope: str = "my_city"
) -> ScheduleView:
    """The schedule's lines for ``scope`` (one of ``SCOPES``), in my city (my queued change applied)."""
    me = me_row(rows, handle, pending)
    city = me.get("city") if me else None
    city = city if isinstance(city, str) else None
    lines = schedule_lines(rows.table_rows("schedule").values())
    if scope == "global":
        lines = [line for line in lines if line.city is None]
    elif scope == "my_city":
        lines = [line for line in lines if line.city is None or line.city == city]
    lines.sort(key=lambda line: (line.starts_at, line.city is not None, line.id))
    event = rows.event_row()
    return ScheduleView(scope, tuple(lines), city, city_names(event), zone_name(event))


def now_and_next(
    items: Iterable[T],
    moment: datetime,
    *,
    start: Callable[[T], datetime] = attrgetter("starts_at"),
    end: Callable[[T], datetime] = attrgetter("ends_at"),
) -> tuple[list[T], T | None]:
    """The items under way at ``moment``, the latest started first, and the first to start after it.

    Items that start together keep their order in ``items``; the shell, the status line,
    Home and the schedule screen all ask this one function. A cancelled item is never now
    nor next.
    """
    current: list[tuple[datetime, int, T]] = []
    upcoming: tuple[datetime, T] | None = None
    for index, item in enumerate(items):
        if is_cancelled(item):
            continue
        begins, ends = start(item), end(item)
        if begins <= moment < ends:
            current.append((begins, -index, item))
        elif begins > moment and (upcoming is None or begins < upcoming[0]):
            upcoming = (begins, item)
    current.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [item for _, _, item in current], upcoming[1] if upcoming else None


class NowNextView(NamedTuple):
    """My city's schedule (every item when my city is unknown), what is on now and next, the jury."""

    lines: tuple[ScheduleLine, ...]
    """Everyone's items and my city's, by start."""
    now: tuple[ScheduleLine, ...]
    next: ScheduleLine | None
    jury_at: datetime | None
    until_jury: timedelta | None
    zone: str
    """The event's time zone (``UTC`` before the first sync)."""
    city: str | None


def now_next_view(
    rows: CacheRows, handle: str | None, pending: Sequence[PendingWrite], moment: datetime
) -> NowNextView:
    """What is on at ``moment`` and next for my city (my queued change applied), and the jury."""
    me = me_row(rows, handle, pending)
    city = me.get("city") if me else None
    city = city if isinstance(city, str) else None
    lines = schedule_lines(rows.table_rows("schedule").values(), city)
    current, upcoming = now_and_next(lines, moment)
    event = rows.event_row()
    jury = jury_at(event, city)
    zone = zone_name(event)
    return NowNextView(
        tuple(lines),
        tuple(current),
        upcoming,
        jury,
        jury - moment if jury is not None else None,
        zone if isinstance(zone, str) and zone else "UTC",
        city,
    )
