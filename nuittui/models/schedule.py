"""The schedule: global items and each city's own."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, model_validator

from .base import Model, PublicModel
from .limits import Description, Location, Slug, Title


class ScheduleKind(StrEnum):
    WELCOME = "welcome"
    THEMES = "themes"
    TEAMS = "teams"
    WORK = "work"
    MEAL = "meal"
    TALK = "talk"
    JURY = "jury"
    CLOSING = "closing"
    MEETUP = "meetup"


class ScheduleItemCreate(Model):
    """``POST /v1/schedule`` (organizers). ``city`` empty means every city."""

    title: Title
    description: Description = ""
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    city: Slug | None = None
    room: Location = ""
    kind: ScheduleKind = ScheduleKind.TALK

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
    kind: ScheduleKind | None = None


class ScheduleItemPublic(PublicModel):
    id: int
    title: str
    description: str = ""
    starts_at: datetime
    ends_at: datetime
    city: str | None = None
    room: str = ""
    kind: ScheduleKind
