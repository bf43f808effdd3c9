"""Home: now and next, the jury, my team, my swaps and the swaps I could help with, my mentions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from .attention import (
    ANNOUNCEMENT_SCAN,
    UNREAD_SCAN,
    announcements_for,
    my_swaps,
    queued_swaps,
    unread_mentions,
)
from .channels import channel_titles
from .rows import CacheRows, PendingWrite, Row, me_row
from .rules import city_names, mention_pattern, safe, who_line, zone_name
from .schedule import ScheduleLine, jury_at, parse_time, schedule_lines
from .swaps import matches_skills, newest_first

__all__ = [
    "ANNOUNCEMENT_SCAN",
    "MENTIONS_SHOWN",
    "SUGGESTED_SWAPS",
    "TEAM_MESSAGES",
    "UNREAD_SCAN",
    "AnnouncementLine",
    "ChatLine",
    "HomeView",
    "MentionLine",
    "SwapLine",
    "TeamView",
    "announcements_for",
    "home_view",
    "me_row",
    "my_swaps",
    "queued_swaps",
    "unread_mentions",
]

TEAM_MESSAGES = 3
"""The latest messages of my team's channel shown on Home."""
SUGGESTED_SWAPS = 3
"""Open swaps matching my skills suggested on Home."""
MENTIONS_SHOWN = 5
EXCERPT = 160
MENTION_SCAN = 200
"""How far back in a channel the excerpts of unread mentions are looked for."""
ANNOUNCEMENT_EXCERPT = 200


class ChatLine(NamedTuple):
    """A message of my team's chat."""

    created_at: datetime
    author: str
    body: str
    hidden: bool = False
    """Removed by the organizers (``body`` is empty): shown as such."""


class TeamView(NamedTuple):
    """My team: its project, members, latest progress update and latest messages."""

    title: str
    members: str
    latest_at: datetime | None = None
    latest: str | None = None
    chat: tuple[ChatLine, ...] = ()


class SwapLine(NamedTuple):
    """One of my swaps (``mine``, or ``pending`` in the outbox), or one I am ``helping`` with."""

    kind: str
    title: str
    status: str = ""
    claimed_by: str | None = None


class MentionLine(NamedTuple):
    """An unread message that mentions me."""

    channel: str
    channel_title: str
    author: str
    excerpt: str
    created_at: datetime


class AnnouncementLine(NamedTuple):
    """The newest announcement addressed to me that I have not dismissed."""

    seq: int
    """Its sync sequence number: dismissing it dismisses every announcement up to this one."""
    channel: str
    """``all`` or ``city:<id>``."""
    author: str
    created_at: datetime
    excerpt: str
    """Its text on one line (whitespace folded), cut with ``…`` when long."""
    more: int = 0
    """Other undismissed announcements besides this one."""


class HomeView(NamedTuple):
    """Everything Home shows but the clock."""

    signed_in: bool = False
    who: str = ""
    """``@handle · City`` for the top bar."""
    zone: str | None = None
    """The event's time zone."""
    cities: Mapping[str, str] = MappingProxyType({})
    schedule: tuple[ScheduleLine, ...] = ()
    """My city's items and the global ones (every item when not signed in)."""
    jury_at: datetime | None = None
    team: TeamView | None = None
    swaps: tuple[SwapLine, ...] = ()
    could_help: tuple[str, ...] = ()
    """Titles of open swaps matching my skills."""
    mentions: tuple[MentionLine, ...] = ()
    announcement: AnnouncementLine | None = None
    """The banner: the newest announcement to me not dismissed, None when there is none."""


def home_view(
    rows: CacheRows,
    handle: str | None,
    pending: Sequence[PendingWrite],
    read_markers: Mapping[str, int],
    dismissed: int = 0,
) -> HomeView:
    """What Home shows now, from the cache's rows, the outbox, the read markers and the ``seq`` of the
    newest announcement dismissed."""
    event = rows.event_row()
    cities = city_names(event)
    me = me_row(rows, handle, pending)
    city = me.get("city") if me else None
    team = me.get("team") if me else None
    return HomeView(
        signed_in=me is not None,
        who=who_line(str(me["handle"]), city, cities) if me else "",
        zone=zone_name(event),
        cities=cities,
        schedule=tuple(schedule_lines(rows.table_rows("schedule").values(), city if me else None)),
        jury_at=jury_at(event, city if isinstance(city, str) else None),
        team=_team(rows, team) if isinstance(team, int) else None,
        swaps=_swaps(rows, str(me["handle"]), pending) if me else (),
        could_help=_could_help(rows, me) if me else (),
        mentions=_mentions(rows, str(me["handle"]), read_markers, event) if me else (),
        announcement=(
            _announcement(rows, str(me["handle"]), city if isinstance(city, str) else None, dismissed)
            if me
            else None
        ),
    )


