"""Swaps as shown: which are active, which match my skills."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .rows import Row

__all__ = ["ACTIVE", "matches_skills", "newest_first"]

ACTIVE = frozenset({"open", "claimed"})
"""Statuses of a swap someone still works on."""


def matches_skills(swap: Row, skills: Iterable[str]) -> bool:
    """Whether one of my skills is a tag of the swap, or a word of its title."""
    wanted = {s.strip().lower() for s in skills if s.strip()}
    tags = swap.get("tags")
    if isinstance(tags, list) and wanted & {t.lower() for t in tags if isinstance(t, str)}:
        return True
    words = {w.strip(".,:;!?()[]«»'\"").lower() for w in str(swap.get("title", "")).split()}
    return bool(wanted & words)


def newest_first(rows: Iterable[Row]) -> list[Mapping[str, Any]]:
    """Swap rows newest first (by creation, then id), as every list of swaps shows them."""
    return sorted(
        (r for r in rows if isinstance(r.get("id"), int)),
        key=lambda r: (str(r.get("created_at", "")), r["id"]),
        reverse=True,
    )
