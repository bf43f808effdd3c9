"""The swap board and one swap as shown: their rows, the board's filters, and what I may do on a swap.

Every rule about swaps that a screen or a shell command shows is here once: which swaps a
filter keeps, what a row of the board says, which actions the server would accept from me
on a swap and, for each one it would not, why (the one-claim-at-a-time rule, my own swap,
not open, not signed in…). My swap creations still in the outbox are a field of their own,
next to the confirmed rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from nuittui.i18n import _

from .home import me_row
from .rows import CacheRows, PendingWrite, Row
from .rules import city_names, safe, status_label, zone_name
from .schedule import parse_time
from .swaps import matches_skills, newest_first

__all__ = [
    "ACTIONS",
    "STATUS_FILTERS",
    "BoardFilters",
    "BoardView",
    "PendingSwap",
    "SwapDetail",
    "SwapRow",
    "board_view",
    "may_act",
    "swap_detail",
]

ACTIONS = ("claim", "release", "resolve", "cancel", "reopen")
"""What one can do on a swap, in the order the detail screen offers it."""

STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "active": ("open", "claimed"),
    "open": ("open",),
    "claimed": ("claimed",),
    "resolved": ("resolved",),
    "cancelled": ("cancelled",),
    "all": ("open", "claimed", "resolved", "cancelled"),
}
"""The board's status filter → the statuses it keeps (``pending``: none, only my swaps in the outbox)."""

SWAP_CREATE = "swap.create"
ABOUT_SWAP = re.compile(r"^/v1/swaps/([0-9]{1,12})/")
"""The swap an action in the outbox is about, from its request's path (``/v1/swaps/12/claim``)."""


class SwapRow(NamedTuple):
    """A swap the server has, as the board and the detail show it (texts made safe)."""

    id: int
    status: str
    """``open``, ``claimed``, ``resolved`` or ``cancelled``."""
    status_label: str
    title: str
    city: str
    city_name: str
    author: str
    author_name: str | None
    """The author's display name, when the cache knows them."""
    claimed_by: str | None
    created_at: datetime
    tags: tuple[str, ...] = ()
    body: str = ""
    location: str | None = None
    project_id: int | None = None
    thanks: str = ""
    rating: int | None = None
    mine: bool = False
    """I asked it."""
    helping: bool = False
    """I claimed it."""
    matches_skills: bool = False
    """One of my skills is a tag of it or a word of its title (never for my own swaps' sake: as is)."""
    data: Row = MappingProxyType({})
    """The stored row as the server sent it (``--json`` prints it as is)."""

    @property
    def channel(self) -> str:
        """Its thread's channel."""
        return f"swap:{self.id}"


class PendingSwap(NamedTuple):
    """My swap creation still in the outbox: not on the server yet, never mixed into ``SwapRow``s."""

    key: str
    """The outbox entry's key."""
    title: str
    tags: tuple[str, ...]
    created_at: datetime
    body: Row
    """What was asked (a ``SwapCreate`` as JSON)."""
    last_error: str | None = None


class BoardFilters(NamedTuple):
    """What the board, or ``nuit-tui swap list``, keeps."""

    status: str = "all"
    """A key of ``STATUS_FILTERS``, or ``pending`` (only my swaps still in the outbox)."""
    city: str | None = None
    tag: str | None = None
    author: str | None = None
    mine: bool = False
    """Only the swaps I asked or help on."""
    claimed_by_me: bool = False
    skills: bool = False
    """Only the swaps matching my skills."""


