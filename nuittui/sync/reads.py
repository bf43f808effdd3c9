"""The read half of ``SyncEngine``: the inputs of the read model, and the few reads left.

What a screen or a shell command shows comes from the read model (``nuittui.readmodel``): the
engine hands it the cache's rows (``rows``), my writes not yet confirmed (``unconfirmed``, never
mixed into the rows) and my read markers. The engine keeps ``news`` (the app's toasts, built from
the rows), the outbox's own lists and the read markers; it has no pydantic reader of the cache.
Reads never touch the network: they answer from the profile's cache in memory (reloading only
files another process rewrote).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from pathlib import Path

from nuittui.cache import ApplyResult, LocalCache, Outbox, OutboxEntry
from nuittui.readmodel.home import HomeView, home_view
from nuittui.readmodel.rows import CacheRows, me_row
from nuittui.readmodel.rules import city_names, zone_name
from nuittui.readmodel.schedule import change_alert, schedule_lines
from nuittui.readmodel.threads import MessageLine, message_line

from . import markers
from .confirm import Confirmations
from .echo import EchoWait
from .views import News, ScheduleChange

__all__ = ["ReadsMixin"]


class ReadsMixin:
    """Readers of ``SyncEngine``; ``handle`` is the user's handle, when known."""

    handle: str | None
    _cache: LocalCache
    _outbox: Outbox
    _folder: Path
    _confirmed: Confirmations
    _echo: EchoWait
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
        reset: the whole state arriving at once is not news. Built from the cache's rows as the read
        model shows them (``readmodel.threads.message_line``, ``readmodel.schedule``)."""
        if result.reset or self.handle is None:
            return News()
        rows = self.rows()
        me = me_row(rows, self.handle, self._unconfirmed())
        city = me.get("city") if me is not None else None
        city = city if isinstance(city, str) and city else None
        announcements: list[MessageLine] = []
        for channel in ("all", *([f"city:{city}"] if city else [])):
            ids = set(result.new_messages.get(channel, ()))
            if not ids:
                continue
            for row in rows.message_rows(channel, limit=max(50, len(ids))):
                line = message_line(row, self.handle)
                if line is None or line.id not in ids or not line.announcement or line.hidden:
                    continue
                if line.author != self.handle:
                    announcements.append(line)
        announcements.sort(key=lambda m: m.seq or 0)
        changes: list[ScheduleChange] = []
        touched = result.changed_ids.get("schedule", set())
        if touched:
            zone = _zone(zone_name(rows.event_row()))
            changed = [
                row
                for row in rows.table_rows("schedule").values()
                if row.get("id") in touched and row.get("changed_at") is not None
            ]
            for item in schedule_lines(changed, city):
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
        outbox yet) that no pull brought back."""
        queued = [e for e in self._outbox.pending() if e.key not in self._confirmed]
        return self._echo.unconfirmed(queued)

    # -- plain cache reads -----------------------------------------------------------------

    def last_synced_at(self) -> datetime | None:
        """When the cache last saved a server answer."""
        return self._cache.last_synced_at()

    def queued(self) -> list[OutboxEntry]:
        """Writes waiting to be sent, oldest first, as outbox entries (attempts, last error…)."""
        return self._outbox.pending()

    def dead_letters(self) -> list[OutboxEntry]:
        """Writes the server refused for good, oldest first, each with ``dead_reason``."""
        return self._outbox.dead_letters()

    # -- read markers ---------------------------------------------------------

    def mark_read(self, channel: str, seq: int | None = None) -> int:
        """Move the channel's read marker to ``seq`` (default: its newest cached message); never back."""
        import filelock

        newest = seq
        if newest is None:
            latest = self._cache.message_rows(channel, limit=1)
            found = latest[-1].get("seq") if latest else None
            newest = found if isinstance(found, int) else 0
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


def _zone(name: str | None) -> tzinfo:
    """The event's time zone (UTC before the first sync, or for a name this machine does not know)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC
