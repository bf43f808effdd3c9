"""The connection state a status bar shows: plain data, no import of the contract.

Kept apart from ``views`` so the app can draw its status bar from the launch view
(``nuittui.sync.first_paint``) before the engine and its models are loaded; a named tuple,
which Python makes several times faster than a dataclass.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, NamedTuple

__all__ = ["ConnectionState", "Status"]

Status = Literal["online", "offline", "syncing", "disk_full"]
"""``disk_full``: the server answers, but the cache cannot save what it sends (reads still work)."""


class ConnectionState(NamedTuple):
    """How the engine stands with the server, for a status bar (``_replace`` makes a changed copy)."""

    status: Status
    last_synced_at: datetime | None = None
    """When a sync answer was last saved to the cache."""
    stale_since: datetime | None = None
    """Offline: since when the cached data may be out of date (the last sync), else None."""
    queued: int = 0
    """Writes waiting in the outbox."""
    queued_reason: str | None = None
    """Why the oldest waiting write is not sent yet (its latest failure), None when none failed."""
    dead_letters: int = 0
    """Writes the server refused for good, waiting for the user to retry or discard them."""
    echoing: int = 0
    """Writes the server took whose event has not come back in a pull yet (still shown pending)."""
    last_error: str | None = None
    """The latest failure, one line (cleared once back online)."""
