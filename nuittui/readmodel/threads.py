"""Chat as shown: the channel list (grouped for me, with unread counts) and one channel's thread.

A thread's confirmed messages and my messages still in the outbox are two fields: a pending line
is never mixed into the server's rows; a screen shows it after them until the server's copy
takes its place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from nuittui.i18n import _

from .channels import ALL_CHANNEL, channel_titles
from .home import me_row
from .rows import CacheRows, PendingWrite, Row
from .rules import is_mention, mention_pattern, safe
from .schedule import parse_time

__all__ = [
    "MESSAGE_KIND",
    "UNREAD_SCAN",
    "Channel",
    "ChannelLine",
    "MessageLine",
    "ThreadView",
    "channel_kind",
    "channel_lines",
    "group_names",
    "message_line",
    "pending_lines",
    "thread_view",
]

MESSAGE_KIND = "message"
"""The outbox kind of a chat message (``nuittui.sync.kinds.MESSAGE``)."""
UNREAD_SCAN = 500
"""Unread counts look at most this many of a channel's newest messages."""


class Channel(NamedTuple):
    """A channel: its name (``all``, ``city:lyon``, ``team:7``, ``swap:3``), kind and title."""

    id: str
    kind: str
    """``all``, ``city``, ``team`` or ``swap``."""
    title: str


class ChannelLine(NamedTuple):
    """A channel as the list shows it: its group, and messages from others above my read marker."""

    channel: Channel
    group: str
    unread: int = 0
    mentions: int = 0
    """How many of the unread mention me."""


class MessageLine(NamedTuple):
    """A message as a thread shows it (fits the message list's ``MessageLike``)."""

    key: str
    """``msg:<id>`` once confirmed, ``out:<outbox key>`` while pending: stable, for the list."""
    channel: str
    author: str
    body: str
    """Made safe (``rules.safe``); empty when hidden."""
    created_at: datetime
    id: int | None = None
    seq: int | None = None
    announcement: bool = False
    hidden: bool = False
    """Removed by the organizers: shown as such, never its (gone) text."""
    mentions_me: bool = False
    pending: bool = False
    """Mine, still in the outbox."""
    last_error: str | None = None
    """Why the latest try to send it failed (it is tried again)."""

    def to_json(self) -> dict[str, object]:
        """The ``MessagePublic`` fields plus ``pending`` and ``key`` (``chat read --json``)."""
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


class ThreadView(NamedTuple):
    """A channel's newest messages, and mine still pending, apart."""

    channel: str
    title: str
    messages: tuple[MessageLine, ...] = ()
    """The server's messages, oldest first."""
    pending: tuple[MessageLine, ...] = ()
    """My messages still in the outbox, in the order they were written."""
    me: str | None = None

    @property
    def lines(self) -> tuple[MessageLine, ...]:
        """What the thread shows, top to bottom: the confirmed messages, then mine still pending."""
        return self.messages + self.pending

    @property
    def newest_seq(self) -> int | None:
        """The seq of the newest confirmed message (what reading the thread marks read)."""
        return next((m.seq for m in reversed(self.messages) if m.seq is not None), None)


def channel_kind(name: str) -> str:
    """``all``, ``city``, ``team`` or ``swap``: the part of the name before ``:``."""
    return name.split(":", 1)[0] if ":" in name else name


def group_names() -> tuple[str, ...]:
    """The list's groups in order: all cities, my city, my team, my swaps, cities, teams, swaps."""
    return (_("All cities"), _("My city"), _("My team"), _("My swaps"), _("Cities"), _("Teams"), _("Swaps"))


