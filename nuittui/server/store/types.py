"""Plain values passed between the routes and the store."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from nuittui.models import Role


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated person a request acts as."""

    id: int
    handle: str
    role: Role
    city: str

    @property
    def is_organizer(self) -> bool:
        """Whether this person runs the event."""
        return self.role is Role.ORGANIZER


SYSTEM = Actor(id=0, handle="", role=Role.ORGANIZER, city="")
"""The server itself, for seeding: may do what organizers do; never stored as an author."""


@dataclass(frozen=True, slots=True)
class WriteContext:
    """What identifies a mutating request for idempotency."""

    user_id: int
    key: str | None
    method: str
    path: str
    body_sha256: str


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
