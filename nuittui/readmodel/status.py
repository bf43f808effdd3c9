"""The status line (``nuit-tui status``, ``--line``, the prompt segment): where I stand, by Home's rules.

Which announcements count, which mentions, my swap and the one I help with, and what is on now
and next are the functions Home uses (``attention.announcements_for``, ``attention.unread_mentions``,
``attention.my_swaps``, ``schedule.now_and_next`` over ``schedule.schedule_lines``): the status
line and Home never disagree on the same cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from .attention import announcements_for, my_swaps, queued_swaps, unread_mentions
from .rows import CacheRows, PendingWrite, Row, me_row
from .rules import safe
from .schedule import ScheduleLine, now_and_next, parse_time, schedule_lines
from .swaps import ACTIVE

__all__ = ["StatusAnnouncement", "StatusSwap", "StatusView", "status_view"]


class StatusSwap(NamedTuple):
    """My newest active swap, or the one I help with."""

    id: int
    title: str
    status: str
    claimed_by: str | None = None
    row: Row | None = None
    """The row as stored, for ``status --json``."""


class StatusAnnouncement(NamedTuple):
    """The newest announcement to me not dismissed."""

    seq: int
    channel: str
    author: str
    body: str
    created_at: datetime | None = None
    row: Row | None = None
    """The message as stored, for ``status --json``."""


class StatusView(NamedTuple):
    """Everything the status line says, before it is worded."""

    signed_in: bool = False
    """A handle is known: the counts below are mine."""
    mentions: int = 0
    """Unread messages mentioning me, in every channel (Home's rule: ``home.unread_mentions``)."""
    announcements: int = 0
    """Announcements to me (``all``, my city's channel) not dismissed on Home."""
    announcement: StatusAnnouncement | None = None
    my_swap: StatusSwap | None = None
    """My newest open or claimed swap."""
    helping: StatusSwap | None = None
    """The newest swap I claimed that is still active."""
    pending_swaps: int = 0
    """Swaps I posted still in the outbox."""
    now: tuple[ScheduleLine, ...] = ()
    """My city's items and the global ones under way, the latest started first."""
    next: ScheduleLine | None = None
    now_row: Row | None = None
    """The stored row of ``now[0]``, for ``status --json``."""
    next_row: Row | None = None
    zone: str | None = None
    """The event's time zone."""
    synced: bool = False
    """Whether the cache holds anything at all."""
    synced_at: datetime | None = None
    """When a sync answer was last saved."""
    offline: bool = False
    queued: int = 0
    """Writes in the outbox (the journal's count, an input)."""
    dead: int = 0
    """Writes the server refused (an input)."""


def status_view(
    rows: CacheRows,
    handle: str | None,
    pending: Sequence[PendingWrite],
    read_markers: Mapping[str, int],
    dismissed: int,
    now: datetime,
    *,
    city: str | None = None,
    posted: Row | None = None,
    synced_at: datetime | None = None,
    offline: bool = False,
    queued: int = 0,
    dead: int = 0,
) -> StatusView:
    """What the status line says at ``now``, from the cache's rows, the outbox, the read markers and
    the ``seq`` of the newest announcement dismissed on Home.

    ``city`` is the profile's, used until my user row is cached; ``posted`` a swap I just posted
    that the cache does not hold yet (the shell's fast path remembers it); ``synced_at``,
    ``offline``, ``queued`` and ``dead`` are passed through from the files beside the cache.
    """
    event = rows.event_row()
    me = me_row(rows, handle, pending)
    mine = me.get("city") if me else None
    city = mine if isinstance(mine, str) else city
    schedule = rows.table_rows("schedule")
    current, upcoming = now_and_next(schedule_lines(schedule.values(), city), now)
    zone = event.get("timezone") if event else None
    view = StatusView(
        signed_in=handle is not None,
        pending_swaps=len(queued_swaps(pending)),
        now=tuple(current),
        next=upcoming,
        now_row=schedule.get(current[0].id) if current else None,
        next_row=schedule.get(upcoming.id) if upcoming else None,
        zone=zone if isinstance(zone, str) and zone else None,
        synced=event is not None,
        synced_at=synced_at,
        offline=offline,
        queued=queued,
        dead=dead,
    )
    if handle is None:
        return view
    found = announcements_for(rows, city, dismissed, other_than=handle)
    active, helping = my_swaps(rows, handle)
    if (
        posted is not None
        and posted.get("author") == handle
        and posted.get("status") in ACTIVE
        and isinstance(posted.get("id"), int)
        and posted["id"] not in rows.table_rows("swaps")
    ):
        active = [posted, *active]  # posted by the fast path, not pulled into the cache yet: the newest
    return view._replace(
        mentions=sum(unread_mentions(rows, handle, read_markers).values()),
        announcements=len(found),
        announcement=_announcement(found[0]) if found else None,
        my_swap=_swap(active[0]) if active else None,
        helping=_swap(helping[0]) if helping else None,
    )


def _swap(row: Row) -> StatusSwap:
    claimed = row.get("claimed_by")
    return StatusSwap(
        row["id"],
        safe(row.get("title", "")),
        str(row.get("status", "")),
        safe(claimed) if isinstance(claimed, str) and claimed else None,
        row,
    )


def _announcement(row: Row) -> StatusAnnouncement:
    return StatusAnnouncement(
        int(row["seq"]),
        str(row.get("channel", "")),
        safe(row.get("author", "")),
        safe(row.get("body", "")),
        parse_time(row.get("created_at")),
        row,
    )
