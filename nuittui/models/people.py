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


class OrganizerScope(StrEnum):
    """Where an organizer may act: their own city, or every city of the event."""

    CITY = "city"
    """A city organizer: acts on their city's objects only (``UserPublic.city``)."""
    EVENT = "event"
    """An event organizer: acts on every city, on what belongs to every city, and on the event."""


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
    organizer_scope: OrganizerScope | None = None
    """For an organizer, where they act: ``city`` (their own city only) or ``event`` (every city);
    None for a participant. Servers before 0.2 leave it out (every organizer acted everywhere)."""
    suspended: bool = False
    """Suspended by the organizers: every request of theirs is refused (403) until lifted."""


class RegisterResponse(PublicModel):
    """The only time a raw token is ever sent: keep it, it is not stored anywhere."""

    token: str
    user: UserPublic


class MeUpdate(Model):
    """``PATCH /v1/me``: fields left out are unchanged."""

    display_name: Name | None = None
    skills: Skills | None = None
    availability: Availability | None = None


RECOVERY_CODE_MAX = 64


class RecoveryCreate(Model):
    """``POST /v1/users/{handle}/recovery`` (organizers): a one-time code for someone who lost access."""

    revoke_tokens: bool = False
    """Also revoke every token the person holds now, at once (a lost or stolen laptop). Leave it
    false for a second laptop: the first one keeps working."""


class RecoveryCode(PublicModel):
    """A recovery code, shown once: hand it to the person, who redeems it with ``POST /v1/auth/recover``."""

    handle: str
    code: str
    """Single use; stored only as a digest."""
    expires_at: datetime
    revoked_tokens: int = 0
    """How many of the person's tokens were revoked with it (``revoke_tokens``)."""


class RecoverRequest(Model):
    """``POST /v1/auth/recover``: a participant trades a recovery code for a new token."""

    handle: Handle
    code: str = Field(min_length=1, max_length=RECOVERY_CODE_MAX)
