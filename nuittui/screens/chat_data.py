"""What the chat shows, read from the sync façade: channels grouped for me, with unread counts.

Pure functions of the engine's reads, shared by the chat screen and a swap's thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nuittui.i18n import _
from nuittui.models import ALL_CHANNEL, ChannelPublic
from nuittui.widgets import MessageLike

from .swap_text import confirmed

if TYPE_CHECKING:
    from nuittui.sync import SyncEngine

__all__ = [
    "ChannelEntry",
    "channel_groups",
    "message_rows",
]


@dataclass(frozen=True, slots=True)
class ChannelEntry:
    """A channel as the list shows it: its group, title and unread counts."""

    channel: ChannelPublic
    group: str
    unread: int = 0
    mentions: int = 0


def message_rows(engine: SyncEngine, channel: str, limit: int) -> Sequence[MessageLike]:
    """The newest ``limit`` confirmed messages of ``channel``, then mine still pending."""
    return engine.messages(channel, limit=limit)


def channel_groups(engine: SyncEngine, read: Mapping[str, int] | None = None) -> list[ChannelEntry]:
    """Every channel, in groups: all cities, my city, my team, swaps I am in, then the others
    (``read``: read markers about to move, counted as moved)."""
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

    channels = engine.channels()
    unread = engine.unread_counts((c.id for c in channels), read=read)
    entries = [ChannelEntry(c, group_of(c), unread[c.id].count, unread[c.id].mentions) for c in channels]
    rank = {name: index for index, name in enumerate(order)}
    return sorted(entries, key=lambda e: rank[e.group])