def _announcement(rows: CacheRows, me: str, city: str | None, dismissed: int) -> AnnouncementLine | None:
    found = announcements_for(rows, city, dismissed, other_than=me)
    for message in found:
        when = parse_time(message.get("created_at"))
        if when is None:
            continue
        excerpt = " ".join(safe(message.get("body", "")).split())
        if len(excerpt) > ANNOUNCEMENT_EXCERPT:
            excerpt = excerpt[: ANNOUNCEMENT_EXCERPT - 1] + "…"
        return AnnouncementLine(
            seq=message["seq"],
            channel=str(message.get("channel", "")),
            author=safe(message.get("author", "")),
            created_at=when,
            excerpt=excerpt,
            more=len(found) - 1,
        )
    return None


def _team(rows: CacheRows, team: int) -> TeamView | None:
    project = rows.table_rows("projects").get(team)
    if project is None:
        return None
    updates = sorted(
        (u for u in rows.table_rows("progress").values() if u.get("project_id") == team),
        key=lambda u: (str(u.get("created_at", "")), u.get("id", 0)),
        reverse=True,
    )
    latest = updates[0] if updates else None
    found = project.get("members")
    members: list[Any] = found if isinstance(found, list) else []
    chat = [
        ChatLine(
            when,
            safe(m.get("author", "")),
            " ".join(safe(m.get("body", "")).split()),
            m.get("hidden") is True,
        )
        for m in rows.message_rows(f"team:{team}", limit=TEAM_MESSAGES)
        if (when := parse_time(m.get("created_at"))) is not None
    ]
    return TeamView(
        title=safe(project.get("title", "")),
        members=", ".join(safe(m.get("display_name", "")) for m in members if isinstance(m, Mapping)),
        latest_at=parse_time(latest.get("created_at")) if latest else None,
        latest=safe(latest.get("text", "")) if latest else None,
        chat=tuple(chat),
    )


def _swaps(rows: CacheRows, me: str, pending: Sequence[PendingWrite]) -> tuple[SwapLine, ...]:
    lines = [
        SwapLine("pending", safe((w.body or {}).get("title", w.summary)), "pending")
        for w in queued_swaps(pending)
    ]
    mine, helping = my_swaps(rows, me)
    lines.extend(
        SwapLine("mine", safe(swap.get("title", "")), str(swap["status"]), swap.get("claimed_by"))
        for swap in mine
    )
    lines.extend(
        SwapLine("helping", safe(swap.get("title", "")), str(swap["status"]), me) for swap in helping
    )
    return tuple(lines)


def _could_help(rows: CacheRows, me: Row) -> tuple[str, ...]:
    skills = me.get("skills")
    if not isinstance(skills, list) or not skills:
        return ()
    matching = [
        safe(s.get("title", ""))
        for s in newest_first(rows.table_rows("swaps").values())
        if s.get("status") == "open" and s.get("author") != me.get("handle") and matches_skills(s, skills)
    ]
    return tuple(matching[:SUGGESTED_SWAPS])


def _mentions(
    rows: CacheRows, me: str, read_markers: Mapping[str, int], event: Row | None
) -> tuple[MentionLine, ...]:
    pattern = mention_pattern(me)
    titles = channel_titles(rows, event)
    counts = unread_mentions(rows, me, read_markers)
    found: list[MentionLine] = []
    for channel in titles:
        count = counts.get(channel, 0)
        if not count:
            continue
        recent = [
            m
            for m in rows.message_rows(channel, limit=MENTION_SCAN)
            if m.get("author") != me and pattern.search(str(m.get("body", "")))
        ]
        for message in recent[-count:]:
            when = parse_time(message.get("created_at"))
            if when is None:
                continue
            excerpt = " ".join(safe(message.get("body", "")).split())
            if len(excerpt) > EXCERPT:
                excerpt = excerpt[: EXCERPT - 1] + "…"
            found.append(
                MentionLine(channel, titles[channel], safe(message.get("author", "")), excerpt, when)
            )
    found.sort(key=lambda m: m.created_at, reverse=True)
    return tuple(found[:MENTIONS_SHOWN])
