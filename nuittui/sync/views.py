"""What the engine hands to the app and the shell: connection state, change notices, and views
that merge the cache with the writes still in the outbox (shown as pending)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, Literal, NamedTuple, TypeVar

from nuittui.cache import ApplyResult
from nuittui.models import MessagePublic, ScheduleItemPublic, SwapPublic, UserPublic

from .state import ConnectionState

__all__ = [
    "Changed",
    "ClaimedSwap",
    "ConnectionState",
    "DrainSummary",
    "History",
    "MessageView",
    "News",
    "NowNext",
    "Pending",
    "ScheduleChange",
    "SyncSummary",
    "Unread",
    "WriteStatus",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ClaimedSwap:
    """One of my swaps was just claimed: who is coming, and from where."""

    swap: SwapPublic
    helper: UserPublic | None
    """The claimer, when the cache knows them."""

    @property
    def by(self) -> str:
        """The claimer's handle."""
        return self.swap.claimed_by or ""

    @property
    def city(self) -> str | None:
        """The claimer's city id, when known."""
        return self.helper.city if self.helper is not None else None


@dataclass(frozen=True, slots=True)
class Changed:
    """Sent to subscribers after every apply and every connection state change."""

    state: ConnectionState
    result: ApplyResult | None = None
    """What the cache apply changed; None for a state change alone."""
    claimed_swaps: list[ClaimedSwap] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Pending(Generic[T]):
    """A write still in the outbox, shown before the server confirms it."""

    key: str
    """The outbox entry's key (its Idempotency-Key)."""
    kind: str
    """``swap.create``, ``message``, ``team.join``…"""
    value: T
    """What was asked, as the contract's create model (``SwapCreate``, ``MessageCreate``…)."""
    created_at: datetime
    summary: str
    last_error: str | None = None
    """Why the latest try failed, if one did (it will be tried again)."""
    status: str = "pending"
    path: str = ""
    """The request's path (``/v1/projects/12/join``): which object the write is about."""


@dataclass(frozen=True, slots=True)
class MessageView:
    """A chat message as a list shows it: confirmed, or pending while still in the outbox.

    Fits the ``MessageLike`` protocol of the message list widget.
    """

    key: str
    """``msg:<id>`` once confirmed, ``out:<outbox key>`` while pending."""
    channel: str
    author: str
    body: str
    created_at: datetime
    announcement: bool = False
    pending: bool = False
    id: int | None = None
    seq: int | None = None
    last_error: str | None = None
    hidden: bool = False
    """Removed by the organizers: ``body`` is empty; show "removed by the organizers" instead."""

    @classmethod
    def confirmed(cls, message: MessagePublic) -> MessageView:
        """The view of a message the server has."""
        return cls(
            key=f"msg:{message.id}",
            channel=message.channel,
            author=message.author,
            body=message.body,
            created_at=message.created_at,
            announcement=message.announcement,
            id=message.id,
            seq=message.seq,
            hidden=message.hidden,
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: the ``MessagePublic`` fields plus ``pending`` and ``key``."""
        return {
            "id": self.id,
            "channel": self.channel,
            "author": self.author,
            "body": self.body,
            "announcement": self.announcement,
            "hidden": self.hidden,
            "created_at": self.created_at.isoformat(),
            "seq": self.seq,
            "pending": self.pending,
            "key": self.key,
        }


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    """A schedule item of my city (or of every city) just moved or cancelled by the organizers."""

    item: ScheduleItemPublic
    text: str
    """``Jury moved from 14:00 to 14:30``, ``Workshop X cancelled`` (in the event's time zone)."""


@dataclass(frozen=True, slots=True)
class News:
    """What one apply brought that the user should hear about at once (a toast, the bell)."""

    announcements: list[MessageView] = field(default_factory=list)
    """New announcements addressed to me (``all`` or my city), oldest first; none of mine."""
    schedule: list[ScheduleChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.announcements or self.schedule)


@dataclass(frozen=True, slots=True)
class NowNext:
    """The schedule at a glance for one city: what is on, what is next, the jury countdown."""

    now: list[ScheduleItemPublic]
    next: ScheduleItemPublic | None
    jury_at: datetime | None
    until_jury: timedelta | None
    """Time left before the jury; negative once it started; None without an event."""
    timezone: str
    """The event's IANA time zone, to show times in."""
    city: str | None


@dataclass(frozen=True, slots=True)
class Unread:
    """A channel's messages above its read marker, from other people."""

    count: int
    mentions: int
    """How many of them mention ``@me``."""


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
