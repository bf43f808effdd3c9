"""What the chat shows, read from the sync façade: channels grouped for me, unread counts, mentions.

Pure functions of the engine's reads, shared by the chat screen, a swap's
thread and the home screen's mentions panel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from nuittui.i18n import _
from nuittui.models import ALL_CHANNEL, ChannelPublic
from nuittui.widgets import MessageLike

from .swap_text import confirmed

if TYPE_CHECKING:
    from nuittui.sync import SyncEngine

__all__ = [
    "ChannelEntry",
    "Mention",
    "channel_groups",
    "channel_title",
    "message_rows",
    "recent_mentions",
]

MENTIONS_SHOWN = 5
EXCERPT = 160


@dataclass(frozen=True, slots=True)
class ChannelEntry:
    """A channel as the list shows it: its group, title and unread counts."""

    channel: ChannelPublic
    group: str
    unread: int = 0
    mentions: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    """An unread message that mentions me."""

    channel: str
    author: str
    excerpt: str
    created_at: datetime


def message_rows(engine: SyncEngine, channel: str, limit: int) -> Sequence[MessageLike]:
    """The newest ``limit`` confirmed messages of ``channel``, then mine still pending."""
    return engine.messages(channel, limit=limit)


def channel_title(engine: SyncEngine, channel: str, channels: Sequence[ChannelPublic] | None = None) -> str:
    """The title people know a channel by (city, team or swap name)."""
    for known in channels if channels is not None else engine.channels():
        if known.id == channel:
            return known.title
    return channel


def channel_groups(engine: SyncEngine) -> list[ChannelEntry]:
    """Every channel, in groups: all cities, my city, my team, swaps I am in, then the others."""
    me = engine.me()
    my_city = f"city:{me.city}" if me else None
    my_team = f"team:{me.team}" if me and me.team is not None else None
    my_swaps = (
        {f"swap:{s.id}" for s in confirmed(engine.swaps(author=me.handle, include_pending=False))}
        | {f"swap:{s.id}" for s in confirmed(engine.swaps(claimed_by=me.handle, include_pending=False))}
        if me
        else set()
    )
    order = [_("All cities"), _("My city"), _("My team"), _("My swaps"), _("Cities"), _("Teams"), _("Swaps")]

    def group_of(channel: ChannelPublic) -> str:
        if channel.id == ALL_CHANNEL:
            return order[0]
        if channel.id == my_city:
            return order[1]
        if channel.id == my_team:
            return order[2]
        if channel.id in my_swaps:
            return order[3]
        return {"city": order[4], "team": order[5], "swap": order[6]}.get(str(channel.kind), order[6])

    entries = []
    for channel in engine.channels():
        unread = engine.unread(channel.id)
        entries.append(ChannelEntry(channel, group_of(channel), unread.count, unread.mentions))
    rank = {name: index for index, name in enumerate(order)}
    return sorted(entries, key=lambda e: rank[e.group])


def recent_mentions(engine: SyncEngine, me: str, limit: int = MENTIONS_SHOWN) -> list[Mention]:
    """My unread mentions, newest first, across every channel."""
    pattern = re.compile(rf"(?<![\w@.-])@{re.escape(me)}(?![\w-])", re.IGNORECASE)
    found: list[Mention] = []
    for channel in engine.channels():
        count = engine.unread(channel.id).mentions
        if not count:
            continue
        recent = [
            m
            for m in engine.messages(channel.id, limit=200)
            if not m.pending and m.author != me and pattern.search(m.body)
        ]
        for message in recent[-count:]:
            excerpt = " ".join(message.body.split())
            if len(excerpt) > EXCERPT:
                excerpt = excerpt[: EXCERPT - 1] + "…"
            found.append(Mention(channel.id, message.author, excerpt, message.created_at))
    found.sort(key=lambda m: m.created_at, reverse=True)
    return found[:limit]