def channel_lines(
    rows: CacheRows,
    handle: str | None,
    pending: Sequence[PendingWrite],
    read_markers: Mapping[str, int],
    read: Mapping[str, int] | None = None,
) -> tuple[ChannelLine, ...]:
    """Every channel, grouped: all cities, my city, my team, the swaps I posted or help with, then
    the other cities, teams and swaps (the server's order within a group), each with its unread
    messages and mentions of me. ``read``: markers about to move, counted as moved."""
    me = me_row(rows, handle, pending)
    mine = str(me["handle"]) if me else None
    my_city = f"city:{me.get('city')}" if me else None
    my_team = f"team:{me.get('team')}" if me and isinstance(me.get("team"), int) else None
    my_swaps = {
        f"swap:{swap_id}"
        for swap_id, swap in rows.table_rows("swaps").items()
        if mine is not None and mine in (swap.get("author"), swap.get("claimed_by"))
    }
    groups = group_names()
    marks = dict(read_markers)
    for channel, seq in (read or {}).items():
        marks[channel] = max(seq, marks.get(channel, 0))
    pattern = mention_pattern(mine) if mine else None

    def group_of(name: str) -> int:
        if name == ALL_CHANNEL:
            return 0
        if name == my_city:
            return 1
        if name == my_team:
            return 2
        if name in my_swaps:
            return 3
        return {"city": 4, "team": 5}.get(channel_kind(name), 6)

    lines: list[tuple[int, ChannelLine]] = []
    for name, title in channel_titles(rows, rows.event_row()).items():
        unread, mentions = rows.count_newer(
            name, marks.get(name, 0), newest=UNREAD_SCAN, other_than=mine, matching=pattern
        )
        group = group_of(name)
        lines.append(
            (group, ChannelLine(Channel(name, channel_kind(name), title), groups[group], unread, mentions))
        )
    lines.sort(key=lambda pair: pair[0])  # stable: the server's order within a group
    return tuple(line for _group, line in lines)


def message_line(row: Row, me: str | None) -> MessageLine | None:
    """A stored message as shown; None for a row of the wrong shape."""
    message_id, seq = row.get("id"), row.get("seq")
    when = parse_time(row.get("created_at"))
    if not isinstance(message_id, int) or not isinstance(seq, int) or when is None:
        return None
    hidden = row.get("hidden") is True
    author = safe(row.get("author", ""))
    body = "" if hidden else safe(row.get("body", ""))
    return MessageLine(
        key=f"msg:{message_id}",
        channel=safe(row.get("channel", "")),
        author=author,
        body=body,
        created_at=when,
        id=message_id,
        seq=seq,
        announcement=row.get("announcement") is True,
        hidden=hidden,
        mentions_me=me is not None and author != me and is_mention(body, me),
    )


def pending_lines(channel: str, me: str | None, pending: Sequence[PendingWrite]) -> tuple[MessageLine, ...]:
    """My messages to ``channel`` still in the outbox, oldest first."""
    found = []
    for write in pending:
        body = write.body
        if write.kind != MESSAGE_KIND or not body or not _addressed_to(write, channel):
            continue
        found.append(
            MessageLine(
                key=f"out:{write.key}",
                channel=channel,
                author=me or "",
                body=safe(body.get("body", "")),
                created_at=write.created_at,
                announcement=body.get("announcement") is True,
                pending=True,
                last_error=write.last_error,
            )
        )
    return tuple(found)


def _addressed_to(write: PendingWrite, channel: str) -> bool:
    # A message is queued in its channel's order (``OutboxEntry.order_key``); its body has no channel.
    return getattr(write, "order_key", None) == channel


def thread_view(
    rows: CacheRows,
    handle: str | None,
    pending: Sequence[PendingWrite],
    channel: str,
    limit: int | None = 200,
    title: str | None = None,
) -> ThreadView:
    """The newest ``limit`` messages of ``channel`` (all cached with None), and mine still pending.

    ``title``: the channel's, when the caller knows it (else the channel's name).
    """
    me = handle
    messages = tuple(
        line for row in rows.message_rows(channel, limit=limit) if (line := message_line(row, me)) is not None
    )
    return ThreadView(
        channel=channel,
        title=title if title is not None else channel,
        messages=messages,
        pending=pending_lines(channel, me, pending),
        me=me,
    )
