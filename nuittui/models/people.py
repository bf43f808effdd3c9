"""People: registration, profiles, tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from .base import Model, PublicModel
from .limits import Handle, Name, Skills, Slug


class Availability(StrEnum):
    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"


class Role(StrEnum):
    PARTICIPANT = "participant"
    ORGANIZER = "organizer"


class RegisterRequest(Model):
    """``POST /v1/auth/register``: the venue's join code buys a token."""

    join_code: str = Field(min_length=1, max_length=64)
    handle: Handle
    display_name: Name
    city: Slug
    skills: Skills = []


class UserPublic(PublicModel):
    """What everyone can see of a person."""

    handle: Handle
    display_name: Name
    city: Slug
    skills: list[str] = []
    availability: Availability = Availability.AVAILABLE
    role: Role = Role.PARTICIPANT
    team: int | None = None
    """The project whose team this person is in, if any."""
    created_at: datetime


class RegisterResponse(PublicModel):
    """The only time a raw token is ever sent: keep it, it is not stored anywhere."""

    token: str
    user: UserPublic


class MeUpdate(Model):
    """``PATCH /v1/me``: fields left out are unchanged."""

    display_name: Name | None = None
    skills: Skills | None = None
    availability: Availability | None = None
