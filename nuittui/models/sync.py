"""The sync stream: a server-wide sequence of events, and the snapshot it starts from.

Each event carries the whole new state of one object (``swap.upsert`` carries
the swap), so applying an event twice is harmless and a client's cache is a
plain map from ids to the latest copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import Field

from .base import PublicModel
from .chat import MessagePublic
from .event import EventPublic
from .people import UserPublic
from .projects import ProgressPublic, ProjectPublic
from .schedule import ScheduleItemPublic
from .swaps import SwapPublic

DEFAULT_POLL_TIMEOUT = 25
MAX_POLL_TIMEOUT = 60
SNAPSHOT_MESSAGES_PER_CHANNEL = 200
"""A snapshot carries this many latest messages of each channel; older ones page in from history."""


class EventType(StrEnum):
    EVENT = "event.upsert"
    USER = "user.upsert"
    PROJECT = "project.upsert"
    PROGRESS = "progress.create"
    SWAP = "swap.upsert"
    MESSAGE = "message.create"
    SCHEDULE = "schedule.upsert"
    SCHEDULE_DELETE = "schedule.delete"
    """``data`` is ``{"id": N}``."""
    PROJECT_DELETE = "project.delete"
    """``data`` is ``{"id": N}``: an organizer pruned a project nobody had joined (``nuit-server import
    --prune``). Clients before 0.2 skip it and keep the project until their next reset."""


class SyncEvent(PublicModel):
    seq: int
    type: str
    """An ``EventType`` value; a client skips types it does not know."""
    data: dict[str, Any]
    key: str | None = None
    """The Idempotency-Key of the request that caused it, so its author can drop the pending copy."""


class Snapshot(PublicModel):
    """The whole state at ``cursor``, as a reset answers it."""

    event: EventPublic
    users: list[UserPublic]
    projects: list[ProjectPublic]
    progress: list[ProgressPublic]
    swaps: list[SwapPublic]
    schedule: list[ScheduleItemPublic]
    messages: list[MessagePublic]
    """The latest ``SNAPSHOT_MESSAGES_PER_CHANNEL`` of each channel, in ``seq`` order."""


class SyncBatch(PublicModel):
    """``GET /v1/sync``: events after ``since`` (or a snapshot when ``reset``), up to ``cursor``."""

    cursor: int
    events: list[SyncEvent] = Field(default_factory=list)
    has_more: bool = False
    reset: bool = False
    snapshot: Snapshot | None = None


def apply_events(snapshot: Snapshot, events: list[SyncEvent]) -> Snapshot:
    """The snapshot after ``events``, ordered and bounded the way the server builds one.

    The reference semantics of the stream: a fresh snapshot taken after the
    events equals this result.
    """
    event = snapshot.event
    users = {u.handle: u for u in snapshot.users}
    projects = {p.id: p for p in snapshot.projects}
    progress = {p.id: p for p in snapshot.progress}
    swaps = {s.id: s for s in snapshot.swaps}
    schedule = {s.id: s for s in snapshot.schedule}
    messages = {m.id: m for m in snapshot.messages}
    for ev in events:
        match ev.type:
            case EventType.EVENT:
                event = EventPublic.model_validate(ev.data)
            case EventType.USER:
                user = UserPublic.model_validate(ev.data)
                users[user.handle] = user
            case EventType.PROJECT:
                project = ProjectPublic.model_validate(ev.data)
                projects[project.id] = project
            case EventType.PROGRESS:
                update = ProgressPublic.model_validate(ev.data)
                progress[update.id] = update
            case EventType.SWAP:
                swap = SwapPublic.model_validate(ev.data)
                swaps[swap.id] = swap
            case EventType.MESSAGE:
                message = MessagePublic.model_validate(ev.data)
                messages[message.id] = message
            case EventType.SCHEDULE:
                item = ScheduleItemPublic.model_validate(ev.data)
                schedule[item.id] = item
            case EventType.SCHEDULE_DELETE:
                schedule.pop(int(ev.data["id"]), None)
            case EventType.PROJECT_DELETE:
                projects.pop(int(ev.data["id"]), None)
    return Snapshot(
        event=event,
        users=sorted(users.values(), key=lambda u: u.handle),
        projects=sorted(projects.values(), key=lambda p: p.id),
        progress=sorted(progress.values(), key=lambda p: p.id),
        swaps=sorted(swaps.values(), key=lambda s: s.id),
        schedule=sorted(schedule.values(), key=lambda s: (s.starts_at, s.id)),
        messages=latest_per_channel(messages.values(), SNAPSHOT_MESSAGES_PER_CHANNEL),
    )


def latest_per_channel(messages: Iterable[MessagePublic], limit: int) -> list[MessagePublic]:
    """The newest ``limit`` messages of each channel, all in ``seq`` order."""
    kept: list[MessagePublic] = []
    counts: dict[str, int] = {}
    for message in sorted(messages, key=lambda m: m.seq, reverse=True):
        if counts.get(message.channel, 0) < limit:
            counts[message.channel] = counts.get(message.channel, 0) + 1
            kept.append(message)
    kept.reverse()
    return kept
