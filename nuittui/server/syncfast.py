"""The fast path of the common long poll: ``GET /v1/sync?since=N[&timeout=S][&limit=L]``.

A thousand clients re-poll after every commit, so the per-request cost of the
poll is the server's capacity. FastAPI's middleware, routing, dependency
solving and parameter validation cost several times more than the poll
itself; ``answer_plain_poll`` (called by the app before any of that) answers
the everyday case straight from the hub and leaves everything else to the
real route in ``routers/sync.py``, which stays the reference (and the OpenAPI
document's source): a query it does not parse strictly, a token not yet in the
auth cache or a suspended one, a cursor needing a reset or the database. Answers
are byte-for-byte what the route sends.
"""

from __future__ import annotations

import asyncio
import re

from starlette.types import Scope, Send

from nuittui.models import MAX_POLL_TIMEOUT

from .accounts import token_digest
from .hub import batch_json, poll_tail
from .routers.params import MAX_ID
from .routers.sync import MAX_LIMIT
from .store import Store

_DIGITS = re.compile(rb"[0-9]{1,19}")
_SECONDS = re.compile(rb"[0-9]{1,6}(?:\.[0-9]{1,9})?")
_HEADERS = [(b"content-type", b"application/json")]


async def answer_plain_poll(store: Store, scope: Scope, send: Send) -> bool:
    """Answer ``scope`` (a request for the sync path) from the hub when it is a plain poll.

    Returns False, having sent nothing, when the route must answer instead.
    """
    if scope["method"] != "GET":
        return False
    poll = _plain_poll(scope, store)
    if poll is None:
        return False
    since, limit, wait = poll
    tail = await poll_tail(store.hub, since, limit, asyncio.get_running_loop().time() + wait)
    if tail is None:
        return False  # the tail moved past the cursor while waiting: the route reads the database
    body = batch_json(tail.cursor, tail.events, tail.has_more)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", b"%d" % len(body)), *_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
    return True


def _plain_poll(scope: Scope, store: Store) -> tuple[int, int, float] | None:
    """``(since, limit, wait)`` when the fast path may answer, else None."""
    settings = store.settings
    since: int | None = None
    limit = settings.default_sync_limit
    wait = settings.default_poll_timeout
    seen: set[bytes] = set()
    for pair in scope["query_string"].split(b"&"):
        name, _, value = pair.partition(b"=")
        if name in seen:
            return None
        seen.add(name)
        if name == b"since" and _DIGITS.fullmatch(value):
            since = int(value)
        elif name == b"limit" and _DIGITS.fullmatch(value) and 1 <= int(value) <= MAX_LIMIT:
            limit = int(value)
        elif name == b"timeout" and _SECONDS.fullmatch(value) and float(value) <= MAX_POLL_TIMEOUT:
            wait = float(value)
        else:
            return None  # anything else (errors included) is the route's to answer
    hub = store.hub
    if since is None or since > MAX_ID or since > hub.last_seq or since < store.pruned_through:
        return None
    actor = store.cached_actor(_bearer_digest(scope))
    if actor is None or actor.suspended:
        return None  # unknown here, or refused: the route answers
    return since, min(limit, settings.max_sync_limit), min(wait, settings.max_poll_timeout)


def _bearer_digest(scope: Scope) -> str:
    """The digest of the request's bearer token ("" when there is none)."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() != b"bearer" or not token:
                return ""
            return token_digest(token.decode("latin-1"))
    return ""
