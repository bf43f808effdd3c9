"""Channels as shown: every channel in the server's order, with the title people know it by."""

from __future__ import annotations

import re

from .rows import CacheRows, Row
from .rules import safe

__all__ = ["ALL_CHANNEL", "ALL_CHANNEL_TITLE", "channel_titles"]

CHANNEL = re.compile(r"all|city:[a-z0-9][a-z0-9-]{0,31}|team:[0-9]{1,12}|swap:[0-9]{1,12}")
"""A channel's name (``nuittui.models.CHANNEL_PATTERN``): anything else cached is not shown."""
ALL_CHANNEL = "all"
ALL_CHANNEL_TITLE = "Toutes les villes"
"""Title of the all-cities channel until the event is cached; then the event's name, as the server."""


def channel_titles(rows: CacheRows, event: Row | None) -> dict[str, str]:
    """Every channel → its title, in the server's order: all cities, each city, each team, each
    swap, then any other cached channel (by name)."""
    titles: dict[str, str] = {
        ALL_CHANNEL: safe(event.get("name", ALL_CHANNEL_TITLE)) if event else ALL_CHANNEL_TITLE
    }
    cities = event.get("cities") if event else None
    for city in cities if isinstance(cities, list) else []:
        if isinstance(city, dict) and isinstance(city.get("id"), str):
            titles.setdefault(f"city:{city['id']}", safe(city.get("name") or city["id"]))
    for project_id, project in sorted(rows.table_rows("projects").items()):
        titles.setdefault(f"team:{project_id}", safe(project.get("title", "")))
    for swap_id, swap in sorted(rows.table_rows("swaps").items()):
        titles.setdefault(f"swap:{swap_id}", safe(swap.get("title", "")))
    for name in sorted(rows.channel_last_seqs()):
        if CHANNEL.fullmatch(name):
            titles.setdefault(name, name)
    return titles
