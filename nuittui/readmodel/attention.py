"""What asks for my attention, one rule each for Home and the status line: the announcements to me,
my unread mentions, my swaps and the ones I help with, my swaps still in the outbox."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .channels import CHANNEL
from .rows import CacheRows, PendingWrite, Row
from .rules import mention_pattern
from .swaps import ACTIVE, newest_first

__all__ = [
    "ANNOUNCEMENT_SCAN",
    "UNREAD_SCAN",
    "announcements_for",
    "my_swaps",
    "queued_swaps",
    "unread_mentions",
]

UNREAD_SCAN = 500
"""Unread counts look at most this many of a channel's newest messages."""
ANNOUNCEMENT_SCAN = 200
"""Announcements are looked for among this many of the newest messages of ``all`` and my city's channel."""


def announcements_for(
    rows: CacheRows, city: str | None, after_seq: int = 0, other_than: str | None = None
) -> list[Row]:
    """The announcements addressed to someone of ``city`` (in ``all`` and ``city:<city>``) newer than
    ``after_seq``, newest first; hidden ones and those of ``other_than`` (me) left out."""
    channels = ["all", *([f"city:{city}"] if city else [])]
    found = [
        m
        for channel in channels
        for m in rows.message_rows(channel, limit=ANNOUNCEMENT_SCAN)
        if m.get("announcement") is True
        and m.get("hidden") is not True
        and (other_than is None or m.get("author") != other_than)
        and isinstance(m.get("seq"), int)
        and m["seq"] > after_seq
    ]
    found.sort(key=lambda m: m["seq"], reverse=True)
    return found


def queued_swaps(pending: Sequence[PendingWrite]) -> list[PendingWrite]:
    """The swaps I posted that are still in the outbox, newest first."""
    return [w for w in reversed(pending) if w.kind == "swap.create"]


def my_swaps(rows: CacheRows, me: str) -> tuple[list[Row], list[Row]]:
    """My active swaps, and the active swaps I claimed to help with; each newest first."""
    swaps = newest_first(rows.table_rows("swaps").values())
    active = [swap for swap in swaps if swap.get("status") in ACTIVE]
    return (
        [swap for swap in active if swap.get("author") == me],
        [swap for swap in active if swap.get("claimed_by") == me],
    )


def unread_mentions(rows: CacheRows, me: str, read_markers: Mapping[str, int]) -> dict[str, int]:
    """Each shown channel with unread messages mentioning ``@me`` (not mine), and how many: among
    the newest ``UNREAD_SCAN`` messages above the channel's read marker."""
    pattern = mention_pattern(me)
    found: dict[str, int] = {}
    for channel in rows.channel_last_seqs():
        if not CHANNEL.fullmatch(channel):
            continue
        _count, count = rows.count_newer(
            channel, read_markers.get(channel, 0), newest=UNREAD_SCAN, other_than=me, matching=pattern
        )
        if count:
            found[channel] = count
    return found
