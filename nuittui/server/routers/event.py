"""``GET /v1/event``: the event, public."""

from __future__ import annotations

from fastapi import APIRouter

from nuittui.models import EventPublic

from ..deps import StoreDep

router = APIRouter(tags=["event"])


@router.get("/event", response_model=EventPublic, summary="The event: name, time zone, dates, cities, themes")
def get_event(store: StoreDep) -> EventPublic:
    """The event; no token needed."""
    return store.event()
