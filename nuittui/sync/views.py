"""What the engine hands to the app and the shell: connection state, change notices, what a sync
or an outbox pass did, and the news of an apply. What the cache holds is shown through the read
model (``nuittui.readmodel``), never through views that mix pending writes into server objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from nuittui.cache import ApplyResult
from nuittui.readmodel.board import SwapRow
from nuittui.readmodel.schedule import ScheduleLine
from nuittui.readmodel.threads import MessageLine

from .state import ConnectionState

__all__ = [
    "Changed",
    "ClaimedSwap",
    "ConnectionState",
    "DrainSummary",
    "History",
    "News",
    "ScheduleChange",
    "SyncSummary",
    "WriteStatus",
]


@dataclass(frozen=True, slots=True)
class ClaimedSwap:
    """One of my swaps was just claimed: who is coming, and from where (the read model's swap)."""

    swap: SwapRow
    helper_name: str | None = None
    """The claimer's display name, when the cache knows them."""
    city_name: str | None = None
    """The claimer's city, by name, when known."""

    @property
    def by(self) -> str:
        """The claimer's handle."""
        return self.swap.claimed_by or ""


@dataclass(frozen=True, slots=True)
class Changed:
    """Sent to subscribers after every apply and every connection state change."""

    state: ConnectionState
    result: ApplyResult | None = None
    """What the cache apply changed; None for a state change alone."""
    claimed_swaps: list[ClaimedSwap] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    """A schedule item of my city (or of every city) just moved or cancelled by the organizers."""

    item: ScheduleLine
    text: str
    """``Jury moved from 14:00 to 14:30``, ``Workshop X cancelled`` (in the event's time zone)."""


@dataclass(frozen=True, slots=True)
class News:
    """What one apply brought that the user should hear about at once (a toast, the bell)."""

    announcements: list[MessageLine] = field(default_factory=list)
    """New announcements addressed to me (``all`` or my city), oldest first, as a thread shows them
    (``readmodel.threads.message_line``); none of mine."""
    schedule: list[ScheduleChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.announcements or self.schedule)


@dataclass(slots=True)
class DrainSummary:
    """What one pass over the outbox did."""

    sent: int = 0
    failed: int = 0
    """Tries that failed for a reason that may pass (kept queued, retried later)."""
    dead: int = 0
    """Writes refused for good (moved to the dead letters)."""
    busy: bool = False
    """Another process is draining this profile; it was left to it."""
    offline: bool = False
    errors: list[str] = field(default_factory=list)
    """One line per failure, in order."""


@dataclass(slots=True)
class SyncSummary:
    """What ``sync_once`` did: the outbox pass, then the pull."""

    drain: DrainSummary = field(default_factory=DrainSummary)
    events: int = 0
    """Events applied to the cache."""
    batches: int = 0
    reset: bool = False
    """The server sent a whole snapshot."""
    cursor: int | None = None
    claimed_swaps: list[ClaimedSwap] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WriteStatus:
    """Where one queued write stands."""

    state: Literal["sent", "queued", "dead", "gone"]
    """``sent`` by this engine; ``queued`` still; ``dead`` refused for good; ``gone`` from the
    outbox without this engine sending it (another process did)."""
    answer: Any = None
    """The server's answer (the created or changed object's JSON) when ``sent``."""
    reason: str | None = None
    """Why it is dead, or why its latest try failed."""


class History(NamedTuple):
    """What ``load_older`` fetched."""

    added: int
    """Messages new to the cache."""
    has_more: bool
    """The server holds older ones still."""
