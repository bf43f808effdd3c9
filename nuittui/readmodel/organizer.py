"""Organizer mode as shown: whether I organize and where, and what my scope lets me act on.

One rule for the app's palette and forms and for the shell's ``org`` commands: an organizer whose
scope is ``city`` acts on their own city only (its items, its participants, its channel); any other
organizer (``event``, or a server before 0.2 that leaves the scope out) acts on every city. The
server decides in the end: this only chooses what the forms offer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from .rows import CacheRows, PendingWrite
from .rules import city_names, safe
from .schedule import ScheduleLine, parse_time, schedule_lines

__all__ = [
    "OrgCity",
    "OrgPerson",
    "OrganizerView",
    "is_organizer",
    "organizer_view",
    "queued_items",
    "schedule_item",
    "scope_city",
]

ORGANIZER = "organizer"
CITY_SCOPE = "city"
SCHEDULE_UPDATE = "schedule.update"
"""The outbox kind of an organizer's change to a schedule item (``nuittui.sync.kinds``)."""


def is_organizer(me: Mapping[str, Any] | None) -> bool:
    """Whether ``me`` (my user row) may use the organizer commands."""
    return me is not None and me.get("role") == ORGANIZER


def scope_city(me: Mapping[str, Any] | None) -> str | None:
    """The only city ``me`` organizes (a city organizer), or None for every city (an event organizer).

    Servers before 0.2 leave the scope out: every organizer acted everywhere.
    """
    if not is_organizer(me) or me is None or me.get("organizer_scope") != CITY_SCOPE:
        return None
    city = me.get("city")
    return city if isinstance(city, str) else None


class OrgCity(NamedTuple):
    """A city I may address: its id and name."""

    id: str
    name: str


class OrgPerson(NamedTuple):
    """A participant I may act on (suspend, lift a suspension, issue a recovery code for)."""

    handle: str
    name: str
    city: str
    suspended: bool = False


class OrganizerView(NamedTuple):
    """What organizer mode offers me: empty (``organizer`` false) for a participant."""

    organizer: bool = False
    scope: str | None = None
    """The only city I organize; None: every city."""
    cities: tuple[OrgCity, ...] = ()
    """The cities I may address, in the event's order (only mine for a city organizer)."""
    items: tuple[ScheduleLine, ...] = ()
    """The schedule items of my scope, by start (a city organizer: their city's only)."""
    people: tuple[OrgPerson, ...] = ()
    """The participants of my scope (no organizer), by handle."""
    zone: str | None = None
    """The event's time zone."""
    starts_at: datetime | None = None
    """The event's start, end and jury time (for ``org event``'s ``HH:MM``)."""
    ends_at: datetime | None = None
    jury_at: datetime | None = None
    queued_items: frozenset[int] = frozenset()
    """Items of ``items`` with a change of mine still in the outbox (not on the server yet)."""

    @property
    def scope_name(self) -> str | None:
        """My city's name when I organize one city; None for every city."""
        return self.city_name(self.scope) if self.scope is not None else None

    def city_name(self, city: str) -> str:
        """A city's name (its id when the event does not name it)."""
        return next((c.name for c in self.cities if c.id == city), city)

    @property
    def names(self) -> dict[str, str]:
        """City id → name, for the cities I may address."""
        return {c.id: c.name for c in self.cities}


def _people(rows: CacheRows, scope: str | None) -> tuple[OrgPerson, ...]:
    people = []
    for handle, row in rows.table_rows("users").items():
        found = row.get("handle", handle)
        city = row.get("city")
        if not isinstance(found, str) or not isinstance(city, str) or row.get("role") == ORGANIZER:
            continue
        if scope is not None and city != scope:
            continue
        name = row.get("display_name")
        people.append(
            OrgPerson(
                found,
                safe(name if isinstance(name, str) and name else found),
                city,
                row.get("suspended") is True,
            )
        )
    return tuple(sorted(people, key=lambda person: person.handle))


def queued_items(pending: Sequence[PendingWrite]) -> frozenset[int]:
    """The schedule items with a change of mine still in the outbox (``PATCH /v1/schedule/{id}``)."""
    found = set()
    for write in pending:
        last = write.path.rstrip("/").rsplit("/", 1)[-1]
        if write.kind == SCHEDULE_UPDATE and last.isdigit():
            found.add(int(last))
    return frozenset(found)


def organizer_view(rows: CacheRows, handle: str | None, pending: Sequence[PendingWrite]) -> OrganizerView:
    """Whether I organize and where, my scope's cities, schedule items and participants, the event's
    zone and times, and which items have a change of mine still queued (``pending``).

    Who organizes what comes from my confirmed row only: no write of mine in the outbox changes it
    (the server decides).
    """
    me = rows.table_rows("users").get(handle) if handle is not None else None
    event = rows.event_row()
    zone = event.get("timezone") if event else None
    plain = OrganizerView(
        zone=zone if isinstance(zone, str) else None,
        starts_at=parse_time(event.get("starts_at")) if event else None,
        ends_at=parse_time(event.get("ends_at")) if event else None,
        jury_at=parse_time(event.get("jury_at")) if event else None,
    )
    if not is_organizer(me):
        return plain
    scope = scope_city(me)
    names = city_names(event)
    if scope is not None:
        cities: tuple[OrgCity, ...] = (OrgCity(scope, safe(names.get(scope, scope))),)
    else:
        cities = tuple(OrgCity(city, safe(name)) for city, name in names.items())
    items = [
        line
        for line in schedule_lines(rows.table_rows("schedule").values())
        if scope is None or line.city == scope
    ]
    return plain._replace(
        organizer=True,
        scope=scope,
        cities=cities,
        items=tuple(items),
        people=_people(rows, scope),
        queued_items=queued_items(pending) & {line.id for line in items},
    )


def schedule_item(rows: CacheRows, item_id: int) -> ScheduleLine | None:
    """Schedule item ``item_id`` of any city, None when not cached (the shell's ``org move|edit|cancel``:
    the server says in one line when it is not of my scope)."""
    return next(
        (line for line in schedule_lines(rows.table_rows("schedule").values()) if line.id == item_id), None
    )
