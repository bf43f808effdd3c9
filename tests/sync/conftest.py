"""Fixtures: ``SyncEngine`` on the real server (in-process over ASGI), on real files in ``tmp_path``.

- ``engine_for(user, folder=None, transport=None)``: an engine for a registered ``UserClient``,
  its cache and outbox in their own folder (or a shared one), closed after the test.
- ``live``: the server over uvicorn on 127.0.0.1, stoppable and restartable (``LiveServer``).
- ``board(engine)``, ``thread(engine, channel)``: what the app shows from an engine's cache and
  outbox, through the read model.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from nuittui.cache import LocalCache, Outbox
from nuittui.client import CityClient
from nuittui.readmodel.board import BoardView, board_view
from nuittui.readmodel.threads import MessageLine, thread_view
from nuittui.server.settings import ServerSettings
from nuittui.sync import Backoff, SyncEngine
from tests.server.conftest import (  # noqa: F401 - fixtures, registered by being imported here
    BASE_URL,
    UserClient,
    api,
    app,
    db_path,
    organizer,
    project,
    register,
    server_settings,
    small_event,
    store,
)

from .live import LiveServer

EngineFor = Callable[..., SyncEngine]


def fast_backoff() -> Backoff:
    """Reconnect quickly: tests wait for the link to come back, not for minutes."""
    return Backoff(base=0.05, cap=0.3)


def make_engine(
    url: str, token: str, handle: str, folder: Path, transport: httpx.AsyncBaseTransport | None = None
) -> SyncEngine:
    """An engine on ``url`` for one person, its files in ``folder``."""
    client = CityClient(base_url=url, token=token, transport=transport, timeout=10)
    return SyncEngine(
        client=client,
        cache=LocalCache(folder),
        outbox=Outbox.in_folder(folder),
        me=handle,
        poll_timeout=5,
        reconnect=fast_backoff(),
        close_client=True,
    )


@pytest.fixture
async def engine_for(app: FastAPI, tmp_path: Path) -> AsyncIterator[EngineFor]:  # noqa: F811
    """``engine_for(user)``: an engine of a registered person over ASGI, stopped after the test."""
    engines: list[SyncEngine] = []

    def _engine_for(
        user: UserClient, folder: Path | None = None, transport: httpx.AsyncBaseTransport | None = None
    ) -> SyncEngine:
        engine = make_engine(
            BASE_URL,
            user.token,
            user.handle,
            folder or tmp_path / f"{user.handle}-{len(engines)}",
            transport or httpx.ASGITransport(app=app),
        )
        engines.append(engine)
        return engine

    yield _engine_for
    for engine in engines:
        await engine.aclose()


@pytest.fixture
def live(db_path: Path, server_settings: ServerSettings) -> Iterator[LiveServer]:  # noqa: F811
    """The server over uvicorn on 127.0.0.1, started; stop and start it in the test."""
    server = LiveServer(db_path, server_settings).start()
    yield server
    server.close()


async def eventually(check: Callable[[], bool | Awaitable[bool]], within: float = 15.0) -> None:
    """Wait until ``check()`` holds (generous: a loaded CI machine is slow), else fail."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = check()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            return
        assert asyncio.get_running_loop().time() < deadline, f"not within {within} s"
        await asyncio.sleep(0.05)


def board(engine: SyncEngine) -> BoardView:
    """The board as the app and ``swap list`` show it: the server's swaps, and mine still pending apart."""
    return board_view(engine.rows(), engine.handle, engine.unconfirmed())


def thread(engine: SyncEngine, channel: str, limit: int | None = 200) -> tuple[MessageLine, ...]:
    """A channel's thread as shown, top to bottom: its newest ``limit`` confirmed messages (all
    cached with None), then mine still pending."""
    return thread_view(engine.rows(), engine.handle, engine.unconfirmed(), channel, limit=limit).lines
