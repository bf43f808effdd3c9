"""Who may act as an organizer on what: a city organizer on their city's objects, an event organizer
on everything (docs/api.md, "Roles")."""

from __future__ import annotations

from ..errors import forbidden
from .types import Actor


def require_organizer(actor: Actor, city: str | None, doing: str) -> None:
    """403 unless ``actor`` organizes ``city`` (None: what belongs to every city, or the event).

    ``doing`` completes "only organizers …", e.g. ``"change the schedule"``.
    """
    if actor.organizes(city):
        return
    if not actor.is_organizer:
        raise forbidden(f"only organizers {doing}")
    if city is None:
        raise forbidden(f"only event organizers {doing} for every city; you organize {actor.city}")
    raise forbidden(
        f"you organize {actor.city}, not {city}: only its organizers and event organizers {doing}"
    )
