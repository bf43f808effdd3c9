"""Channels and messages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.responses import Response

from nuittui.models import ChannelPublic, MessageCreate, MessagePage, MessagePublic
from nuittui.models.limits import MAX_PAGE

from ..deps import CurrentUser, StoreDep, WriteCtx, answer
from ..errors import problems
from .params import MAX_ID

router = APIRouter(prefix="/channels", tags=["chat"])

ChannelName = Annotated[
    str, Path(max_length=64, description="`all`, `city:<id>`, `team:<project id>` or `swap:<swap id>`.")
]


@router.get("", response_model=list[ChannelPublic], responses=problems(401), summary="Every channel")
def list_channels(actor: CurrentUser, store: StoreDep) -> list[ChannelPublic]:
    """All cities, each city, each team, each swap."""
    return store.list_channels()


@router.get(
    "/{channel}/messages",
    response_model=MessagePage,
    responses=problems(401, 404, 422),
    summary="A page of history, newest last",
)
def history(
    channel: ChannelName,
    actor: CurrentUser,
    store: StoreDep,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only messages with a lower seq.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> MessagePage:
    """Ask again with ``before=`` the first message's ``seq`` for older ones."""
    return store.history(channel, before=before, limit=limit)


@router.post(
    "/{channel}/messages",
    status_code=201,
    response_model=MessagePublic,
    responses=problems(401, 403, 404, 413, 422, 429),
    summary="Post a message",
)
def post_message(
    channel: ChannelName, body: MessageCreate, actor: CurrentUser, ctx: WriteCtx, store: StoreDep
) -> Response:
    """Team channels are for their members; announcements for organizers in ``all``."""
    return answer(store.post_message(ctx, actor, channel, body))
