"""The schedule."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from nuittui.models import ScheduleItemCreate, ScheduleItemPublic, ScheduleItemUpdate

from ..deps import CurrentUser, Organizer, StoreDep, WriteCtx, answer
from ..errors import problems
from .params import ObjectId

router = APIRouter(prefix="/schedule", tags=["schedule"])


@router.get(
    "", response_model=list[ScheduleItemPublic], responses=problems(401, 422), summary="The schedule by start"
)
def list_schedule(
    actor: CurrentUser,
    store: StoreDep,
    city: Annotated[str | None, Query(max_length=64, description="Global items and this city's.")] = None,
) -> list[ScheduleItemPublic]:
    """By start time."""
    return store.schedule(city=city)


@router.post(
    "",
    status_code=201,
    response_model=ScheduleItemPublic,
    responses=problems(401, 403, 413, 422, 429),
    summary="Add an item (organizers)",
)
def create_item(body: ScheduleItemCreate, actor: Organizer, ctx: WriteCtx, store: StoreDep) -> Response:
    """``city`` empty: every city."""
    return answer(store.create_schedule_item(ctx, actor, body))


@router.patch(
    "/{item_id}",
    response_model=ScheduleItemPublic,
    responses=problems(401, 403, 404, 413, 422, 429),
    summary="Change an item (organizers)",
)
def patch_item(
    item_id: ObjectId, body: ScheduleItemUpdate, actor: Organizer, ctx: WriteCtx, store: StoreDep
) -> Response:
    """Fields left out are unchanged."""
    return answer(store.update_schedule_item(ctx, actor, item_id, body))


@router.delete(
    "/{item_id}",
    status_code=204,
    responses=problems(401, 403, 404, 413, 422, 429),
    summary="Remove an item (organizers)",
)
def delete_item(item_id: ObjectId, actor: Organizer, ctx: WriteCtx, store: StoreDep) -> Response:
    """The stream carries ``schedule.delete``."""
    return answer(store.delete_schedule_item(ctx, actor, item_id))
