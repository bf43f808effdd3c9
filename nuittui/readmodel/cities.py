"""The cities' progress as shown: each city's figures and the latest team updates.

The figures follow the server's rule (``nuittui.models.progress.compute_city_progress``) on the
cache's rows, so they change as soon as a sync lands.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from .projects import ProgressLine, progress_lines
from .rows import CacheRows, PendingWrite, me_row
from .rules import city_names, safe, zone_name
from .schedule import parse_time
from .swaps import ACTIVE

__all__ = ["LATEST_UPDATES", "CitiesView", "CityFigures", "cities_view", "city_figures"]

LATEST_UPDATES = 50
"""How many team updates the board lists."""


class CityFigures(NamedTuple):
    """One city's figures (the fields of the contract's ``CityProgress``, in its order)."""

    city: str
    name: str
    participants: int
    teams: int
    """Projects of the city with at least one member."""
    projects_active: int
    """Projects of the city whose team posted at least one progress update."""
    swaps_open: int
    """Open or claimed swaps asked from this city."""
    swaps_resolved: int
    median_minutes_to_claim: float | None = None


class CitiesView(NamedTuple):
    """What the Cities section shows."""

    figures: tuple[CityFigures, ...] = ()
    my_city: str | None = None
    updates: tuple[ProgressLine, ...] = ()
    """The latest ``LATEST_UPDATES`` team updates, newest first."""
    teams: Mapping[int, str] = MappingProxyType({})
    """Project id → title."""
    cities: Mapping[str, str] = MappingProxyType({})
    zone: str | None = None
    """The event's time zone."""


def city_figures(rows: CacheRows) -> list[CityFigures]:
    """Each city's figures in the event's order (none before the first sync)."""
    cities = city_names(rows.event_row())
    users = list(rows.table_rows("users").values())
    projects = list(rows.table_rows("projects").values())
    swaps = list(rows.table_rows("swaps").values())
    active = {u.get("project_id") for u in rows.table_rows("progress").values()}
    figures = []
    for city, name in cities.items():
        mine = [s for s in swaps if s.get("city") == city]
        waits = []
        for swap in mine:
            created, claimed = parse_time(swap.get("created_at")), parse_time(swap.get("claimed_at"))
            if created is not None and claimed is not None:
                waits.append((claimed - created).total_seconds() / 60)
        figures.append(
            CityFigures(
                city=city,
                name=safe(name),
                participants=sum(
                    1
                    for u in users
                    if u.get("city") == city and u.get("role", "participant") == "participant"
                ),
                teams=sum(1 for p in projects if p.get("city") == city and p.get("members")),
                projects_active=sum(1 for p in projects if p.get("city") == city and p.get("id") in active),
                swaps_open=sum(1 for s in mine if s.get("status") in ACTIVE),
                swaps_resolved=sum(1 for s in mine if s.get("status") == "resolved"),
                median_minutes_to_claim=round(statistics.median(waits), 1) if waits else None,
            )
        )
    return figures


def cities_view(rows: CacheRows, handle: str | None, pending: Sequence[PendingWrite]) -> CitiesView:
    """The figures, my city (with my queued profile change), and the latest team updates."""
    me = me_row(rows, handle, pending)
    city = me.get("city") if me else None
    event = rows.event_row()
    zone = zone_name(event)
    return CitiesView(
        figures=tuple(city_figures(rows)),
        my_city=city if isinstance(city, str) else None,
        updates=tuple(progress_lines(rows)[:LATEST_UPDATES]),
        teams={
            p["id"]: safe(p.get("title", ""))
            for p in rows.table_rows("projects").values()
            if isinstance(p.get("id"), int)
        },
        cities=city_names(event),
        zone=zone if isinstance(zone, str) else None,
    )
