"""``GET /v1/sync``: the long poll over the server-wide event sequence.

Answers are built by joining pre-serialized event JSON: no pydantic work per
event per poll, so a thousand waiting clients cost little when a commit lands.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from nuittui.models import MAX_POLL_TIMEOUT, SyncBatch

from ..deps import CurrentUser, SnapshotsDep, StoreDep
from ..errors import problems
from ..hub import batch_json, poll_tail
from ..snapshots import SnapshotCache
from ..store import Store
from .params import MAX_ID

router = APIRouter(tags=["sync"])

MAX_LIMIT = 2000


def _batch(cursor: int, events: list[bytes], has_more: bool) -> Response:
    return Response(content=batch_json(cursor, events, has_more), media_type="application/json")


async def _reset(store: Store, cache: SnapshotCache) -> Response:
    body = await run_in_threadpool(cache.body, store)
    return Response(content=body, media_type="application/json")


@router.get(
    "/sync",
    response_model=SyncBatch,
    responses=problems(401, 422),
    summary="Events after a cursor (long poll), or a full snapshot to start from",
)
async def sync(
    actor: CurrentUser,
    store: StoreDep,
    cache: SnapshotsDep,
    since: Annotated[
        int | None, Query(ge=0, le=MAX_ID, description="The cursor of your last answer; none: a snapshot.")
    ] = None,
    timeout: Annotated[  # noqa: ASYNC109 - the poll's wait is part of the API
        float | None,
        Query(ge=0, le=MAX_POLL_TIMEOUT, description="Seconds to wait for an event (default 25; 0: now)."),
    ] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_LIMIT, description="Most events per answer (default 500).")
    ] = None,
) -> Response:
    """Events with ``seq > since`` in order; waits for the next commit when there are none yet."""
    settings = store.settings
    hub = store.hub
    count = min(limit or settings.default_sync_limit, settings.max_sync_limit)
    wait = min(settings.default_poll_timeout if timeout is None else timeout, settings.max_poll_timeout)
    if since is not None and since > hub.last_seq:
        # Perhaps the command line wrote events this process has not published yet.
        await run_in_threadpool(store.catch_up)
    if since is None or since > hub.last_seq or since < store.pruned_through:
        return await _reset(store, cache)
    deadline = asyncio.get_running_loop().time() + wait
    tail = await poll_tail(hub, since, count, deadline)
    if tail is not None:
        return _batch(tail.cursor, tail.events, tail.has_more)
    # Older than the memory tail: read from the database; a gap means it was pruned.
    records = await run_in_threadpool(store.records_after, since, count + 1)
    if not records or records[0].seq != since + 1:
        return await _reset(store, cache)
    page = records[:count]
    return _batch(page[-1].seq, [r.json for r in page], len(records) > count)
