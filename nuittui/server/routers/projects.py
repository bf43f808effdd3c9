"""Projects, teams and progress updates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from nuittui.models import ProgressCreate, ProgressPublic, ProjectCreate, ProjectPublic, ProjectUpdate

from ..deps import CurrentUser, Organizer, StoreDep, WriteCtx, answer
from ..errors import problems
from .params import ObjectId

router = APIRouter(prefix="/projects", tags=["projects"])


@router.get(
    "", response_model=list[ProjectPublic], responses=problems(401, 422), summary="Projects, filtered"
)
def list_projects(
    actor: CurrentUser,
    store: StoreDep,
    theme: Annotated[str | None, Query(max_length=64)] = None,
    city: Annotated[str | None, Query(max_length=64)] = None,
    looking: Annotated[bool | None, Query(description="Only teams looking (or not) for members.")] = None,
) -> list[ProjectPublic]:
    """Projects by id."""
    return store.list_projects(theme=theme, city=city, looking=looking)


@router.post(
    "",
    status_code=201,
    response_model=ProjectPublic,
    responses=problems(401, 403, 413, 422, 429),
    summary="Create a project (organizers)",
)
def create_project(body: ProjectCreate, actor: Organizer, ctx: WriteCtx, store: StoreDep) -> Response:
    """422 for an unknown theme or city."""
    return answer(store.create_project(ctx, actor, body))


@router.get(
    "/{project_id}", response_model=ProjectPublic, responses=problems(401, 404, 422), summary="One project"
)
def get_project(project_id: ObjectId, actor: CurrentUser, store: StoreDep) -> ProjectPublic:
    """A project and its team."""
    return store.get_project(project_id)


@router.patch(
    "/{project_id}",
    response_model=ProjectPublic,
    responses=problems(401, 403, 404, 413, 422, 429),
    summary="Change a project (organizers; members: looking_for_members only)",
)
def patch_project(
    project_id: ObjectId, body: ProjectUpdate, actor: CurrentUser, ctx: WriteCtx, store: StoreDep
) -> Response:
    """Fields left out are unchanged."""
    return answer(store.update_project(ctx, actor, project_id, body))


@router.post(
    "/{project_id}/join",
    response_model=ProjectPublic,
    responses=problems(401, 404, 409, 413, 422, 429),
    summary="Join the team",
)
def join(project_id: ObjectId, actor: CurrentUser, ctx: WriteCtx, store: StoreDep) -> Response:
    """Already a member: the same answer. 409 when full or in another team."""
    return answer(store.join_project(ctx, actor, project_id))


@router.post(
    "/{project_id}/leave",
    response_model=ProjectPublic,
    responses=problems(401, 404, 409, 413, 422, 429),
    summary="Leave the team",
)
def leave(project_id: ObjectId, actor: CurrentUser, ctx: WriteCtx, store: StoreDep) -> Response:
    """409 when not a member."""
    return answer(store.leave_project(ctx, actor, project_id))


@router.get(
    "/{project_id}/progress",
    response_model=list[ProgressPublic],
    responses=problems(401, 404, 422),
    summary="The team's progress updates, newest first",
)
def list_progress(project_id: ObjectId, actor: CurrentUser, store: StoreDep) -> list[ProgressPublic]:
    """Newest first."""
    return store.list_progress(project_id)


@router.post(
    "/{project_id}/progress",
    status_code=201,
    response_model=ProgressPublic,
    responses=problems(401, 403, 404, 413, 422, 429),
    summary="Post where the team stands (members)",
)
def post_progress(
    project_id: ObjectId, body: ProgressCreate, actor: CurrentUser, ctx: WriteCtx, store: StoreDep
) -> Response:
    """The project's stage follows the latest update."""
    return answer(store.post_progress(ctx, actor, project_id, body))
