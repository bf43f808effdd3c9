"""``Annotated`` dependency aliases shared by the routers."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from .accounts import token_digest
from .errors import ApiError, suspended
from .limits import RateLimits
from .snapshots import SnapshotCache
from .store import Actor, Store, WriteContext, WriteResult

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="The `nuit_…` token from `POST /v1/auth/register` (or `nuit-server organizer add`).",
)


# The small dependencies are ``async`` so FastAPI does not send them to its thread pool.
async def get_store(request: Request) -> Store:
    """The app's store."""
    return request.app.state.store


async def get_limits(request: Request) -> RateLimits:
    """The app's rate limiters."""
    return request.app.state.limits


async def get_snapshots(request: Request) -> SnapshotCache:
    """The app's cache of the reset answer."""
    return request.app.state.snapshots


StoreDep = Annotated[Store, Depends(get_store)]
LimitsDep = Annotated[RateLimits, Depends(get_limits)]
SnapshotsDep = Annotated[SnapshotCache, Depends(get_snapshots)]


def _unauthorized(detail: str) -> ApiError:
    return ApiError(401, detail, headers={"WWW-Authenticate": "Bearer"})


async def current_user(
    request: Request,
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The person holding the request's bearer token; 401 without a known one, 403 when suspended."""
    if credentials is None:
        raise _unauthorized("send Authorization: Bearer <token>")
    digest = token_digest(credentials.credentials)
    # Known tokens are answered from memory: a thousand polls need no thread hop each.
    actor = store.cached_actor(digest) or await run_in_threadpool(store.authenticate, digest)
    if actor is None:
        raise _unauthorized("unknown or revoked token")
    if actor.suspended:
        raise suspended()
    request.state.token_digest = digest
    return actor


CurrentUser = Annotated[Actor, Depends(current_user)]


async def organizer(actor: CurrentUser) -> Actor:
    """The caller, who must be an organizer (403 otherwise); the store checks their scope on each object."""
    if not actor.is_organizer:
        raise ApiError(403, "only organizers may do this")
    return actor


Organizer = Annotated[Actor, Depends(organizer)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Repeat a write safely: the same key and body answer the first result again.",
    ),
]


async def body_sha256(request: Request) -> str:
    """SHA-256 of the raw request body (read once; FastAPI keeps it for the body parameter)."""
    return hashlib.sha256(await request.body()).hexdigest()


async def write_context(
    request: Request,
    actor: CurrentUser,
    limits: LimitsDep,
    key: IdempotencyKey = None,
    body_digest: Annotated[str, Depends(body_sha256)] = "",
) -> WriteContext:
    """What a write needs: who, the idempotency key and body hash; 429 past the token's budget."""
    wait = limits.writes.take(request.state.token_digest)
    if wait is not None:
        raise ApiError(
            429, f"too many writes; retry in {int(wait)} s", headers={"Retry-After": str(int(wait))}
        )
    return WriteContext(
        user_id=actor.id,
        key=key,
        method=request.method,
        path=request.url.path,
        body_sha256=body_digest,
        token_digest=request.state.token_digest,
    )


WriteCtx = Annotated[WriteContext, Depends(write_context)]


def answer(result: WriteResult) -> Response:
    """The HTTP answer of a write: its stored status and JSON body."""
    if result.status == 204:
        return Response(status_code=204)
    return Response(content=result.body, status_code=result.status, media_type="application/json")


def client_ip(request: Request) -> str:
    """The peer address (a whole venue may share it)."""
    return request.client.host if request.client else "unknown"
