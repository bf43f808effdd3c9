"""How a bug swap reads: its status in words, its line on the board, and its Markdown for the clipboard.

They draw the read model's ``SwapRow`` (``nuittui.readmodel.board``). Titles, bodies,
names and tags are data: they go into ``Content`` as plain strings (never markup) and
into Markdown as they are.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from textual.content import Content

from nuittui.i18n import _

if TYPE_CHECKING:
    from nuittui.readmodel.board import SwapRow

__all__ = [
    "STATUS_STYLES",
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


def swap_prompt(swap: SwapRow, *, zone: tzinfo) -> Content:
    """Two lines for the board: status and title; who, where, when, tags and helper."""
    head = Content.assemble(
        Content.styled(f"{swap.status_label:<9} ", STATUS_STYLES.get(swap.status, "")),
        Content.styled(swap.title, "bold"),
    )
    details: list[Content] = [
        Content.styled(f"@{swap.author}" + (_(" (you)") if swap.mine else ""), "$accent"),
        Content(swap.city_name),
        Content(swap.created_at.astimezone(zone).strftime("%H:%M")),
    ]
    if swap.tags:
        details.append(Content.styled(" ".join(swap.tags), "italic $text-secondary"))
    if swap.claimed_by:
        details.append(Content.styled(_("helper: @{handle}", handle=swap.claimed_by), "$success"))
    return Content.assemble(head, "\n", " " * 10, Content(" · ").join(details))


def swap_markdown(swap: SwapRow) -> str:
    """The swap as Markdown, to paste into an issue or a chat elsewhere."""
    who = f"{swap.author_name} (@{swap.author})" if swap.author_name else f"@{swap.author}"
    lines = [
        f"## {swap.title}",
        "",
        f"- {_('Status')}: {swap.status_label}",
        f"- {_('Asked by')}: {who}, {swap.city_name}",
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
