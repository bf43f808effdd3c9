"""The read half of ``SyncEngine``: the cache, merged with the writes still in the outbox.

Reads never touch the network: they answer from the profile's cache in
memory (reloading only files another process rewrote).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from nuittui.cache import ApplyResult, LocalCache, Outbox, OutboxEntry
from nuittui.models import (
    ChannelPublic,
    CityProgress,
    EventPublic,
    MessageCreate,
    ProgressPublic,
    ProjectPublic,
    ScheduleItemPublic,
    SwapCreate,
    SwapPublic,
    SwapStatus,
    UserPublic,
    utcnow,
)
from nuittui.readmodel.home import HomeView, home_view
from nuittui.readmodel.rows import CacheRows
from nuittui.readmodel.rules import city_names, mention_pattern
from nuittui.readmodel.schedule import change_alert, jury_at, now_and_next

from . import kinds, markers
from .confirm import Confirmations
from .views import MessageView, News, NowNext, Pending, ScheduleChange, Unread

__all__ = ["ReadsMixin"]

UNREAD_SCAN = 500
"""Unread counts look at most this many of a channel's newest messages."""


class ReadsMixin:
    """Readers of ``SyncEngine``; ``handle`` is the user's handle, when known."""

    handle: str | None
    _cache: LocalCache
    _outbox: Outbox
    _folder: Path
    _confirmed: Confirmations
    _echo_wait: dict[str, tuple[OutboxEntry, float]]
    local_marks: int = 0
    """How many times this engine moved a read marker or dismissed an announcement: a screen drawn
    before the last one shows stale unread counts or banner (the sync's changes notify instead)."""

    # -- read-model views (``nuittui.readmodel``: the same projections as the first paint) --------

    def home_view(self) -> HomeView:
        """What Home shows now: the cache's rows, my writes still queued, my read markers."""
        return home_view(
            self._cache,
            self.handle,
            self._unconfirmed(),
            markers.read_markers(self._folder),
            markers.read_dismissed(self._folder),
        )

    def dismiss_announcements(self, seq: int) -> int:
        """Dismiss Home's banner: every announcement up to ``seq`` is gone from it (and from the status
        line) until a newer one arrives; kept in the profile's folder, so it survives a restart.
        Writes a file: call it off the UI loop."""
        self.local_marks += 1
        return markers.dismiss_announcements(self._folder, seq)

    def news(self, result: ApplyResult) -> News:
        """What an apply brought that I should hear about at once: new announcements addressed to me
        (not mine), schedule items of my city or of everyone just moved or cancelled. Nothing from a
        reset: the whole state arriving at once is not news."""
        if result.reset or self.handle is None:
            return News()
        mine = self.me()
        city = mine.city if mine is not None else None
        announcements: list[MessageView] = []
        for channel in ("all", *([f"city:{city}"] if city else [])):
            ids = set(result.new_messages.get(channel, ()))
            if not ids:
                continue
            for message in self._cache.messages(channel, limit=max(50, len(ids))):
                wanted = message.id in ids and message.announcement and not message.hidden
                if wanted and message.author != self.handle:
                    announcements.append(MessageView.confirmed(message))
        announcements.sort(key=lambda m: m.seq or 0)
        changes: list[ScheduleChange] = []
        touched = result.changed_ids.get("schedule", set())
        if touched:
            zone = _zone(self._cache.event())
            for item in self._cache.schedule(city):
                if item.id not in touched or item.changed_at is None:
                    continue
                cancelled = item.cancelled and "cancelled" in item.changed_fields
                moved_from = item.previous_starts_at if "starts_at" in item.changed_fields else None
                text = change_alert(item.title, cancelled, moved_from, item.starts_at, zone)
                if text is not None:
                    changes.append(ScheduleChange(item=item, text=text))
        return News(announcements=announcements, schedule=changes)

    def rows(self) -> CacheRows:
        """The cache's stored rows, for the read model's projections (``nuittui.readmodel``).
        Reading them may reload a file another process rewrote: call it off the UI loop."""
        return self._cache

    def unconfirmed(self) -> list[OutboxEntry]:
        """My writes still in the outbox whose confirmation has not reached it yet, oldest first: the
        read model's ``pending`` (a ``PendingWrite`` each), never mixed into the confirmed rows."""
        return self._unconfirmed()

    def read_markers(self) -> dict[str, int]:
        """Each channel's read marker (the seq read up to). Reads a file: off the UI loop."""
        return markers.read_markers(self._folder)

    def city_names(self) -> dict[str, str]:
        """City id → name (empty before the first sync)."""
        return city_names(self._cache.event_row())

    def _unconfirmed(self) -> list[OutboxEntry]:
        """My writes not in the cache yet, oldest first: the ones the server took whose event has not
        come back in a pull, then the ones still queued (whose confirmation has not reached the
        outbox yet)."""
        echoing = [entry for entry, _sent in list(self._echo_wait.values())]
        queued = [e for e in self._outbox.pending() if e.key not in self._confirmed]
        return [*echoing, *queued]

    # -- plain cache reads -----------------------------------------------------------------

    def event(self) -> EventPublic | None:
        """The event (name, time zone, cities, themes), None before the first sync."""
        return self._cache.event()

    def users(self) -> list[UserPublic]:
        """Everyone, by handle."""
        return self._cache.users()

    def user(self, handle: str) -> UserPublic | None:
        """One person."""
        return self._cache.user(handle)

    def me(self) -> UserPublic | None:
        """My profile, with my pending profile updates applied."""
        if self.handle is None:
            return None
        user = self._cache.user(self.handle)
        if user is None:
            return None
        for entry in self._outbox.pending(kinds.ME_UPDATE):
            if entry.body:
                user = user.model_copy(update=entry.body)
        return user

    def projects(self, theme: str | None = None, city: str | None = None) -> list[ProjectPublic]:
        """Projects by id, optionally of one theme and/or city."""
        return self._cache.projects(theme=theme, city=city)

    def project(self, project_id: int) -> ProjectPublic | None:
        """One project and its team."""
        return self._cache.project(project_id)

    def progress(self, project_id: int | None = None) -> list[ProgressPublic]:
        """Team progress updates, newest first."""
        return self._cache.progress(project_id)

    def swap(self, swap_id: int) -> SwapPublic | None:
        """One swap."""
        return self._cache.swap(swap_id)

    def schedule(self, city: str | None = None) -> list[ScheduleItemPublic]:
        """Schedule items by start; with ``city``, the global ones and that city's."""
        return self._cache.schedule(city)

    def channels(self) -> list[ChannelPublic]:
        """Every channel: all cities, each city, each team, each swap."""
        return self._cache.channels()

    def city_progress(self) -> list[CityProgress]:
        """Each city's figures, computed from the cache."""
        return self._cache.city_progress()

    def last_synced_at(self) -> datetime | None:
        """When the cache last saved a server answer."""
        return self._cache.last_synced_at()

    # -- merged with the outbox ------------------------------------------------------------

    def swaps(
        self,
        status: SwapStatus | str | None = None,
        city: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        claimed_by: str | None = None,
        *,
        include_pending: bool = True,
    ) -> list[SwapPublic | Pending[SwapCreate]]:
        """Swaps newest first; my swap creations still in the outbox come first, with status ``pending``."""
        pending: list[SwapPublic | Pending[SwapCreate]] = []
        mine = self.me()
        if include_pending and claimed_by is None and status in (None, "pending"):
            for item in reversed(self.pending_writes(kinds.SWAP_CREATE)):
                value = item.value
                if (
                    (author is None or author == self.handle)
                    and (city is None or (mine is not None and mine.city == city))
                    and (tag is None or tag in value.tags)
                ):
                    pending.append(item)
        if status == "pending":
            return pending
        confirmed = self._cache.swaps(status=status, city=city, tag=tag, author=author, claimed_by=claimed_by)
        return [*pending, *confirmed]

    def messages(self, channel: str, limit: int | None = 50) -> list[MessageView]:
        """The newest ``limit`` confirmed messages, oldest first, then mine still pending."""
        confirmed = [MessageView.confirmed(m) for m in self._cache.messages(channel, limit=limit)]
        pending = []
        for entry in self._outbox.pending_messages(channel):
            if entry.key in self._confirmed or not entry.body:
                continue  # the server's copy is in the cache already; the outbox catches up
            pending.append(
                MessageView(
                    key=f"out:{entry.key}",
                    channel=channel,
                    author=self.handle or "",
                    body=str(entry.body.get("body", "")),
                    created_at=entry.created_at,
                    announcement=bool(entry.body.get("announcement", False)),
                    pending=True,
                    last_error=entry.last_error,
                )
            )
        return [*confirmed, *pending]

    def pending_writes(self, kind: str | None = None) -> list[Pending[Any]]:
        """Writes still queued, oldest first, with the create model of the ones that have a body."""
        found: list[Pending[Any]] = []
        for entry in self._outbox.pending(kind):
            if entry.key in self._confirmed:
                continue
            found.append(
                Pending(
                    key=entry.key,
                    kind=entry.kind,
                    value=_pending_value(entry),
                    created_at=entry.created_at,
                    summary=entry.summary,
                    path=entry.path,
                    last_error=entry.last_error,
                )
            )
        return found

    def queued(self) -> list[OutboxEntry]:
        """Writes waiting to be sent, oldest first, as outbox entries (attempts, last error…)."""
        return self._outbox.pending()

    def dead_letters(self) -> list[OutboxEntry]:
        """Writes the server refused for good, oldest first, each with ``dead_reason``."""
        return self._outbox.dead_letters()

    # -- schedule and read markers ---------------------------------------------------------

    def now_next(self, now: datetime | None = None, city: str | None = None) -> NowNext:
        """What is on and next for my city (or ``city``), and the countdown to the jury."""
        moment = now or utcnow()
        event = self._cache.event()
        if city is None:
            mine = self.me()
            city = mine.city if mine is not None else None
        current, upcoming = now_and_next(
            self._cache.schedule(city), moment, start=lambda i: i.starts_at, end=lambda i: i.ends_at
        )
        jury = jury_at(self._cache.event_row(), city)
        return NowNext(
            now=current,
            next=upcoming,
            jury_at=jury,
            until_jury=(jury - moment) if jury is not None else None,
            timezone=event.timezone if event else "UTC",
            city=city,
        )

    def unread(self, channel: str) -> Unread:
        """Messages from others above the channel's read marker, and how many mention me."""
        return self.unread_counts([channel])[channel]

    def unread_counts(
        self, channels: Iterable[str], *, read: Mapping[str, int] | None = None
    ) -> dict[str, Unread]:
        """``unread`` of each channel, the read markers read once for all (``read``: markers about to
        move, counted as moved)."""
        marks = markers.read_markers(self._folder)
        for channel, seq in (read or {}).items():
            marks[channel] = max(seq, marks.get(channel, 0))
        pattern = mention_pattern(self.handle) if self.handle else None
        counts = {}
        for channel in channels:
            count, mentions = self._cache.count_newer(
                channel, marks.get(channel, 0), newest=UNREAD_SCAN, other_than=self.handle, matching=pattern
            )
            counts[channel] = Unread(count=count, mentions=mentions)
        return counts

    def mark_read(self, channel: str, seq: int | None = None) -> int:
        """Move the channel's read marker to ``seq`` (default: its newest cached message); never back."""
        import filelock

        newest = seq
        if newest is None:
            latest = self._cache.messages(channel, limit=1)
            newest = latest[-1].seq if latest else 0
        lock = filelock.FileLock(
            str(self._folder / markers.MARKERS_LOCK_FILE), thread_local=False, mode=0o600
        )
        with lock:
            current = markers.read_markers(self._folder)
            if newest > current.get(channel, 0):
                current[channel] = newest
                markers.write_json(self._folder / markers.READ_FILE, dict(current))
                self.local_marks += 1
            return max(newest, current.get(channel, 0))


def _zone(event: EventPublic | None) -> tzinfo:
    """The event's time zone (UTC before the first sync, or for a name this machine does not know)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(event.timezone) if event is not None else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _pending_value(entry: OutboxEntry) -> Any:
    """The create model a queued body stands for; the raw body when it has no model here."""
    models: dict[str, type[BaseModel]] = {kinds.SWAP_CREATE: SwapCreate, kinds.MESSAGE: MessageCreate}
    model = models.get(entry.kind)
    if model is None or entry.body is None:
        return entry.body
    try:
        return model.model_validate(entry.body)
    except ValidationError:
        return entry.body
