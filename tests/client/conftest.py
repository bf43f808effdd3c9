"""Fixtures: ``CityClient`` against the real server, in-process over ASGI, on a fresh SQLite file.

The server's own fixtures (``app``, ``store``, ``server_settings``…) come from
``tests.server.conftest``; override ``server_settings`` (e.g. with
``@pytest.mark.parametrize("server_settings", [...])``) to lower limits.

- ``connect(token=None)``: a ``CityClient`` on the app, closed after the test.
- ``anon``: a client without token.
- ``join("alice", city="lyon")``: registers through ``CityClient.register`` → an authed client.
- ``orga``: an organizer of lyon (handle ``orga``); ``project``: a lyon project, team size 3.
- ``live_url``: the same app served by uvicorn on 127.0.0.1 (real sockets, real timeouts).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from nuittui.client import CityClient
from nuittui.models import ProjectCreate, ProjectPublic, RegisterRequest
from nuittui.server.accounts import add_organizer
from nuittui.server.store import Store
from tests.server.conftest import (  # noqa: F401 - fixtures, registered by being imported here
    BASE_URL,
    JOIN_CODE,
    THEME,
    app,
    db_path,
    server_settings,
    small_event,
    store,
)

Connect = Callable[..., CityClient]
Join = Callable[..., Awaitable[CityClient]]


@pytest.fixture
async def connect(app: FastAPI) -> AsyncIterator[Connect]:  # noqa: F811 - the imported fixture
    """A factory of clients on the app: ``connect(token=...)``."""
    clients: list[CityClient] = []

    def _connect(token: str | None = None) -> CityClient:
        client = CityClient(base_url=BASE_URL, token=token, transport=httpx.ASGITransport(app=app))
        clients.append(client)
        return client

    yield _connect
    for client in clients:
        await client.aclose()


@pytest.fixture
def anon(connect: Connect) -> CityClient:
    """A client without a token: only the public routes answer it."""
    return connect()


@pytest.fixture
def join(connect: Connect) -> Join:
    """Register a participant through the client and return a client holding their token."""

    async def _join(handle: str, *, city: str = "lyon", skills: list[str] | None = None) -> CityClient:
        client = connect()
        answer = await client.register(
            RegisterRequest(
                join_code=JOIN_CODE,
                handle=handle,
                display_name=handle.capitalize(),
                city=city,
                skills=skills or [],
            )
        )
        client.token = answer.token
        return client

    return _join


@pytest.fixture
def orga(store: Store, connect: Connect) -> CityClient:  # noqa: F811 - the imported fixture
    """An event organizer (home lyon), made the way ``nuit-server organizer add --event-wide lyon`` does."""
    token, _ = add_organizer(store, "orga", city="lyon", name="Orga Lyon", event_wide=True)
    return connect(token)


@pytest.fixture
async def project(orga: CityClient) -> ProjectPublic:
    """A lyon project with room for three."""
    return await orga.create_project(
        ProjectCreate(
            title="Signothèque",
            summary="Une bibliothèque de signes",
            theme=THEME,
            city="lyon",
            skills_needed=["python"],
            max_team_size=3,
        )
    )


@pytest.fixture
async def live_url(app: FastAPI) -> AsyncIterator[str]:  # noqa: F811 - the imported fixture
    """The app behind uvicorn on a free loopback port; ASGITransport knows no timeouts, sockets do."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, lifespan="off", log_level="warning", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(60):  # a failure bound: a busy machine starts uvicorn slowly
        while not server.started:
            if task.done():
                task.result()  # it failed to start: raise why
            await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task
