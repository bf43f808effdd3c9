"""Home's view read from the sync façade: the schedule, the jury, my team, my swaps, my mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nuittui.models import ACTIVE_SWAP_STATUSES, SwapPublic

from .chat_data import channel_title, recent_mentions
from .home_view import ChatLine, HomeView, MentionLine, ScheduleLine, SwapLine, TeamView, who_line
from .swap_text import confirmed, filter_swaps, matches_skills

if TYPE_CHECKING:
    from nuittui.models import UserPublic
    from nuittui.sync import SyncEngine

__all__ = ["SUGGESTED_SWAPS", "TEAM_MESSAGES", "home_view"]

TEAM_MESSAGES = 3
"""The latest messages of my team's channel shown on Home."""
SUGGESTED_SWAPS = 3
"""Open swaps matching my skills suggested on Home."""


def home_view(engine: SyncEngine) -> HomeView:
    """What Home shows now, from the cache and the outbox."""
    event = engine.event()
    me = engine.me()
    cities = {c.id: c.name for c in event.cities} if event else {}
    items = engine.schedule(city=me.city) if me else engine.schedule()
    return HomeView(
        signed_in=me is not None,
        who=who_line(me.handle, me.city, cities) if me else "",
        zone=event.timezone if event else None,
        cities=cities,
        schedule=tuple(ScheduleLine(i.id, i.title, i.starts_at, i.ends_at, i.room, i.city) for i in items),
        jury_at=event.jury_at if event else None,
        team=_team(engine, me.team) if me and me.team is not None else None,
        swaps=_swaps(engine, me.handle) if me else (),
        could_help=_could_help(engine, me) if me else (),
        mentions=_mentions(engine, me.handle) if me else (),
    )


def _team(engine: SyncEngine, team: int) -> TeamView | None:
    project = engine.project(team)
    if project is None:
        return None
    updates = engine.progress(project.id)
    latest = updates[0] if updates else None
    chat = [m for m in engine.messages(f"team:{project.id}", limit=TEAM_MESSAGES) if not m.pending]
    return TeamView(
        title=project.title,
        members=", ".join(m.display_name for m in project.members),
        latest_at=latest.created_at if latest else None,
        latest=latest.text if latest else None,
        chat=tuple(ChatLine(m.created_at, m.author, " ".join(m.body.split())) for m in chat),
    )


def _swaps(engine: SyncEngine, me: str) -> tuple[SwapLine, ...]:
    lines: list[SwapLine] = []
    for swap in engine.swaps(author=me):
        if not isinstance(swap, SwapPublic):
            lines.append(SwapLine("pending", getattr(swap.value, "title", swap.summary), "pending"))
        elif swap.status in ACTIVE_SWAP_STATUSES:
            lines.append(SwapLine("mine", swap.title, str(swap.status.value), swap.claimed_by))
    helping = [s for s in confirmed(engine.swaps(claimed_by=me)) if s.status in ACTIVE_SWAP_STATUSES]
    lines += [SwapLine("helping", s.title, str(s.status.value), s.claimed_by) for s in helping]
    return tuple(lines)


def _could_help(engine: SyncEngine, me: UserPublic) -> tuple[str, ...]:
    if not me.skills:
        return ()
    open_swaps = filter_swaps(confirmed(engine.swaps(status="open")), status="open")
    matching = [s for s in open_swaps if s.author != me.handle and matches_skills(s, me.skills)]
    return tuple(s.title for s in matching[:SUGGESTED_SWAPS])


def _mentions(engine: SyncEngine, me: str) -> tuple[MentionLine, ...]:
    channels = engine.channels()
    return tuple(
        MentionLine(m.channel, channel_title(engine, m.channel, channels), m.author, m.excerpt, m.created_at)
        for m in recent_mentions(engine, me)
    )
