"""``nuit-tui status --line``: one short line for a tmux status bar or a prompt, from the files alone.

Reads the cache's files directly (through ``nuittui.cache.layout``, which parses
them without the contract's models), the outbox, and the read markers and link
state beside them; never the network. Only the rows it needs are looked at:
the newest messages above each channel's read marker, my swaps, the schedule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import orjson

from nuittui.cache.errors import CacheError
from nuittui.cache.journal import LEGACY_OUTBOX_FILE, OUTBOX_FILE, JournalState
from nuittui.cache.layout import MESSAGES_DIR, STATE_FILE, TABLES_DIR, StateDoc, parse_chunk, parse_table
from nuittui.i18n import _
from nuittui.readmodel.rules import mention_pattern, safe
from nuittui.readmodel.schedule import now_and_next
from nuittui.sync.markers import read_dismissed, read_link, read_markers, read_posted

__all__ = ["StatusFacts", "gather", "render"]

MENTION_SCAN = 500
"""At most this many unread messages per channel are searched for mentions."""
SEPARATOR = " · "
STALE_AFTER = timedelta(minutes=10)
"""Older data than this is marked with the time of the last sync."""


@dataclass(slots=True)
class StatusFacts:
    """What the status line says, before it is worded."""

    mentions: int = 0
    announcements: int = 0
    """Announcements to me (``all``, my city's channel) not dismissed from Home."""
    announcement: dict[str, Any] | None = None
    """The newest of them (its message row)."""
    my_swap: dict[str, Any] | None = None
    """My newest open or claimed swap's row."""
    helping: dict[str, Any] | None = None
    """The swap I claimed, if any."""
    pending_swaps: int = 0
    next_item: dict[str, Any] | None = None
    now_item: dict[str, Any] | None = None
    timezone: str | None = None
    offline: bool = False
    queued: int = 0
    dead: int = 0
    synced: bool = False
    """Whether the cache holds anything at all."""
    synced_at: datetime | None = None
    """When a sync answer was last saved."""


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, orjson.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _when(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return datetime.max.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _table(folder: Path, state: StateDoc, kind: str) -> list[dict[str, Any]]:
    name = state.tables.get(kind)
    if name is None:
        return []
    path = folder / TABLES_DIR / name
    return list(parse_table(_read(path), path, kind).values())


def _unread_rows(folder: Path, state: StateDoc, channel: str, marker: int) -> Iterator[dict[str, Any]]:
    """A channel's messages above ``marker``, newest first."""
    seen = 0
    for ref in reversed(state.channels.get(channel, [])):
        if ref.last_seq <= marker:
            return
        path = folder / MESSAGES_DIR / ref.file
        for row in reversed(parse_chunk(_read(path), path, channel)):
            if row["seq"] <= marker or seen >= MENTION_SCAN:
                return
            seen += 1
            yield row


def gather(folder: Path, handle: str | None, city: str | None, now: datetime | None = None) -> StatusFacts:
    """The facts of the status line from the profile's data folder (never raises for bad files)."""
    facts = StatusFacts()
    link = read_link(folder)
    facts.offline = link.get("status") == "offline"
    _outbox_facts(folder, facts)
    try:
        state = StateDoc.from_doc(_read(folder / STATE_FILE), folder / STATE_FILE)
        if state.cursor is None:
            return facts
        facts.synced = True
        facts.synced_at = _when(state.last_synced_at) if state.last_synced_at else None
        event = state.event or {}
        facts.timezone = event.get("timezone") if isinstance(event.get("timezone"), str) else None
        users = {row["handle"]: row for row in _table(folder, state, "users")}
        if handle is not None:
            me = users.get(handle) or {}
            city = me.get("city") if isinstance(me.get("city"), str) else city
            _swap_facts(_table(folder, state, "swaps"), handle, read_posted(folder), facts)
            _mention_facts(folder, state, handle, facts)
            _announcement_facts(folder, state, handle, city, facts)
        _schedule_facts(_table(folder, state, "schedule"), city, now or datetime.now(UTC), facts)
    except (CacheError, KeyError, TypeError, ValueError):
        pass  # a file being rewritten or damaged: say less rather than fail a status bar
    return facts


def _outbox_facts(folder: Path, facts: StatusFacts) -> None:
    """Counts from the outbox's journal as it is on disk (damaged lines skipped, a write in progress too).

    Replayed here rather than through ``Outbox``, whose lock library takes longer to
    import than the rest of the status line; ``nuittui.cache.journal`` reads it the same way.
    """
    try:
        data = (folder / OUTBOX_FILE).read_bytes()
    except FileNotFoundError:
        _legacy_outbox_facts(folder, facts)
        return
    except OSError:
        return
    journal = JournalState()
    journal.feed(data)
    queued = list(journal.queued())
    facts.queued = len(queued)
    facts.pending_swaps = sum(1 for entry in queued if entry.kind == "swap.create")
    facts.dead = sum(1 for _ in journal.dead())


def _legacy_outbox_facts(folder: Path, facts: StatusFacts) -> None:
    """The same counts from the single-file outbox of earlier versions, until ``Outbox`` imports it."""
    doc = _read(folder / LEGACY_OUTBOX_FILE) or {}
    queue, dead = doc.get("queue"), doc.get("dead")
    if isinstance(queue, dict):
        facts.queued = len(queue)
        facts.pending_swaps = sum(
            1 for entry in queue.values() if isinstance(entry, dict) and entry.get("kind") == "swap.create"
        )
    if isinstance(dead, dict):
        facts.dead = len(dead)


def _swap_facts(rows: list[dict[str, Any]], handle: str, posted: dict[str, Any], facts: StatusFacts) -> None:
    known = {row["id"] for row in rows}
    if posted.get("author") == handle and posted["id"] not in known:
        rows = [*rows, posted]  # posted by the fast path, not pulled into the cache yet
    active = [row for row in rows if row.get("status") in ("open", "claimed")]
    mine = [row for row in active if row.get("author") == handle]
    helping = [row for row in active if row.get("claimed_by") == handle]
    facts.my_swap = max(mine, key=lambda row: row["id"], default=None)
    facts.helping = max(helping, key=lambda row: row["id"], default=None)


def _mention_facts(folder: Path, state: StateDoc, handle: str, facts: StatusFacts) -> None:
    markers = read_markers(folder)
    pattern = mention_pattern(handle)
    for channel in state.channels:
        for row in _unread_rows(folder, state, channel, markers.get(channel, 0)):
            if row.get("author") != handle and pattern.search(str(row.get("body", ""))):
                facts.mentions += 1


def _announcement_facts(
    folder: Path, state: StateDoc, handle: str, city: str | None, facts: StatusFacts
) -> None:
    """Announcements in ``all`` and my city's channel newer than the one dismissed on Home (not mine,
    not hidden); the newest first."""
    dismissed = read_dismissed(folder)
    found: list[dict[str, Any]] = []
    for channel in ("all", *([f"city:{city}"] if city else [])):
        for row in _unread_rows(folder, state, channel, dismissed):
            if (
                row.get("announcement") is True
                and row.get("hidden") is not True
                and row.get("author") != handle
            ):
                found.append(row)
    found.sort(key=lambda row: row["seq"], reverse=True)
    facts.announcements = len(found)
    facts.announcement = found[0] if found else None


def _schedule_facts(rows: list[dict[str, Any]], city: str | None, now: datetime, facts: StatusFacts) -> None:
    mine = [row for row in rows if row.get("city") is None or row.get("city") == city]
    current, upcoming = now_and_next(
        mine, now, start=lambda row: _when(row.get("starts_at")), end=lambda row: _when(row.get("ends_at"))
    )
    facts.now_item = current[0] if current else None
    facts.next_item = upcoming


def _short(text: Any, longest: int) -> str:
    line = " ".join(safe(text).split())
    return line if len(line) <= longest else line[: longest - 1] + "…"


def _zone(name: str | None) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def render(facts: StatusFacts, now: datetime | None = None) -> str:
    """The line: ``@2 · swap #12 ← bob · ▸ 21:00 Dîner · ⚠ offline · 1 queued``."""
    parts: list[str] = []
    if facts.mentions:
        parts.append(f"@{facts.mentions}")
    if facts.announcements:
        parts.append(f"📣{facts.announcements}")
    if facts.my_swap is not None:
        swap = facts.my_swap
        if swap.get("status") == "claimed" and swap.get("claimed_by"):
            parts.append(_("swap #{id} ← {handle}", id=swap["id"], handle=_short(swap["claimed_by"], 32)))
        else:
            parts.append(_("swap #{id} open", id=swap["id"]))
    elif facts.pending_swaps:
        parts.append(_("swap pending"))
    if facts.helping is not None:
        parts.append(_("helping #{id}", id=facts.helping["id"]))
    item = facts.next_item or facts.now_item
    if item is not None:
        start = _when(item.get("starts_at")).astimezone(_zone(facts.timezone))
        arrow = "▸" if item is facts.next_item else "▶"
        parts.append(f"{arrow} {start:%H:%M} {_short(item.get('title', ''), 24)}")
    if facts.offline:
        parts.append(_("⚠ offline"))
    moment = now or datetime.now(UTC)
    if facts.synced_at is not None and moment - facts.synced_at > STALE_AFTER:
        synced = facts.synced_at.astimezone(_zone(facts.timezone))
        parts.append(_("synced {time}", time=f"{synced:%H:%M}"))
    if facts.queued:
        parts.append(_("{count} queued", count=facts.queued))
    if facts.dead:
        parts.append(_("{count} refused", count=facts.dead))
    if not facts.synced and not parts:
        parts.append(_("not synced yet"))
    return SEPARATOR.join(parts)
