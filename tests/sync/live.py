"""A real nuit-server (uvicorn) on 127.0.0.1 that can be stopped and started again on the same port
and database: the network going away and coming back, for the sync and shell tests."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

import httpx
import uvicorn

from nuittui.server.app import create_app
from nuittui.server.settings import ServerSettings

from ..ports import reserve_port
from ..server.conftest import JOIN_CODE
from ..server.helpers import lent_warm_app, lifespan_of, start_uvicorn


class LiveServer:
    """``nuit-server`` over ``db_path`` in a thread; ``stop()`` and ``start()`` keep port and data.

    The port is held from the start to ``close()`` (``tests/ports.py``): while stopped it refuses
    connections, and no test running beside this one can take it before ``start()`` comes back.
    """

    def __init__(self, db_path: Path, settings: ServerSettings | None = None) -> None:
        self.db_path = db_path
        self.settings = settings or ServerSettings()
        self._reservation = reserve_port()
        self.port = int(self._reservation.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self._lent: contextlib.ExitStack | None = None

    @property
    def running(self) -> bool:
        """Whether it serves now."""
        return self._server is not None

    def start(self) -> LiveServer:
        """Serve (again) on the same port and database."""
        assert self._server is None, "already running"
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        sock.listen(128)
        app = create_app(db_path=self.db_path, settings=self.settings)
        lent = contextlib.ExitStack()
        warm = lent.enter_context(lent_warm_app(app, self.settings))
        try:
            server, thread = start_uvicorn(lifespan_of(app, warm), sock, grace=1)
        except BaseException:
            lent.close()
            sock.close()
            raise
        self._server, self._thread, self._sock, self._lent = server, thread, sock, lent
        return self

    def stop(self) -> None:
        """Stop serving: connections are refused until ``start()``."""
        server, thread, sock, lent = self._server, self._thread, self._sock, self._lent
        self._server = self._thread = self._sock = self._lent = None
        if server is None or thread is None or sock is None or lent is None:
            return
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not shut down"
        lent.close()  # only once nothing serves through it

    def close(self) -> None:
        """Stop, and give the port back."""
        self.stop()
        self._reservation.close()

    def register(self, handle: str, city: str = "lyon", name: str | None = None) -> str:
        """Register a participant over HTTP; their token."""
        response = httpx.post(
            f"{self.url}/v1/auth/register",
            json={
                "join_code": JOIN_CODE,
                "handle": handle,
                "display_name": name or handle.capitalize(),
                "city": city,
                "skills": [],
            },
            timeout=10,
        )
        assert response.status_code == 201, response.text
        return str(response.json()["token"])

    def call(self, token: str, method: str, path: str, json: object = None) -> httpx.Response:
        """One authenticated request."""
        return httpx.request(
            method, f"{self.url}{path}", json=json, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