class BoardView(NamedTuple):
    """The board: every confirmed swap newest first, my creations still pending, and around them."""

    signed_in: bool = False
    handle: str | None = None
    zone: str | None = None
    """The event's time zone (None before the first sync)."""
    cities: tuple[tuple[str, str], ...] = ()
    """(id, name) of each city, in the event's order."""
    city_names: Mapping[str, str] = MappingProxyType({})
    tags: tuple[str, ...] = ()
    """Every tag of a confirmed swap, sorted."""
    swaps: tuple[SwapRow, ...] = ()
    pending: tuple[PendingSwap, ...] = ()
    """My swap creations still in the outbox, newest first."""
    my_city: str | None = None
    my_team: int | None = None
    projects: tuple[tuple[int, str], ...] = ()
    """Every project as ``(id, title)``, by id: what a swap can be about (the form's choice)."""
    waiting: Mapping[int, tuple[str, ...]] = MappingProxyType({})
    """Swap id → my actions on it still in the outbox (their summaries)."""

    def detail(self, swap_id: int) -> SwapDetail:
        """One swap of the board as its detail shows it, from this view alone (no read): what the
        detail screen draws at once, before its own read of the cache."""
        swap = next((s for s in self.swaps if s.id == swap_id), None)
        if swap is None:
            return SwapDetail(None, self.handle, self.zone, swap_id=swap_id)
        helping = [s.id for s in self.swaps if s.helping and s.status == "claimed"]
        me = self.handle if self.signed_in else None
        return _detail(swap, me, self.zone, helping, self.waiting.get(swap_id, ()))

    def shown(self, filters: BoardFilters) -> tuple[SwapRow, ...]:
        """The confirmed swaps ``filters`` keep, newest first."""
        statuses = STATUS_FILTERS.get(filters.status, ())
        signed_in = self.handle is not None
        return tuple(
            s
            for s in self.swaps
            if s.status in statuses
            and (filters.city is None or s.city == filters.city)
            and (filters.tag is None or filters.tag in s.tags)
            and (filters.author is None or s.author == filters.author)
            and (not filters.mine or (signed_in and (s.mine or s.helping)))
            and (not filters.claimed_by_me or (signed_in and s.helping))
            and (not filters.skills or s.matches_skills)
        )

    def pending_shown(self, filters: BoardFilters) -> tuple[PendingSwap, ...]:
        """My pending creations ``filters`` keep (by status ``all`` or ``pending``, my city, a tag)."""
        if filters.status not in ("all", "pending") or filters.claimed_by_me or filters.skills:
            return ()
        if filters.author is not None and filters.author != self.handle:
            return ()
        if filters.city is not None and filters.city != self.my_city:
            return ()
        return tuple(p for p in self.pending if filters.tag is None or filters.tag in p.tags)


class SwapDetail(NamedTuple):
    """One swap, and what I may do on it: each action is allowed, or says why not."""

    swap: SwapRow | None
    """None when the cache does not have it."""
    handle: str | None = None
    zone: str | None = None
    allowed: frozenset[str] = frozenset()
    why_not: Mapping[str, str] = MappingProxyType({})
    """Every action of ``ACTIONS`` not allowed → why, in words."""
    waiting: tuple[str, ...] = ()
    """My actions on this swap still in the outbox (their summaries): the server answers them first."""
    helper_name: str | None = None
    """The claimer's display name, when the cache knows them (``swap_detail`` only)."""
    helper_city: str | None = None
    """The claimer's city, by name (``swap_detail`` only)."""
    swap_id: int = 0
    """The swap asked for (``swap`` is None when the cache does not have it)."""


def board_view(rows: CacheRows, handle: str | None, pending: Sequence[PendingWrite]) -> BoardView:
    """The board from the cache's rows and the outbox (filter it with ``BoardView.shown``)."""
    event = rows.event_row()
    names = city_names(event)
    me = me_row(rows, handle, pending)
    swaps = _swap_rows(rows, me, names)
    city = me.get("city") if me else None
    team = me.get("team") if me else None
    projects = tuple(
        (pid, safe(row["title"]))
        for pid, row in sorted(rows.table_rows("projects").items())
        if isinstance(pid, int) and isinstance(row.get("title"), str)
    )
    return BoardView(
        signed_in=me is not None,
        handle=handle,
        zone=zone_name(event),
        cities=tuple(names.items()),
        city_names=MappingProxyType(names),
        tags=tuple(sorted({t for s in swaps for t in s.tags})),
        swaps=swaps,
        pending=_pending_swaps(pending),
        my_city=city if isinstance(city, str) else None,
        my_team=team if isinstance(team, int) else None,
        projects=projects,
        waiting=MappingProxyType(_waiting(pending)),
    )


