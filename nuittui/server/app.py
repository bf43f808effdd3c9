"""``create_app``: the city API as a FastAPI application over one SQLite file."""

from __future__ import annotations

import time
import warnings
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import FastAPI
from pydantic.warnings import UnsupportedFieldAttributeWarning
from starlette.types import Receive, Scope, Send

from nuittui import __version__
from nuittui.models import build_all

from .bodylimit import BodyLimitMiddleware
from .errors import install_error_handlers
from .limits import RateLimits
from .openapi import problem_openapi
from .routers import ROUTERS
from .settings import ServerSettings
from .snapshots import SnapshotCache
from .store import Store
from .syncfast import answer_plain_poll
from .watch import CommitWatcher

API_PREFIX = "/v1"

DESCRIPTION = """\
The city API of the Nuit du Code Citoyen: themes, teams, bug swaps, chat, schedule.

Authenticate with `Authorization: Bearer <token>` (from `POST /v1/auth/register`).
Errors are `application/problem+json`. Writes accept an `Idempotency-Key` header.
`GET /v1/sync` is a long poll over a server-wide sequence of events.
"""


SYNC_PATH = f"{API_PREFIX}/sync"


class CityApi(FastAPI):
    """The FastAPI app, with plain long polls answered before FastAPI's per-request work."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A commit re-polls every client at once: the poll's own cost bounds the fan-out.
        # The store is read per request: tests hand an app a fresh state.
        if (
            scope["type"] == "http"
            and scope["path"] == SYNC_PATH
            and await answer_plain_poll(self.state.store, scope, send)
        ):
            return
        await super().__call__(scope, receive, send)


def create_app(
    *,
    db_path: str | Path,
    settings: ServerSettings | None = None,
    rate_clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """The API over the database at ``db_path`` (made by ``nuit-server init``).

    ``rate_clock`` is the rate limits' time source (monotonic seconds); tests move one by hand.
    Raises ``StoreError`` when the file is missing or not a nuit-server database.
    """
    settings = settings or ServerSettings()
    store = Store.open(db_path, settings=settings)
    build_all()
    # FastAPI silences this warning about its own body fields while it makes their validators. The
    # contract's models defer building (the terminal app starts faster), so those validators are
    # built at the first request instead, outside FastAPI's filter: silence it there too.
    warnings.filterwarnings("ignore", category=UnsupportedFieldAttributeWarning)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        watcher = None
        if settings.external_poll_seconds > 0:
            watcher = CommitWatcher(store, db_path, interval=settings.external_poll_seconds)
            watcher.start()
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()
            store.close()

    app = CityApi(
        title="nuit-tui city API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.limits = RateLimits.from_settings(settings, clock=rate_clock)
    app.state.snapshots = SnapshotCache()
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.openapi = partial(problem_openapi, app)  # type: ignore[method-assign]
    return app
