"""Channels and messages."""

from __future__ import annotations

import re

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from nuittui.models import (
    ALL_CHANNEL,
    CHANNEL_PATTERN,
    ChannelKind,
    ChannelPublic,
    EventType,
    MessageCreate,
    MessagePage,
    MessagePublic,
    channel_kind,
)

from ..errors import forbidden, not_found
from . import audit, views
from . import schema as s
from .scope import require_organizer
from .tx import Tx
from .types import Actor, Outcome

_CHANNEL = re.compile(CHANNEL_PATTERN)


def channel_exists(conn: Connection, channel: str) -> bool:
    """Whether ``channel`` names the all-cities channel, a city, a project or a swap."""
    if not _CHANNEL.match(channel):
        return False
    kind, key = channel_kind(channel)
    if kind is ChannelKind.ALL:
        return True
    if kind is ChannelKind.CITY:
        return key in {c.id for c in views.event_public(conn).cities}
    table = s.projects if kind is ChannelKind.TEAM else s.swaps
    return conn.execute(select(table.c.id).where(table.c.id == int(key))).first() is not None


def channels(conn: Connection) -> list[ChannelPublic]:
    """Every channel, titled from stored names, with the seq of its newest message."""
    last = dict(
        conn.execute(
            select(s.messages.c.channel, func.max(s.messages.c.seq)).group_by(s.messages.c.channel)
        ).all()
    )
    event = views.event_public(conn)
    found = [ChannelPublic(id=ALL_CHANNEL, kind=ChannelKind.ALL, title=event.name)]
    found += [ChannelPublic(id=f"city:{c.id}", kind=ChannelKind.CITY, title=c.name) for c in event.cities]
    for row in conn.execute(select(s.projects.c.id, s.projects.c.title).order_by(s.projects.c.id)):
        found.append(ChannelPublic(id=f"team:{row.id}", kind=ChannelKind.TEAM, title=row.title))
    for row in conn.execute(select(s.swaps.c.id, s.swaps.c.title).order_by(s.swaps.c.id)):
        found.append(ChannelPublic(id=f"swap:{row.id}", kind=ChannelKind.SWAP, title=row.title))
    return [c.model_copy(update={"last_seq": last.get(c.id, 0)}) for c in found]


def history(conn: Connection, channel: str, *, before: int | None, limit: int) -> MessagePage:
    """A page of a channel's messages, newest last; 404 for an unknown channel."""
    if not channel_exists(conn, channel):
        raise not_found(f"channel {channel}")
    query = select(s.messages).where(s.messages.c.channel == channel)
    if before is not None:
        query = query.where(s.messages.c.seq < before)
    rows = list(conn.execute(query.order_by(s.messages.c.seq.desc()).limit(limit + 1)).mappings())
    page = [views.message_public(r) for r in rows[:limit]]
    page.reverse()
    return MessagePage(channel=channel, messages=page, has_more=len(rows) > limit)


def post_message(tx: Tx, actor: Actor, channel: str, new: MessageCreate) -> Outcome:
    """Post to a channel: teams are for their members; announcements in ``all`` are event
    organizers', in ``city:ID`` that city's organizers' and event organizers'."""
    if not channel_exists(tx.conn, channel):
        raise not_found(f"channel {channel}")
    kind, key = channel_kind(channel)
    if new.announcement:
        if kind not in (ChannelKind.ALL, ChannelKind.CITY):
            raise forbidden("announcements go to everyone (all) or to one city (city:ID), not here")
        require_organizer(actor, key if kind is ChannelKind.CITY else None, "post announcements there")
    if kind is ChannelKind.TEAM:
        member = tx.conn.execute(
            select(s.team_members.c.handle).where(
                (s.team_members.c.project_id == int(key)) & (s.team_members.c.handle == actor.handle)
            )
        ).first()
        if member is None:
            raise forbidden("only the team's members post in its channel")
    seq = tx.next_seq()
    message_id = tx.insert(
        s.messages.insert().values(
            channel=channel,
            author=actor.handle,
            body=new.body,
            announcement=new.announcement,
            created_at=tx.now,
            seq=seq,
        )
    )
    row = tx.conn.execute(select(s.messages).where(s.messages.c.id == message_id)).mappings().one()
    message = views.message_public(row)
    emitted = tx.emit(EventType.MESSAGE, message)
    assert emitted == seq
    if new.announcement:
        city = key if kind is ChannelKind.CITY else None
        audit.record(tx, actor, "announcement", f"message {message_id}", city=city, detail=new.body[:200])
    return Outcome(201, message)


def message_cities(conn: Connection, message: MessagePublic) -> list[str]:
    """The cities whose organizers may moderate a message: its channel's city (a city channel, the
    team's project, the swap), then its author's city; each once."""
    cities: list[str] = []
    kind, key = channel_kind(message.channel)
    if kind is ChannelKind.CITY:
        cities.append(key)
    elif kind in (ChannelKind.TEAM, ChannelKind.SWAP):
        table = s.projects if kind is ChannelKind.TEAM else s.swaps
        found = conn.execute(select(table.c.city).where(table.c.id == int(key))).scalar()
        if found is not None:
            cities.append(found)
    author = conn.execute(select(s.users.c.city).where(s.users.c.handle == message.author)).scalar()
    if author is not None and author not in cities:
        cities.append(author)
    return cities


def hide_message(tx: Tx, actor: Actor, message_id: int, reason: str = "") -> Outcome:
    """Hide a message for everyone: its body is emptied and ``hidden`` set, and the stream carries the
    hidden copy (a ``message.create`` with the same id and seq) so every cache replaces its own.

    Organizers of the channel's or the author's city, and event organizers; hiding a hidden
    message again answers it unchanged.
    """
    row = tx.conn.execute(select(s.messages).where(s.messages.c.id == message_id)).mappings().first()
    if row is None:
        raise not_found(f"message {message_id}")
    message = views.message_public(row)
    cities = message_cities(tx.conn, message)
    if not any(actor.organizes(city) for city in cities):
        if not actor.is_organizer:
            raise forbidden("only organizers hide messages")
        raise forbidden(
            f"you organize {actor.city}: only organizers of {' or '.join(cities)} and event organizers"
            " hide this message"
        )
    if message.hidden:
        return Outcome(200, message)
    tx.conn.execute(update(s.messages).where(s.messages.c.id == message_id).values(body="", hidden_at=tx.now))
    row = tx.conn.execute(select(s.messages).where(s.messages.c.id == message_id)).mappings().one()
    hidden = views.message_public(row)
    tx.emit(EventType.MESSAGE, hidden)
    # Filed under the hider's own city when it is one of the message's, else the channel's.
    mine = not actor.is_event_organizer and actor.city in cities
    city = actor.city if mine else (cities[0] if cities else None)
    detail = f"in {message.channel} by {message.author}" + (f": {reason}" if reason else "")
    audit.record(tx, actor, "message.hide", f"message {message_id}", city=city, detail=detail)
    return Outcome(200, hidden)
