"""What Home shows, as plain data: read from the engine (``home_data``) or from the launch view.

Home draws only from a ``HomeView``, so the screen it draws at start-up from the view
saved at the last exit (``nuittui.sync.launch``) and the one it draws from the cache
are made by the same code. What moves with the clock (now and next, the countdown)
is kept as times and worked out when drawn. Standard library only: the launch path
reads this before the contract's models are loaded, and its types are named tuples,
which Python makes several times faster than dataclasses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple

# The characters nuittui.models.text removes from everything people write (C0 but tab and
# newline, DEL, C1, bidi overrides): a view written from the cache never holds one.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

__all__ = [
    "ChatLine",
    "HomeView",
    "MentionLine",
    "NowNext",
    "ScheduleLine",
    "SwapLine",
    "TeamView",
    "now_and_next",
    "who_line",
]


class ScheduleLine(NamedTuple):
    """A schedule item as Home shows it."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str | None = None
    city: str | None = None


class ChatLine(NamedTuple):
    """A message of my team's chat."""

    created_at: datetime
    author: str
    body: str


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

    def to_json(self) -> dict[str, Any]:
        """A JSON object (times as ISO 8601 strings)."""
        return {
            "signed_in": self.signed_in,
            "who": self.who,
            "zone": self.zone,
            "cities": dict(self.cities),
            "schedule": [
                [i.id, i.title, i.starts_at.isoformat(), i.ends_at.isoformat(), i.room, i.city]
                for i in self.schedule
            ],
            "jury_at": _iso(self.jury_at),
            "team": None
            if self.team is None
            else {
                "title": self.team.title,
                "members": self.team.members,
                "latest_at": _iso(self.team.latest_at),
                "latest": self.team.latest,
                "chat": [[m.created_at.isoformat(), m.author, m.body] for m in self.team.chat],
            },
            "swaps": [[s.kind, s.title, s.status, s.claimed_by] for s in self.swaps],
            "could_help": list(self.could_help),
            "mentions": [
                [m.channel, m.channel_title, m.author, m.excerpt, m.created_at.isoformat()]
                for m in self.mentions
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HomeView:
        """The view ``to_json`` wrote; ``ValueError``, ``KeyError`` or ``TypeError`` for anything else."""
        team = data["team"]
        return cls(
            signed_in=bool(data["signed_in"]),
            who=_str(data["who"]),
            zone=_opt_str(data["zone"]),
            cities={_str(k): _str(v) for k, v in data["cities"].items()},
            schedule=tuple(
                ScheduleLine(int(i), _str(t), _time(s), _time(e), _opt_str(r), _opt_str(c))
                for i, t, s, e, r, c in data["schedule"]
            ),
            jury_at=_opt_time(data["jury_at"]),
            team=None
            if team is None
            else TeamView(
                title=_str(team["title"]),
                members=_str(team["members"]),
                latest_at=_opt_time(team["latest_at"]),
                latest=_opt_str(team["latest"]),
                chat=tuple(ChatLine(_time(t), _str(a), _str(b)) for t, a, b in team["chat"]),
            ),
            swaps=tuple(SwapLine(_str(k), _str(t), _str(s), _opt_str(c)) for k, t, s, c in data["swaps"]),
            could_help=tuple(_str(t) for t in data["could_help"]),
            mentions=tuple(
                MentionLine(_str(ch), _str(title), _str(a), _str(x), _time(t))
                for ch, title, a, x, t in data["mentions"]
            ),
        )


class NowNext(NamedTuple):
    """The schedule items on now (latest started first) and the next one to start."""

    now: list[ScheduleLine]
    next: ScheduleLine | None


def now_and_next(items: Iterable[ScheduleLine], moment: datetime) -> NowNext:
    """What is on at ``moment`` and what starts next."""
    ordered = sorted(items, key=lambda i: (i.starts_at, i.id))
    current = [i for i in ordered if i.starts_at <= moment < i.ends_at]
    current.sort(key=lambda i: i.starts_at, reverse=True)
    upcoming = next((i for i in ordered if i.starts_at > moment), None)
    return NowNext(current, upcoming)


def who_line(handle: str, city: str, cities: Mapping[str, str]) -> str:
    """``@handle · City``, for the top bar."""
    return f"@{handle} · {cities.get(city, city)}"


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _time(text: Any) -> datetime:
    moment = datetime.fromisoformat(_str(text))
    if moment.tzinfo is None:
        raise ValueError("a time without a zone")
    return moment


def _opt_time(text: Any) -> datetime | None:
    return None if text is None else _time(text)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    if _UNSAFE.search(value):
        raise ValueError("a control character in a saved view")  # the cache's text never has one
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)
