"""The SQLite engine: WAL, synchronous=FULL, busy timeout, foreign keys, and our own BEGIN."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

IMMEDIATE = "sqlite_begin_immediate"
"""Execution option: start the connection's transaction with ``BEGIN IMMEDIATE`` (writers)."""


def make_engine(path: str | Path, *, busy_timeout_ms: int = 5000) -> Engine:
    """An engine on the SQLite file ``path`` with the pragmas every connection needs."""
    engine = create_engine(
        f"sqlite:///{Path(path)}",
        pool_size=8,
        max_overflow=32,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # sqlite3 must not open transactions itself: we emit BEGIN ourselves, below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so their reads see the state they change.
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
