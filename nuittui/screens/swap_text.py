"""How a bug swap reads: its status in words, its line on the board, and its Markdown for the clipboard.

Titles, bodies, names and tags are data: they go into ``Content`` as plain
strings (never markup) and into Markdown as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import tzinfo
from typing import TYPE_CHECKING

from textual.content import Content

from nuittui.i18n import _
from nuittui.readmodel import swaps as swaps_rules
from nuittui.readmodel.rules import status_label

if TYPE_CHECKING:
    from nuittui.models import SwapPublic, UserPublic

__all__ = [
    "STATUS_FILTERS",
    "STATUS_STYLES",
    "confirmed",
    "filter_swaps",
    "matches_skills",
    "swap_markdown",
    "swap_prompt",
]

STATUS_STYLES: dict[str, str] = {
    "open": "bold $warning",
    "claimed": "bold $success",
    "resolved": "$text-muted",
    "cancelled": "$text-muted strike",
    "pending": "italic $text-muted",
}


STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "active": ("open", "claimed"),
    "open": ("open",),
    "claimed": ("claimed",),
    "resolved": ("resolved",),
    "cancelled": ("cancelled",),
    "all": ("open", "claimed", "resolved", "cancelled"),
}


def _status(swap: SwapPublic) -> str:
    return str(getattr(swap.status, "value", swap.status))


def confirmed(items: Iterable[object]) -> list[SwapPublic]:
    """The swaps the server has, leaving out my creations still pending in the outbox."""
    from nuittui.models import SwapPublic  # loaded with the engine: Home's first paint needs none

    return [item for item in items if isinstance(item, SwapPublic)]


def matches_skills(swap: SwapPublic, skills: Iterable[str]) -> bool:
    """Whether one of my skills is a tag of the swap, or a word of its title (the read model's rule)."""
    return swaps_rules.matches_skills({"tags": list(swap.tags), "title": swap.title}, skills)


def filter_swaps(
    swaps: Iterable[SwapPublic],
    *,
    status: str = "active",
    city: str | None = None,
    tag: str | None = None,
    skills: Iterable[str] | None = None,
    mine: str | None = None,
) -> list[SwapPublic]:
    """The swaps the board shows for these filters, newest first as given.

    ``mine``: a handle; only the swaps it asked or helps on.
    """
    statuses = STATUS_FILTERS.get(status, STATUS_FILTERS["all"])
    skill_list = list(skills) if skills is not None else None
    return [
        s
        for s in swaps
        if _status(s) in statuses
        and (city is None or s.city == city)
        and (tag is None or tag in s.tags)
        and (skill_list is None or matches_skills(s, skill_list))
        and (mine is None or mine in (s.author, s.claimed_by))
    ]


def swap_prompt(swap: SwapPublic, *, cities: Mapping[str, str], me: str | None, zone: tzinfo) -> Content:
    """Two lines for the board: status and title; who, where, when, tags and helper."""
    status = _status(swap)
    head = Content.assemble(
        Content.styled(f"{status_label(status):<9} ", STATUS_STYLES.get(status, "")),
        Content.styled(swap.title, "bold"),
    )
    details: list[Content] = [
        Content.styled(f"@{swap.author}" + (_(" (you)") if swap.author == me else ""), "$accent"),
        Content(cities.get(swap.city, swap.city)),
        Content(swap.created_at.astimezone(zone).strftime("%H:%M")),
    ]
    if swap.tags:
        details.append(Content.styled(" ".join(swap.tags), "italic $text-secondary"))
    if swap.claimed_by:
        details.append(Content.styled(_("helper: @{handle}", handle=swap.claimed_by), "$success"))
    return Content.assemble(head, "\n", " " * 10, Content(" · ").join(details))


def swap_markdown(swap: SwapPublic, *, cities: Mapping[str, str], users: Mapping[str, UserPublic]) -> str:
    """The swap as Markdown, to paste into an issue or a chat elsewhere."""
    author = users.get(swap.author)
    who = f"{author.display_name} (@{swap.author})" if author else f"@{swap.author}"
    lines = [
        f"## {swap.title}",
        "",
        f"- {_('Status')}: {status_label(_status(swap))}",
        f"- {_('Asked by')}: {who}, {cities.get(swap.city, swap.city)}",
    ]
    if swap.location:
        lines.append(f"- {_('Where')}: {swap.location}")
    if swap.tags:
        lines.append(f"- {_('Tags')}: " + ", ".join(f"`{t}`" for t in swap.tags))
    if swap.claimed_by:
        lines.append(f"- {_('Helper')}: @{swap.claimed_by}")
    if swap.body:
        lines += ["", swap.body]
    return "\n".join(lines) + "\n"