def swap_detail(
    rows: CacheRows, handle: str | None, pending: Sequence[PendingWrite], swap_id: int
) -> SwapDetail:
    """One swap from the cache's rows, with the actions I may take on it and why not the others."""
    event = rows.event_row()
    names = city_names(event)
    me = me_row(rows, handle, pending)
    row = rows.table_rows("swaps").get(swap_id)
    swap = _swap_row(row, rows, me, names) if row is not None else None
    if swap is None:
        return SwapDetail(None, handle, zone_name(event), swap_id=swap_id)
    helping = [
        int(s["id"])
        for s in newest_first(rows.table_rows("swaps").values())
        if me is not None and s.get("claimed_by") == me.get("handle") and s.get("status") == "claimed"
    ]
    mine = str(me["handle"]) if me else None
    detail = _detail(swap, mine, zone_name(event), helping, _waiting(pending).get(swap_id, ()))
    helper = rows.table_rows("users").get(swap.claimed_by) if swap.claimed_by else None
    if helper is None:
        return detail
    name, city = helper.get("display_name"), helper.get("city")
    return detail._replace(
        helper_name=safe(name) if isinstance(name, str) and name else None,
        helper_city=safe(names.get(city, city)) if isinstance(city, str) else None,
    )


def _detail(
    swap: SwapRow, me: str | None, zone: str | None, helping: Sequence[int], waiting: tuple[str, ...]
) -> SwapDetail:
    allowed, why_not = may_act(swap, me, helping, waiting=bool(waiting))
    return SwapDetail(swap, me, zone, allowed, MappingProxyType(why_not), waiting, swap_id=swap.id)


def _waiting(pending: Sequence[PendingWrite]) -> dict[int, tuple[str, ...]]:
    """Swap id → my actions on it still in the outbox (claim, release…; not my creations)."""
    found: dict[int, tuple[str, ...]] = {}
    for write in pending:
        about = ABOUT_SWAP.match(write.path)
        if write.kind.startswith("swap.") and write.kind != SWAP_CREATE and about is not None:
            swap_id = int(about.group(1))
            found[swap_id] = (*found.get(swap_id, ()), safe(write.summary))
    return found


def may_act(
    swap: SwapRow, me: str | None, my_claims: Iterable[int] = (), *, waiting: bool = False
) -> tuple[frozenset[str], dict[str, str]]:
    """What the server lets ``me`` do on ``swap`` now, and why not each other action.

    ``my_claims``: the ids of the swaps I help on (claimed by me); ``waiting``: an action of
    mine on this swap is still in the outbox (one at a time: the server answers it first).
    """
    if me is None:
        return frozenset(), dict.fromkeys(ACTIONS, _("Not signed in."))
    if waiting:
        return frozenset(), dict.fromkeys(
            ACTIONS, _("Waiting for the server to answer your last action on this swap.")
        )
    why: dict[str, str] = {
        "claim": _why_not_claim(swap, me, [i for i in my_claims if i != swap.id]) or "",
        "release": _why_not_release(swap, me) or "",
        "resolve": _why_not_close(swap, me, "resolve") or "",
        "cancel": _why_not_close(swap, me, "cancel") or "",
        "reopen": _why_not_reopen(swap, me) or "",
    }
    allowed = frozenset(action for action, reason in why.items() if not reason)
    return allowed, {action: reason for action, reason in why.items() if reason}


def _why_not_claim(swap: SwapRow, me: str, other_claims: Sequence[int]) -> str | None:
    if swap.author == me:
        return _("This is your own swap: someone else claims it to help you.")
    if swap.status == "claimed":
        if swap.claimed_by == me:
            return _("You are already helping on it.")
        return _("Already claimed by @{handle}.", handle=swap.claimed_by or "?")
    if swap.status != "open":
        return _("This swap is {status}: there is nothing to claim.", status=status_label(swap.status))
    if other_claims:
        return _(
            "You already help on swap #{id}: release it first (one claim at a time).", id=other_claims[0]
        )
    return None


