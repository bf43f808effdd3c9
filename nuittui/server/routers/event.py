"""``GET /v1/event`` (public) and ``PATCH /v1/event`` (event organizers)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from nuittui.models import EventPublic, EventUpdate

from ..deps import Organizer, StoreDep, WriteCtx, answer
from ..errors import problems

router = APIRouter(tags=["event"])


@router.get("/event", response_model=EventPublic, summary="The event: name, time zone, dates, cities, themes")
def get_event(store: StoreDep) -> EventPublic:
    """The event; no token needed."""
    return store.event()


@router.patch(
    "/event",
    response_model=EventPublic,
    responses=problems(401, 403, 413, 422, 429),
    summary="Change the event's name, time zone, dates or jury time (event organizers)",
)
def patch_event(body: EventUpdate, actor: Organizer, ctx: WriteCtx, store: StoreDep) -> Response:
    """Fields left out are unchanged. 422 unless ``ends_at`` is after ``starts_at`` and ``jury_at``
    between them. Everyone gets ``event.upsert``, with each city's jury time."""
    return answer(store.update_event(ctx, actor, body))
