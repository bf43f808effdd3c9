"""The local cache: what every screen and shell command reads, kept on disk per profile."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from nuittui.models import (
    EventPublic,
    EventType,
    MessagePublic,
    ProgressPublic,
    ProjectPublic,
    ScheduleItemPublic,
    SwapPublic,
    SwapStatus,
    SyncBatch,
    SyncEvent,
    UserPublic,
    utcnow,
)

from .channels import Channel
from .errors import CorruptCacheError
from .folder import DEFAULT_HISTORY, LOCK_TIMEOUT, CacheFolder
from .layout import TABLE_KEYS, StateDoc
from .readers import CacheReaders
from .result import KINDS, ApplyResult, SwapStatusChange
from .tables import Table

_TABLE_EVENTS: dict[str, tuple[str, Any]] = {
    EventType.USER: ("users", UserPublic),
    EventType.PROJECT: ("projects", ProjectPublic),
    EventType.PROGRESS: ("progress", ProgressPublic),
    EventType.SWAP: ("swaps", SwapPublic),
    EventType.SCHEDULE: ("schedule", ScheduleItemPublic),
}
_DELETE_EVENTS: dict[str, str] = {
    EventType.SCHEDULE_DELETE: "schedule",
    EventType.PROJECT_DELETE: "projects",
}


class LocalCache(CacheFolder, CacheReaders):
    """The profile's cached copy of the event: read offline, fed by ``apply(SyncBatch)``.

    ``quarantined`` lists the unreadable files this instance moved aside, and
    ``reset_reason`` says why the cache was found empty, for the UI to show.
    Readers (``swaps()``, ``messages()``…) come from ``CacheReaders``.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        history_per_channel: int = DEFAULT_HISTORY,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        super().__init__(path, history_per_channel=history_per_channel, lock_timeout=lock_timeout)

    @classmethod
    def open(cls, path: Path | str, **options: Any) -> LocalCache:
        """Open (or create) the cache in ``path``; check ``quarantined`` afterwards."""
        return cls(path, **options)

    def apply(self, batch: SyncBatch, then: Callable[[ApplyResult], object] | None = None) -> ApplyResult:
        """Save one sync answer: the snapshot when ``reset``, then the events, in one write per file.

        The cursor is saved in ``state.json`` after every file it covers. Events
        at or below the saved cursor were applied already and are skipped. ``then``
        runs with the result before any reader (they share ``reading()``) sees the new rows.
        """
        with self._mutex, self._locked():
            try:
                result = self._apply_or_reset(batch)
            except BaseException:
                self._forget()
                raise
            if then is not None:
                then(result)
            return result

    def _apply_or_reset(self, batch: SyncBatch) -> ApplyResult:
        try:
            self._sync_state()
            return self._apply_locked(batch)
        except CorruptCacheError as err:
            self._quarantine(err)
        if batch.reset:
            return self._apply_locked(batch)
        return ApplyResult(cursor=None, needs_reset=True)

    def _apply_locked(self, batch: SyncBatch) -> ApplyResult:
        result = ApplyResult(cursor=batch.cursor, reset=batch.reset)
        status_before: dict[int, str | None] = {}
        if batch.reset:
            touched = self._start_reset(batch, result, status_before)
            floor = None
        elif self._state.cursor is None or self._detached:
            return ApplyResult(cursor=None, needs_reset=True)
        else:
            touched = {}
            floor = self._state.cursor
        for event in batch.events:
            if event.key:
                result.confirmed_keys.add(event.key)
            if floor is not None and event.seq <= floor:
                result.stale += 1
                continue
            self._apply_event(event, result, touched, status_before)
        removed = [name for channel in touched.values() for name in channel.trim(self.history_per_channel)]
        state = self._state
        state.cursor = batch.cursor if floor is None else max(floor, batch.cursor)
        state.last_synced_at = utcnow().isoformat()
        result.cursor = state.cursor
        self._commit(touched.values(), removed, collect=batch.reset)
        if status_before:
            swaps = self._rows("swaps")
            for swap_id, before in status_before.items():
                after = swaps.get(swap_id, {}).get("status")
                if after is not None and after != before:
                    result.swap_status_changes[swap_id] = SwapStatusChange(
                        SwapStatus(before) if before else None, SwapStatus(after)
                    )
        return result

    def _start_reset(
        self, batch: SyncBatch, result: ApplyResult, status_before: dict[int, str | None]
    ) -> dict[str, Channel]:
        """Replace the in-memory cache by the snapshot, under new file names (lock held)."""
        try:
            old_status = {sid: row.get("status") for sid, row in self._rows("swaps").items()}
        except CorruptCacheError:
            old_status = {}  # its file is replaced by the snapshot anyway
        old_last = {name: channel.last_seq() for name, channel in self._channels.items()}
        state = StateDoc(next_file=self._state.next_file)
        self._state, self._tables, self._channels = state, {}, {}
        result.changed_kinds.update(KINDS)
        snapshot = batch.snapshot.model_dump(mode="json") if batch.snapshot is not None else None
        if snapshot is None:
            return {}
        state.event = snapshot["event"]
        for kind, key in TABLE_KEYS.items():
            self._tables[kind] = Table(kind, None, {row[key]: row for row in snapshot[kind]}, dirty=True)
        for swap_id in self._tables["swaps"].rows or {}:
            status_before[swap_id] = old_status.get(swap_id)
        for row in sorted(snapshot["messages"], key=lambda r: r["seq"]):
            channel = self._writable_channel(row["channel"])
            if channel.insert(row, state.new_file) and row["seq"] > old_last.get(channel.name, 0):
                result.new_messages.setdefault(channel.name, []).append(row["id"])
        return dict(self._channels)

    def _apply_event(
        self,
        event: SyncEvent,
        result: ApplyResult,
        touched: dict[str, Channel],
        status_before: dict[int, str | None],
    ) -> None:
        """Apply one event like ``nuittui.models.apply_events``; bad data is counted, not raised."""
        try:
            table_event = _TABLE_EVENTS.get(event.type)
            if table_event is not None:
                kind, model = table_event
                key_field = TABLE_KEYS[kind]
                key = getattr(model.model_validate(event.data), key_field)
                row = dict(event.data)
                row[key_field] = key
                rows = self._rows(kind)
                if kind == "swaps" and key not in status_before:
                    status_before[key] = rows[key].get("status") if key in rows else None
                rows[key] = row
                self._tables[kind].dirty = True
                result.note(kind, key)
            elif event.type == EventType.MESSAGE:
                row = _message_row(event.data)
                name = row["channel"]
                channel = touched.get(name) or self._writable_channel(name)
                touched[name] = channel
                if row.get("hidden") is True:
                    # Hidden by the organizers: the copy held (text and all) is overwritten in its chunk
                    # file; one not held stays out (a placeholder is no news).
                    if channel.replace_cached(row):
                        result.note("messages", name)
                    return
                if channel.insert(row, self._state.new_file):
                    result.new_messages.setdefault(name, []).append(row["id"])
                result.note("messages", name)
            elif event.type in _DELETE_EVENTS:
                kind = _DELETE_EVENTS[event.type]
                item_id = int(event.data["id"])
                rows = self._rows(kind)
                if rows.pop(item_id, None) is not None:
                    self._tables[kind].dirty = True
                    result.note(kind, item_id)
            elif event.type == EventType.EVENT:
                EventPublic.model_validate(event.data)
                self._state.event = dict(event.data)
                result.note("event")
            else:
                result.skipped += 1
        except (ValueError, TypeError, KeyError):
            result.invalid += 1

    def add_history(self, channel: str, page_messages: Iterable[MessagePublic]) -> int:
        """Merge an older page of ``channel`` fetched from the server; how many messages it added.

        Still bounded: messages older than the newest ``history_per_channel`` are not kept.
        """
        rows = []
        for message in page_messages:
            if message.channel != channel:
                raise ValueError(f"message {message.id} is in {message.channel!r}, not {channel!r}")
            rows.append(message.model_dump(mode="json"))
        if not rows:
            return 0
        with self._mutex, self._locked():
            try:
                try:
                    self._sync_state()
                    if self._state.cursor is None or self._detached:
                        return 0  # an empty cache resyncs first; history only extends a synced one
                    target = self._writable_channel(channel)
                    inserted = [
                        row
                        for row in sorted(rows, key=lambda r: -r["seq"])
                        if target.insert(row, self._state.new_file)
                    ]
                    removed = target.trim(self.history_per_channel)
                    oldest = target.oldest_visible_seq(self.history_per_channel)
                except CorruptCacheError as err:
                    self._quarantine(err)
                    return 0
                if not target.dirty_chunks() and not removed:
                    return 0
                self._commit([target], removed, collect=False)
                return sum(1 for row in inserted if row["seq"] >= oldest)
            except BaseException:
                self._forget()
                raise


def _message_row(data: dict[str, Any]) -> dict[str, Any]:
    """A ``message.create`` row, checked for what the cache relies on.

    Messages are most of the stream and never overwrite another object, so the
    full contract check is left to the readers (which skip a row that fails
    it) instead of doubling the cost of every apply.
    """
    if not (
        type(data.get("id")) is int
        and type(data.get("seq")) is int
        and isinstance(data.get("channel"), str)
        and isinstance(data.get("author"), str)
        and isinstance(data.get("body"), str)
    ):
        raise ValueError("not a message")
    return dict(data)
