"""Chat: channels for all cities, each city, each team and each swap."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from .base import Model, PublicModel
from .limits import MessageBody

ALL_CHANNEL = "all"
CHANNEL_PATTERN = r"^(all|city:[a-z0-9][a-z0-9-]{0,31}|team:[0-9]{1,12}|swap:[0-9]{1,12})$"


class ChannelKind(StrEnum):
    ALL = "all"
    CITY = "city"
    TEAM = "team"
    SWAP = "swap"


def channel_kind(channel: str) -> tuple[ChannelKind, str]:
    """Split ``city:lyon`` into ``(ChannelKind.CITY, "lyon")``; ``all`` has an empty key."""
    kind, _, key = channel.partition(":")
    return ChannelKind(kind), key


class MessageCreate(Model):
    """``POST /v1/channels/{channel}/messages``."""

    body: MessageBody
    announcement: bool = False
    """Organizers only: in ``all`` event organizers; in ``city:ID`` that city's organizers and event
    organizers. Never in team or swap channels."""


class MessagePublic(PublicModel):
    id: int
    channel: str
    author: str
    body: str
    announcement: bool = False
    created_at: datetime
    """Server time."""
    seq: int
    """The sync sequence number of the event that created it: a total order. It never changes, even
    when the message is sent again hidden."""
    hidden: bool = False
    """Removed by the organizers: ``body`` is then empty (the server no longer has the text); show a
    placeholder such as "removed by the organizers". It reaches clients as a ``message.create`` with
    the same ``id``, which replaces the copy they hold."""


class ChannelPublic(PublicModel):
    id: str = Field(pattern=CHANNEL_PATTERN)
    kind: ChannelKind
    title: str
    """City, team or swap name; built by the server from stored names."""
    last_seq: int = 0
    """Sequence number of the newest message, 0 when empty."""


class MessagePage(PublicModel):
    """One page of history, newest last; ask again with ``before=`` the first ``seq`` for older."""

    channel: str
    messages: list[MessagePublic]
    has_more: bool
