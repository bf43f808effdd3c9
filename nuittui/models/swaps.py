"""Bug swaps: someone stuck asks, someone in any city claims and helps."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from .base import Model, PublicModel
from .limits import Location, SwapBody, Tags, Thanks, Title


class SwapStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"


ACTIVE_SWAP_STATUSES = frozenset({SwapStatus.OPEN, SwapStatus.CLAIMED})


class SwapCreate(Model):
    """``POST /v1/swaps``."""

    title: Title
    body: SwapBody = ""
    """Markdown; code blocks welcome."""
    tags: Tags = []
    project_id: int | None = Field(default=None, ge=1, le=2**53 - 1)
    location: Location = ""
    """Where to find me in the venue, e.g. ``salle 2, près de la fenêtre``."""


class SwapResolve(Model):
    """``POST /v1/swaps/{id}/resolve`` (author): an optional thank-you and rating."""

    thanks: Thanks = ""
    rating: int | None = Field(default=None, ge=1, le=5)


class SwapPublic(PublicModel):
    id: int
    title: str
    body: str = ""
    tags: list[str] = []
    project_id: int | None = None
    location: str = ""
    city: str
    author: str
    status: SwapStatus
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    resolved_at: datetime | None = None
    thanks: str = ""
    rating: int | None = None
    created_at: datetime
    updated_at: datetime

    @property
    def channel(self) -> str:
        """The swap's own chat thread."""
        return f"swap:{self.id}"
