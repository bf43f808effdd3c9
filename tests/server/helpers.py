"""Small helpers shared by the server tests: the shape of an error answer, a real uvicorn server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from nuittui.models import PROBLEM_MEDIA_TYPE, Problem
from nuittui.models.limits import MAX_HEADER_BYTES
from nuittui.server.app import create_app
from nuittui.server.headlimit import head_limited_protocol
from nuittui.server.settings import ServerSettings


def assert_problem(response: httpx.Response, status: int) -> Problem:
    """``response`` is an RFC 9457 problem with ``status``; returns it parsed."""
    assert response.status_code == status, f"{response.status_code} != {status}: {response.text}"
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    problem = Problem.model_validate(body)
    assert set(body) <= {"type", "title", "status", "detail", "errors"}
    assert problem.status == status and problem.title and problem.type == "about:blank"
    if status == 422:
        assert problem.errors, "a 422 lists its reasons"
        for error in problem.errors:
            assert {"loc", "msg", "type"} <= set(error)
    return problem


def start_uvicorn(
    app: FastAPI, sock: socket.socket, *, grace: float, max_header_bytes: int = MAX_HEADER_BYTES
) -> tuple[uvicorn.Server, threading.Thread]:
    """Serve ``app`` with uvicorn on the listening ``sock`` in a thread; returns once it accepts.

    ``grace`` bounds how long a shutdown waits for open requests (waiting long polls). The HTTP
    protocol is the one ``nuit-server serve`` runs, with its ``--max-header-bytes``.
    """
    config = uvicorn.Config(
        app,
        http=head_limited_protocol(max_header_bytes),
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=grace,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start within 20 s"
        time.sleep(0.01)
    return server, thread


@contextmanager
def uvicorn_thread(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    # A waiting long poll must not hold the shutdown for long.
    server, thread = start_uvicorn(app, sock, grace=2)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        app.state.store.hub.close()  # as ``nuit-server serve`` does: waiting polls answer now
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not shut down"


_WARM: dict[ServerSettings, list[FastAPI]] = {}


@contextmanager
def lent_warm_app(fresh: FastAPI, settings: ServerSettings) -> Iterator[FastAPI]:
    """An app object of ``settings`` whose routes are already built, serving ``fresh``'s state.

    FastAPI builds a route's state for each app object, at the first request that reaches it
    (tens of milliseconds of CPU per app; hundreds of tests make a fresh app). Within a process,
    app objects of the same settings are lent out again, each to one user at a time, and handed
    the state (store, limits, snapshot cache) of the ``create_app`` the test made: same routes,
    same code. ``fresh`` itself joins the pool when none is free.
    """
    free = _WARM.setdefault(settings, [])
    app = free.pop() if free else fresh
    app.state = fresh.state
    try:
        yield app
    finally:
        free.append(app)


@asynccontextmanager
async def warm_app(db_path: Path, settings: ServerSettings) -> AsyncIterator[FastAPI]:
    """``create_app`` on ``db_path``, its lifespan entered, served through a lent warm app object."""
    fresh = create_app(db_path=db_path, settings=settings)
    async with fresh.router.lifespan_context(fresh):
        with lent_warm_app(fresh, settings) as warm:
            yield warm


def lifespan_of(fresh: FastAPI, warm: FastAPI) -> ASGIApp:
    """What a real server runs: ``fresh``'s lifespan (it closes ``fresh``'s store), requests on ``warm``."""

    async def served(scope: Scope, receive: Receive, send: Send) -> None:
        await (fresh if scope["type"] == "lifespan" else warm)(scope, receive, send)

    return served
