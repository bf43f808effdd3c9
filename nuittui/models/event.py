"""The event: cities, themes, dates. Public, and the same for every city."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from pydantic import AwareDatetime, field_validator

from .base import Model, PublicModel
from .limits import MAX_NAME, Name, Slug, Summary


class City(PublicModel):
    """A city that hosts a venue."""

    id: Slug
    name: Name
    country: Name = "France"
    venue: Summary = ""
    timezone: str | None = None
    """The city's own IANA time zone when it differs from the event's (a venue abroad)."""


class Theme(PublicModel):
    """One of the themed rooms of Saturday morning."""

    id: Slug
    name: Name
    description: Summary = ""


class EventPublic(PublicModel):
    """The event as ``GET /v1/event`` answers it."""

    name: Name
    timezone: str
    """IANA time zone of the event, e.g. ``Europe/Paris``; times in the API are UTC."""
    starts_at: datetime
    ends_at: datetime
    jury_at: datetime
    """The event's own jury time (the event file's ``jury_at``, or ``PATCH /v1/event``): the fallback
    of ``jury_at_by_city``. Apps before 0.2 count down to it."""
    cities: list[City]
    themes: list[Theme]
    jury_at_by_city: dict[str, datetime] = {}
    """Each city's jury time, computed by the server: the earliest ``jury`` item of that city that is
    not cancelled, else the earliest global ``jury`` item, else ``jury_at``. Every city is a key. The
    server sends ``event.upsert`` whenever it changes (a jury item moved, added, cancelled…). Empty
    from servers before 0.2: use ``jury_at`` then."""

    def jury_for(self, city: str | None) -> datetime:
        """The jury time of ``city`` (``jury_at`` for an unknown city or an older server)."""
        return self.jury_at_by_city.get(city or "", self.jury_at)


def known_zone(value: str) -> str:
    """``value`` when it names an IANA time zone (``Europe/Paris``), else ``ValueError``."""
    if not 1 <= len(value) <= MAX_NAME:
        raise ValueError(f"a time zone name has 1 to {MAX_NAME} characters")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (an IANA name such as Europe/Paris)") from None
    return value


class EventUpdate(Model):
    """``PATCH /v1/event`` (event organizers): fields left out are unchanged.

    The server checks the result as a whole: ``ends_at`` after ``starts_at``, ``jury_at`` within
    them (422 otherwise). Cities and themes change through the event file (``nuit-server import``).
    """

    name: Name | None = None
    timezone: str | None = None
    """An IANA time zone name, e.g. ``Europe/Paris`` (422 for an unknown one)."""
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    jury_at: AwareDatetime | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else known_zone(value)
