"""Publishing what another process commits: the command line writing to a served database.

``nuit-server import``, ``schedule import`` or ``organizer add`` commit to the same
SQLite file from their own process; their events reach the server's hub only when
the server reads them. A thread asks SQLite every ``external_poll_seconds`` whether
anyone committed (``PRAGMA data_version``: a counter read from shared memory, no
lock, microseconds) and, when so, publishes the new events at once (``catch_up``),
waking every waiting poll.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from .store import Store

log = logging.getLogger(__name__)


class CommitWatcher:
    """A daemon thread that publishes events committed by other processes."""

    def __init__(self, store: Store, db_path: str | Path, *, interval: float) -> None:
        self._store = store
        self._path = Path(db_path)
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="nuit-commit-watcher", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and wait for the thread."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error:
            log.exception("cannot watch %s for other writers", self._path)
            return
        try:
            last = self._version(conn)
            while not self._stop.wait(self._interval):
                current = self._version(conn)
                if current != last:
                    last = current
                    self._store.catch_up()
        except Exception:
            log.exception(
                "watching %s for other writers failed; their changes now wait for a write", self._path
            )
        finally:
            conn.close()

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])
