"""What organizers do during the weekend: hide a message, suspend a participant, take someone out of a
team, issue a recovery code, read the audit log. Each is checked against the organizer's scope."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Path, Query
from starlette.responses import Response

from nuittui.models import (
    AuditEntry,
    MessagePublic,
    ModerationNote,
    ProjectPublic,
    RecoveryCode,
    RecoveryCreate,
    UserPublic,
)

from ..accounts import new_recovery_code, recovery_digest
from ..deps import Organizer, StoreDep, WriteCtx, answer
from ..errors import forbidden, problems
from .params import ObjectId

router = APIRouter(tags=["organizers"])

HandlePath = Annotated[str, Path(max_length=64, description="The person's handle (any case).")]
_ACTION = problems(401, 403, 404, 413, 422, 429)
MAX_AUDIT = 1000


@router.post(
    "/messages/{message_id}/hide",
    response_model=MessagePublic,
    responses=_ACTION,
    summary="Hide a message for everyone (organizers of its channel's or author's city)",
)
def hide_message(
    message_id: ObjectId, actor: Organizer, ctx: WriteCtx, store: StoreDep, body: ModerationNote | None = None
) -> Response:
    """The body is emptied on the server and ``hidden`` set; every client gets the hidden copy as a
    ``message.create`` with the same id and replaces its own. Hiding it again answers it unchanged."""
    reason = body.reason if body is not None else ""
    return answer(store.hide_message(ctx, actor, message_id, reason))


@router.post(
    "/users/{handle}/suspend",
    response_model=UserPublic,
    responses=_ACTION,
    summary="Suspend a participant (organizers of their city)",
)
def suspend(
    handle: HandlePath, actor: Organizer, ctx: WriteCtx, store: StoreDep, body: ModerationNote | None = None
) -> Response:
    """Every token of theirs is refused (403, problem type ``SUSPENDED_PROBLEM``) from the next
    request on, their queued writes included. Already suspended: the same answer."""
    reason = body.reason if body is not None else ""
    return answer(store.suspend(ctx, actor, handle.lower(), reason))


@router.post(
    "/users/{handle}/unsuspend",
    response_model=UserPublic,
    responses=_ACTION,
    summary="Lift a suspension (organizers of their city)",
)
def unsuspend(
    handle: HandlePath, actor: Organizer, ctx: WriteCtx, store: StoreDep, body: ModerationNote | None = None
) -> Response:
    """Their tokens work again. Not suspended: the same answer."""
    reason = body.reason if body is not None else ""
    return answer(store.unsuspend(ctx, actor, handle.lower(), reason))


@router.post(
    "/users/{handle}/recovery",
    status_code=201,
    response_model=RecoveryCode,
    responses=problems(401, 403, 404, 409, 413, 422, 429),
    summary="A one-time recovery code for a participant who lost access (organizers of their city)",
)
def issue_recovery(
    handle: HandlePath, actor: Organizer, ctx: WriteCtx, store: StoreDep, body: RecoveryCreate | None = None
) -> Response:
    """The code is in this answer only (stored as a digest), single use, valid 30 minutes; an earlier
    code for that person stops working. ``revoke_tokens`` also revokes every token they hold now.
    Never replayed by an Idempotency-Key: each request makes a new code. 409 when suspended."""
    code = new_recovery_code()
    revoke = body.revoke_tokens if body is not None else False
    issued = store.issue_recovery(
        ctx, actor, handle.lower(), digest=recovery_digest(code), revoke_tokens=revoke
    )
    shown = issued.model_copy(update={"code": code})
    return Response(
        content=orjson.dumps(shown.model_dump(mode="json")), status_code=201, media_type="application/json"
    )


@router.post(
    "/projects/{project_id}/members/{handle}/remove",
    response_model=ProjectPublic,
    responses=problems(401, 403, 404, 409, 413, 422, 429),
    summary="Take someone out of a team (organizers of the project's city)",
)
def remove_member(
    project_id: ObjectId,
    handle: HandlePath,
    actor: Organizer,
    ctx: WriteCtx,
    store: StoreDep,
    body: ModerationNote | None = None,
) -> Response:
    """409 when they are not in that team."""
    reason = body.reason if body is not None else ""
    return answer(store.remove_member(ctx, actor, project_id, handle.lower(), reason))


@router.get(
    "/audit",
    response_model=list[AuditEntry],
    responses=problems(401, 403, 422),
    summary="The organizers' actions, newest first (organizers: a city organizer sees their city's)",
)
def audit_log(
    actor: Organizer,
    store: StoreDep,
    city: Annotated[
        str | None, Query(max_length=64, description="Only the actions concerning this city.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_AUDIT)] = 200,
) -> list[AuditEntry]:
    """Event organizers see every entry; a city organizer only those of their city."""
    if not actor.is_event_organizer:
        if city is not None and city != actor.city:
            raise forbidden(f"you organize {actor.city}: only event organizers read the log of {city}")
        city = actor.city
    return store.audit_log(city=city, limit=limit)
