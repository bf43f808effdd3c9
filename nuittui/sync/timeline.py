"""What is on now and next in a schedule: shared by the engine, the shell and its fast status line.

Pure functions over any item type (models, or raw cached rows on the fast path).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

__all__ = ["now_and_next"]

T = TypeVar("T")


def now_and_next(
    items: Iterable[T],
    now: datetime,
    *,
    start: Callable[[T], datetime],
    end: Callable[[T], datetime],
) -> tuple[list[T], T | None]:
    """The items under way at ``now`` (by start), and the first one starting after it."""
    current: list[tuple[datetime, T]] = []
    upcoming: tuple[datetime, T] | None = None
    for item in items:
        begins, ends = start(item), end(item)
        if begins <= now < ends:
            current.append((begins, item))
        elif begins > now and (upcoming is None or begins < upcoming[0]):
            upcoming = (begins, item)
    current.sort(key=lambda pair: pair[0])
    return [item for _, item in current], upcoming[1] if upcoming else None
