"""Per-city figures, computed the same way by the server and from a client's cache."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from .base import PublicModel
from .event import City
from .people import Role, UserPublic
from .projects import ProgressPublic, ProjectPublic
from .swaps import SwapPublic, SwapStatus


class CityProgress(PublicModel):
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


class ProgressReport(PublicModel):
    """``GET /v1/progress``: every city's figures and the latest team updates, newest first."""

    cities: list[CityProgress]
    latest_updates: list[ProgressPublic]


def compute_city_progress(
    cities: Iterable[City],
    users: Iterable[UserPublic],
    projects: Iterable[ProjectPublic],
    swaps: Iterable[SwapPublic],
    updates: Iterable[ProgressPublic],
) -> list[CityProgress]:
    """Figures for each city, in the order the cities are given."""
    users, projects, swaps = list(users), list(projects), list(swaps)
    active = {u.project_id for u in updates}
    result = []
    for city in cities:
        mine = [s for s in swaps if s.city == city.id]
        waits = [(s.claimed_at - s.created_at).total_seconds() / 60 for s in mine if s.claimed_at is not None]
        result.append(
            CityProgress(
                city=city.id,
                name=city.name,
                participants=sum(1 for u in users if u.city == city.id and u.role is Role.PARTICIPANT),
                teams=sum(1 for p in projects if p.city == city.id and p.members),
                projects_active=sum(1 for p in projects if p.city == city.id and p.id in active),
                swaps_open=sum(1 for s in mine if s.status in (SwapStatus.OPEN, SwapStatus.CLAIMED)),
                swaps_resolved=sum(1 for s in mine if s.status is SwapStatus.RESOLVED),
                median_minutes_to_claim=round(statistics.median(waits), 1) if waits else None,
            )
        )
    return result
