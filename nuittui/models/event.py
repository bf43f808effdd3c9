"""The event: cities, themes, dates. Public, and the same for every city."""

from __future__ import annotations

from datetime import datetime

from .base import PublicModel
from .limits import Name, Slug, Summary


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
    """When the jury starts testing the results (the countdown on the home screen)."""
    cities: list[City]
    themes: list[Theme]
