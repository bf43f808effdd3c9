"""The schedule: global items and each city's own."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import AwareDatetime, field_validator, model_validator

from .base import Model, PublicModel
from .limits import Description, Kind, Location, Slug, Title


class ScheduleKind(StrEnum):
    """The well-known kinds of schedule item: apps give them an icon or a mark.

    A kind is free text (``"midnight pizza"``); these are the values every app
    understands, and the only ones apps before 0.2 accept.
    """

    WELCOME = "welcome"
    THEMES = "themes"
    TEAMS = "teams"
    WORK = "work"
    MEAL = "meal"
    TALK = "talk"
    JURY = "jury"
    CLOSING = "closing"
    MEETUP = "meetup"


WELL_KNOWN_KINDS = frozenset(k.value for k in ScheduleKind)

MEETUP_AFTER_EVENT = timedelta(days=45)
"""A follow-up meetup (kind ``meetup``) may come this long after the event ends; nothing else may."""


def normalize_kind(value: object) -> object:
    """A well-known kind in lower case whatever its case (``Meal`` → ``meal``); other text as given."""
    if isinstance(value, str) and value.strip().lower() in WELL_KNOWN_KINDS:
        return value.strip().lower()
    return value


def outside_event(
    starts_at: datetime, ends_at: datetime, kind: str, *, event_start: datetime, event_end: datetime
) -> str | None:
    """Why an item does not fit the event's dates, or None when it does.

    Every item lies between the event's start and end, but a ``meetup``, which may
    follow the event by up to ``MEETUP_AFTER_EVENT`` (the first monthly meetup).
    """
    if starts_at < event_start:
        return "starts before the event"
    meetup = kind == ScheduleKind.MEETUP
    limit = event_end + (MEETUP_AFTER_EVENT if meetup else timedelta(0))
    if ends_at <= limit:
        return None
    if meetup:
        return f"ends more than {MEETUP_AFTER_EVENT.days} days after the event"
    return "comes after the event" if starts_at >= limit else "ends after the event"


class ScheduleItemCreate(Model):
    """``POST /v1/schedule`` (organizers). ``city`` empty means every city."""

    title: Title
    description: Description = ""
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    city: Slug | None = None
    room: Location = ""
    kind: Kind = ScheduleKind.TALK.value
    """Free text; a well-known kind (``ScheduleKind``) is stored in lower case."""

    _kind = field_validator("kind", mode="before")(normalize_kind)

    @model_validator(mode="after")
    def _ends_after_start(self) -> ScheduleItemCreate:
        if self.ends_at < self.starts_at:
            raise ValueError("ends_at is before starts_at")
        return self


class ScheduleItemUpdate(Model):
    """``PATCH /v1/schedule/{id}`` (organizers): fields left out are unchanged."""

    title: Title | None = None
    description: Description | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    room: Location | None = None
    kind: Kind | None = None
    cancelled: bool | None = None
    """True cancels the item (it stays in the schedule, marked cancelled); false restores it."""

    _kind = field_validator("kind", mode="before")(normalize_kind)


class ScheduleItemPublic(PublicModel):
    id: int
    title: str
    description: str = ""
    starts_at: datetime
    ends_at: datetime
    city: str | None = None
    room: str = ""
    kind: str
    """Free text; compare with ``ScheduleKind`` for the well-known ones, show any other plainly."""
    uid: str = ""
    """The item's lasting identity across servers and files: the iCalendar UID and the guid of
    the schedule JSON. Empty from servers before 0.2."""
    cancelled: bool = False
    """Cancelled by the organizers: still listed, to be shown as cancelled. A cancelled ``jury`` item
    no longer sets its city's jury time."""
    changed_at: datetime | None = None
    """When an organizer (or an import) last changed the item after it was published; None if never."""
    changed_fields: list[str] = []
    """The fields that change touched, e.g. ``["starts_at", "ends_at", "room"]``."""
    previous_starts_at: datetime | None = None
    """The start before the latest move of the start ("moved from 14:00"); None if it never moved."""
    previous_ends_at: datetime | None = None
    """The end before the latest change of the end; None if it never changed."""