def _why_not_release(swap: SwapRow, me: str) -> str | None:
    if swap.status != "claimed":
        return _("Nobody has claimed this swap: there is nothing to release.")
    if swap.claimed_by != me:
        return _("Only its helper, @{handle}, can release it.", handle=swap.claimed_by or "?")
    return None


def _why_not_close(swap: SwapRow, me: str, action: str) -> str | None:
    if swap.author != me:
        if action == "resolve":
            return _("Only its author, @{handle}, can resolve it.", handle=swap.author)
        return _("Only its author, @{handle}, can cancel it.", handle=swap.author)
    if swap.status not in ("open", "claimed"):
        return _("This swap is {status} already.", status=status_label(swap.status))
    return None


def _why_not_reopen(swap: SwapRow, me: str) -> str | None:
    if swap.author != me:
        return _("Only its author, @{handle}, can reopen it.", handle=swap.author)
    if swap.status == "open":
        return _("This swap is open already.")
    return None


def _swap_rows(rows: CacheRows, me: Row | None, names: Mapping[str, str]) -> tuple[SwapRow, ...]:
    found = (_swap_row(row, rows, me, names) for row in newest_first(rows.table_rows("swaps").values()))
    return tuple(s for s in found if s is not None)


def _swap_row(row: Row, rows: CacheRows, me: Row | None, names: Mapping[str, str]) -> SwapRow | None:
    """One stored swap as shown; None when the row is not a swap."""
    created = parse_time(row.get("created_at"))
    swap_id, author, status = row.get("id"), row.get("author"), row.get("status")
    if created is None or not isinstance(swap_id, int) or not isinstance(author, str):
        return None
    if status not in STATUS_FILTERS["all"]:
        return None
    handle = me.get("handle") if me else None
    skills = me.get("skills") if me else None
    tags = row.get("tags")
    city = str(row.get("city", ""))
    claimed_by = row.get("claimed_by")
    user = rows.table_rows("users").get(author)
    author_name = user.get("display_name") if user else None
    rating = row.get("rating")
    project_id = row.get("project_id")
    location = row.get("location")
    return SwapRow(
        id=swap_id,
        status=status,
        status_label=status_label(status),
        title=safe(row.get("title", "")),
        city=safe(city),
        city_name=safe(names.get(city, city)),
        author=safe(author),
        author_name=safe(author_name) if isinstance(author_name, str) and author_name else None,
        claimed_by=safe(claimed_by) if isinstance(claimed_by, str) else None,
        created_at=created,
        tags=tuple(safe(t) for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        body=safe(row.get("body") or ""),
        location=safe(location) if isinstance(location, str) and location else None,
        project_id=project_id if isinstance(project_id, int) else None,
        thanks=safe(row.get("thanks") or ""),
        rating=rating if isinstance(rating, int) else None,
        mine=handle is not None and author == handle,
        helping=handle is not None and claimed_by == handle,
        matches_skills=isinstance(skills, list) and matches_skills(row, [str(s) for s in skills]),
        data=row,
    )


def _pending_swaps(pending: Sequence[PendingWrite]) -> tuple[PendingSwap, ...]:
    found: list[PendingSwap] = []
    for write in reversed(pending):
        if write.kind != SWAP_CREATE:
            continue
        body: dict[str, Any] = write.body if isinstance(write.body, dict) else {}
        tags = body.get("tags")
        found.append(
            PendingSwap(
                key=write.key,
                title=safe(body.get("title") or write.summary),
                tags=tuple(safe(t) for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
                created_at=write.created_at,
                body=MappingProxyType(body),
                last_error=safe(write.last_error) if write.last_error else None,
            )
        )
    return tuple(found)
