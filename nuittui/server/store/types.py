"""Plain values passed between the routes and the store."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from nuittui.models import OrganizerScope, Role


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated person a request acts as."""

    id: int
    handle: str
    role: Role
    city: str
    scope: OrganizerScope | None = None
    """For an organizer: their own city only, or every city."""
    suspended: bool = False

    @property
    def is_organizer(self) -> bool:
        """Whether this person runs the event (in their city or everywhere)."""
        return self.role is Role.ORGANIZER

    @property
    def is_event_organizer(self) -> bool:
        """Whether this person organizes every city (and the event itself)."""
        return self.is_organizer and self.scope is OrganizerScope.EVENT

    def organizes(self, city: str | None) -> bool:
        """Whether this person may act as an organizer on what belongs to ``city`` (None: every city)."""
        if self.is_event_organizer:
            return True
        return self.is_organizer and city is not None and city == self.city


SYSTEM = Actor(id=0, handle="", role=Role.ORGANIZER, city="", scope=OrganizerScope.EVENT)
"""The server itself, for seeding and imports: may do what event organizers do; never stored as an
author, nor in the audit log."""

COMMAND_LINE = Actor(id=0, handle="nuit-server", role=Role.ORGANIZER, city="", scope=OrganizerScope.EVENT)
"""``nuit-server``'s organizer commands: SYSTEM's powers, under its own name in the audit log."""


@dataclass(frozen=True, slots=True)
class WriteContext:
    """What identifies a mutating request for idempotency."""

    user_id: int
    key: str | None
    method: str
    path: str
    body_sha256: str
    token_digest: str | None = None
    """The digest of the request's token: checked again inside the write's transaction (still there,
    its holder not suspended)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a mutation answers: a status and the public object (None for 204)."""

    status: int
    value: BaseModel | None = None


@dataclass(frozen=True, slots=True)
class WriteResult:
    """A committed (or replayed) write: the status and JSON body to answer."""

    status: int
    body: bytes
    value: BaseModel | None = None
    """The object written; None for a 204 and for an idempotent replay."""
    replayed: bool = False
