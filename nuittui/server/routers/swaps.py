"""Bug swaps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from nuittui.models import SwapCreate, SwapPublic, SwapResolve, SwapStatus

from ..deps import CurrentUser, StoreDep, WriteCtx, answer
from ..errors import problems
from .params import ObjectId

router = APIRouter(prefix="/swaps", tags=["swaps"])

_STATE_CHANGE = problems(401, 403, 404, 409, 413, 422, 429)


@router.get("", response_model=list[SwapPublic], responses=problems(401, 422), summary="Swaps, newest first")
def list_swaps(
    actor: CurrentUser,
    store: StoreDep,
    status: SwapStatus | None = None,
    city: Annotated[str | None, Query(max_length=64)] = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    author: Annotated[str | None, Query(max_length=64)] = None,
    claimed_by: Annotated[str | None, Query(max_length=64)] = None,
) -> list[SwapPublic]:
    """Newest first."""
    return store.list_swaps(status=status, city=city, tag=tag, author=author, claimed_by=claimed_by)


@router.post(
    "",
    status_code=201,
    response_model=SwapPublic,
    responses=problems(401, 413, 422, 429),
    summary="Ask for help",
)
def create_swap(body: SwapCreate, actor: CurrentUser, ctx: WriteCtx, store: StoreDep) -> Response:
    """The swap belongs to your city; 422 for an unknown project."""
    return answer(store.create_swap(ctx, actor, body))


@router.get("/{swap_id}", response_model=SwapPublic, responses=problems(401, 404, 422), summary="One swap")
def get_swap(swap_id: ObjectId, actor: CurrentUser, store: StoreDep) -> SwapPublic:
    """One swap."""
    return store.get_swap(swap_id)


@router.post("/{swap_id}/claim", response_model=SwapPublic, responses=_STATE_CHANGE, summary="Offer help")
def claim(swap_id: ObjectId, actor: CurrentUser, ctx: WriteCtx, store: StoreDep) -> Response:
    """403 on your own swap; 409 when not open or when you already help on another."""
    return answer(store.claim_swap(ctx, actor, swap_id))


@router.post(
    "/{swap_id}/release",
    response_model=SwapPublic,
    responses=_STATE_CHANGE,
    summary="Step back (the claimer)",
)
def release(swap_id: ObjectId, actor: CurrentUser, ctx: WriteCtx, store: StoreDep) -> Response:
    """The swap is open again."""
    return answer(store.release_swap(ctx, actor, swap_id))


@router.post(
    "/{swap_id}/resolve",
    response_model=SwapPublic,
    responses=_STATE_CHANGE,
    summary="Mark solved (the author)",
)
def resolve(
    swap_id: ObjectId, body: SwapResolve, actor: CurrentUser, ctx: WriteCtx, store: StoreDep
) -> Response:
    """With an optional thank-you and rating; from open or claimed."""
    return answer(store.resolve_swap(ctx, actor, swap_id, body))


@router.post(
    "/{swap_id}/cancel", response_model=SwapPublic, responses=_STATE_CHANGE, summary="Withdraw (the author)"
)
def cancel(swap_id: ObjectId, actor: CurrentUser, ctx: WriteCtx, store: StoreDep) -> Response:
    """From open or claimed."""
    return answer(store.cancel_swap(ctx, actor, swap_id))


@router.post(
    "/{swap_id}/reopen", response_model=SwapPublic, responses=_STATE_CHANGE, summary="Ask again (the author)"
)
def reopen(swap_id: ObjectId, actor: CurrentUser, ctx: WriteCtx, store: StoreDep) -> Response:
    """Open again with the claim cleared; from claimed, resolved or cancelled."""
    return answer(store.reopen_swap(ctx, actor, swap_id))
