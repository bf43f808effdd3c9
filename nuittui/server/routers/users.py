"""People: one's own profile and everyone's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.responses import Response

from nuittui.models import MeUpdate, UserPublic

from ..deps import CurrentUser, StoreDep, WriteCtx, answer
from ..errors import problems

router = APIRouter(tags=["people"])


@router.get("/me", response_model=UserPublic, responses=problems(401), summary="Your profile")
def get_me(actor: CurrentUser, store: StoreDep) -> UserPublic:
    """The caller's profile."""
    return store.me(actor)


@router.patch(
    "/me",
    response_model=UserPublic,
    responses=problems(401, 413, 422, 429),
    summary="Change your display name, skills or availability",
)
def patch_me(body: MeUpdate, actor: CurrentUser, ctx: WriteCtx, store: StoreDep) -> Response:
    """Fields left out are unchanged."""
    return answer(store.update_me(ctx, actor, body))


@router.get("/users", response_model=list[UserPublic], responses=problems(401, 422), summary="Everyone")
def list_users(
    actor: CurrentUser,
    store: StoreDep,
    city: Annotated[str | None, Query(max_length=64, description="Only this city's people.")] = None,
) -> list[UserPublic]:
    """Every participant and organizer, by handle."""
    return store.list_users(city=city)


@router.get(
    "/users/{handle}", response_model=UserPublic, responses=problems(401, 404, 422), summary="One person"
)
def get_user(handle: Annotated[str, Path(max_length=64)], actor: CurrentUser, store: StoreDep) -> UserPublic:
    """One person's profile."""
    return store.get_user(handle.lower())
