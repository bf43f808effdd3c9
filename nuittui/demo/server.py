"""``DemoServer``: the reference city API, run in-process on a free loopback port.

uvicorn serves the app in a daemon thread with its own event loop, so the
caller's thread (or event loop: the Textual app's) stays free. The socket is
bound here, before uvicorn starts, so the port is known and nobody else can
take it in between.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from nuittui.i18n import _
from nuittui.models import utcnow

from .errors import DemoCancelled, DemoError, require_server_extra
from .sandbox import demo_db_path, prepare_demo_db

if TYPE_CHECKING:
    import uvicorn

    from nuittui.server.store import Store

__all__ = ["DemoServer"]

HOST = "127.0.0.1"


class DemoServer:
    """The demo's city API on ``127.0.0.1`` and a free port, over the demo sandbox's database.

    ``with DemoServer() as server:`` (or ``async with``) creates and seeds the database
    when needed (see ``nuittui.demo.sandbox``), starts serving and waits until the
    server answers; leaving the block stops it. ``reset=True`` starts from a fresh
    database and an empty demo cache. Raises ``DemoUnavailable`` without the
    ``server`` extra and ``DemoError`` when the server cannot start.
    """

    def __init__(
        self,
        *,
        reset: bool = False,
        db_path: Path | None = None,
        now: Callable[[], datetime] = utcnow,
        start_timeout: float = 15.0,
        stop_timeout: float = 5.0,
        log_level: str = "warning",
    ) -> None:
        self.reset = reset
        self._db_path = db_path
        self._now = now
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._log_level = log_level
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._store: Store | None = None
        self._port: int | None = None
        self.created = False
        """Whether this run made the database afresh (reset, first run, or a stale one)."""

    # ---- what the caller uses ---------------------------------------------------------

    @property
    def db_path(self) -> Path:
        """The database file served."""
        return demo_db_path() if self._db_path is None else self._db_path

    @property
    def port(self) -> int:
        """The port served on (only once started)."""
        if self._port is None:
            raise RuntimeError("the demo server is not started")
        return self._port

    @property
    def url(self) -> str:
        """The server's base URL, such as ``http://127.0.0.1:43817``."""
        return f"http://{HOST}:{self.port}"

    @property
    def store(self) -> Store:
        """The running server's store: the simulator writes through it, as the routes do."""
        if self._store is None:
            raise RuntimeError("the demo server is not started")
        return self._store

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    # ---- starting and stopping ----------------------------------------------------------

    def start(self, *, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Prepare the database, serve it, and return once the server accepts connections.

        ``cancelled`` is asked between the steps (loading the server, seeding, serving): once
        it is true, the start stops and raises ``DemoCancelled``.
        """
        if self._thread is not None:
            raise RuntimeError("the demo server was already started")
        require_server_extra()
        import uvicorn

        from nuittui.server.app import create_app
        from nuittui.server.headlimit import head_limited_protocol
        from nuittui.server.store import StoreError

        if cancelled():
            raise DemoCancelled("the demo's start was called off")
        try:
            self.created = prepare_demo_db(self.db_path, reset=self.reset, now=self._now)
            if cancelled():
                raise DemoCancelled("the demo's start was called off")
            app = create_app(db_path=self.db_path)
        except (StoreError, OSError) as exc:
            raise DemoError(_("cannot prepare the demo's database: {reason}", reason=str(exc))) from None
        self._store = app.state.store
        try:
            self._socket = self._bind()
        except DemoError:
            self.stop()
            raise
        self._port = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            http=head_limited_protocol(),  # as ``nuit-server serve``: 431 past MAX_HEADER_BYTES
            loop="asyncio",  # never uvloop: older uvicorns set it as the process-wide policy
            lifespan="on",
            log_config=None,  # uvicorn's own logging config would print over the terminal app
            log_level=self._log_level,
            access_log=False,
            timeout_graceful_shutdown=1,  # long polls in flight must not hold up quitting
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name="nuit-demo-server", daemon=True)
        self._thread.start()
        self._wait_started()

    def stop(self) -> None:
        """Stop serving and release the port and the database; safe to call twice."""
        server, thread = self._server, self._thread
        if server is not None and thread is not None:
            if self._store is not None:
                self._store.hub.close()  # waiting long polls answer now, instead of being cut
            server.should_exit = True
            thread.join(self._stop_timeout)
            if thread.is_alive():
                # Graceful shutdown is stuck on a connection: drop everything.
                server.force_exit = True
                thread.join(self._stop_timeout)
        if self._socket is not None:
            self._socket.close()
        if self._store is not None:
            self._store.close()  # the lifespan closes it too; a forced exit may have skipped that
        self._server = None

    def _bind(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind((HOST, 0))
            sock.listen(128)
        except OSError as exc:
            sock.close()
            raise DemoError(
                _("the demo server cannot listen on {host}: {reason}", host=HOST, reason=exc.strerror or exc)
            ) from None
        return sock

    def _serve(self) -> None:
        assert self._server is not None and self._socket is not None
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as exc:  # uvicorn reports startup failures with sys.exit
            self._failure = exc

    def _wait_started(self) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + self._start_timeout
        while not self._server.started:
            if not self._thread.is_alive():
                reason = repr(self._failure) if self._failure is not None else "it stopped at once"
                self.stop()
                raise DemoError(_("the demo server could not start: {reason}", reason=reason))
            if time.monotonic() > deadline:
                self.stop()
                raise DemoError(
                    _("the demo server did not start within {seconds} s", seconds=int(self._start_timeout))
                )
            time.sleep(0.01)

    # ---- context managers ---------------------------------------------------------------

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        # Seeding and waiting block: keep the caller's event loop free meanwhile.
        await asyncio.to_thread(self.start)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.stop)
