"""``nuit-tui status --line``: one short line for a tmux status bar or a prompt, from the files alone.

Gathers the read model's inputs without the cache's lock, TinyDB or the contract's models: the
cache's rows as its files hold them (``LeanRows``), the outbox's journal, the read markers, the
dismissed announcements and the link state beside them; never the network. What the line says is
``nuittui.readmodel.status.status_view``, by Home's rules; this module only words it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from nuittui.cache.journal import LEGACY_OUTBOX_FILE, OUTBOX_FILE, JournalState
from nuittui.i18n import _
from nuittui.readmodel.attention import queued_swaps
from nuittui.readmodel.rows import PendingWrite
from nuittui.readmodel.rules import safe
from nuittui.readmodel.status import StatusView, status_view
from nuittui.sync.markers import read_dismissed, read_link, read_markers, read_posted

from .rows import LeanRows, read_doc

__all__ = ["StatusFacts", "gather", "render"]

SEPARATOR = " · "
STALE_AFTER = timedelta(minutes=10)
"""Older data than this is marked with the time of the last sync."""


class LegacyWrite(NamedTuple):
    """A write queued in the single-file outbox of earlier versions, as the read model reads one."""

    key: str
    kind: str
    body: dict[str, Any] | None
    created_at: datetime
    summary: str = ""
    last_error: str | None = None
    path: str = ""


@dataclass(slots=True)
class StatusFacts:
    """What the files beside the cache say: the link and the outbox."""

    offline: bool = False
    queued: int = 0
    dead: int = 0
    pending: list[PendingWrite] = field(default_factory=list)
    """The writes still queued, oldest first."""

    @property
    def pending_swaps(self) -> int:
        """Swaps posted still in the outbox."""
        return len(queued_swaps(self.pending))


def _when(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def gather(folder: Path, handle: str | None, city: str | None, now: datetime | None = None) -> StatusView:
    """What the status line says, from the profile's data folder (never raises for bad files)."""
    facts = StatusFacts(offline=read_link(folder).get("status") == "offline")
    _outbox_facts(folder, facts)
    rows = LeanRows(folder)
    files = StatusView(offline=facts.offline, queued=facts.queued, dead=facts.dead)
    try:
        return status_view(
            rows,
            handle,
            facts.pending,
            read_markers(folder),
            read_dismissed(folder),
            now or datetime.now(UTC),
            city=city,
            posted=read_posted(folder) or None,
            synced_at=_when(rows.state.last_synced_at),
            offline=facts.offline,
            queued=facts.queued,
            dead=facts.dead,
        )
    except (KeyError, TypeError, ValueError):
        return files._replace(synced=rows.synced)  # rows of an unexpected shape: say less, never fail


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
    facts.pending = list(journal.queued())
    facts.queued = len(facts.pending)
    facts.dead = sum(1 for _ in journal.dead())


def _legacy_outbox_facts(folder: Path, facts: StatusFacts) -> None:
    """The same counts from the single-file outbox of earlier versions, until ``Outbox`` imports it."""
    doc = read_doc(folder / LEGACY_OUTBOX_FILE) or {}
    queue, dead = doc.get("queue"), doc.get("dead")
    if isinstance(queue, dict):
        facts.queued = len(queue)
        facts.pending = [
            LegacyWrite(
                str(key),
                str(entry.get("kind", "")),
                body if isinstance(body := entry.get("body"), dict) else None,
                _when(entry.get("created_at")) or datetime.min.replace(tzinfo=UTC),
            )
            for key, entry in queue.items()
            if isinstance(entry, dict)
        ]
    if isinstance(dead, dict):
        facts.dead = len(dead)


def _short(text: Any, longest: int) -> str:
    line = " ".join(safe(text).split())
    return line if len(line) <= longest else line[: longest - 1] + "…"


def _zone(name: str | None) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def render(view: StatusView, now: datetime | None = None) -> str:
    """The line: ``@2 · swap #12 ← bob · ▸ 21:00 Dîner · ⚠ offline · 1 queued``."""
    parts: list[str] = []
    if view.mentions:
        parts.append(f"@{view.mentions}")
    if view.announcements:
        parts.append(f"📣{view.announcements}")
    if view.my_swap is not None:
        swap = view.my_swap
        if swap.status == "claimed" and swap.claimed_by:
            parts.append(_("swap #{id} ← {handle}", id=swap.id, handle=_short(swap.claimed_by, 32)))
        else:
            parts.append(_("swap #{id} open", id=swap.id))
    elif view.pending_swaps:
        parts.append(_("swap pending"))
    if view.helping is not None:
        parts.append(_("helping #{id}", id=view.helping.id))
    item = view.next or (view.now[0] if view.now else None)
    if item is not None:
        start = item.starts_at.astimezone(_zone(view.zone))
        arrow = "▸" if item is view.next else "▶"
        parts.append(f"{arrow} {start:%H:%M} {_short(item.title, 24)}")
    if view.offline:
        parts.append(_("⚠ offline"))
    moment = now or datetime.now(UTC)
    if view.synced_at is not None and moment - view.synced_at > STALE_AFTER:
        synced = view.synced_at.astimezone(_zone(view.zone))
        parts.append(_("synced {time}", time=f"{synced:%H:%M}"))
    if view.queued:
        parts.append(_("{count} queued", count=view.queued))
    if view.dead:
        parts.append(_("{count} refused", count=view.dead))
    if not view.synced and not parts:
        parts.append(_("not synced yet"))
    return SEPARATOR.join(parts)
