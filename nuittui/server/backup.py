"""``nuit-server backup``: a consistent copy of a database, even while the server writes to it.

A plain file copy of a live database is not a backup: in WAL mode the latest commits
live in ``nuit.db-wal`` until a checkpoint, and a copy taken mid-write can be torn.
SQLite's online backup API copies the pages under one read transaction, so the copy
is the database as it was at one instant, with every commit before it. The copy is
written next to ``OUT`` as a private temporary file (0600), switched to a single-file
journal, checked with ``PRAGMA integrity_check`` and only then renamed to ``OUT``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .store.edition import counts as table_counts

_NEEDED_TABLES = {"settings", "event", "events"}


class BackupError(Exception):
    """The backup could not be made; one line for people, and no ``OUT`` left behind."""


@dataclass(frozen=True)
class BackupResult:
    """The backup's size in bytes and how many rows each table holds."""

    size: int
    counts: dict[str, int]


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup_database(db: Path, out: Path, *, force: bool = False) -> BackupResult:
    """Copy ``db`` to ``out`` (0600) through the online backup API, check it, and count its rows."""
    if not db.is_file():
        raise BackupError(f"no database at {db}")
    if out.exists() and not force:
        raise BackupError(f"{out} already exists; add --force to replace it")
    if out.resolve() == db.resolve():
        raise BackupError("the backup must be another file than the database")
    if not out.parent.is_dir():
        raise BackupError(f"no directory {out.parent}")
    temp = out.with_name(f".{out.name}.partial-{os.getpid()}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise BackupError(f"cannot write {temp}: {exc.strerror}") from None
    os.close(fd)
    try:
        result = _copy(db, temp)
        os.chmod(temp, 0o600)
        os.replace(temp, out)
        _fsync_dir(out.parent)
        return result
    except sqlite3.Error as exc:
        raise BackupError(f"backup of {db} failed: {exc}") from None
    finally:
        for leftover in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def _copy(db: Path, temp: Path) -> BackupResult:
    source = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.execute("PRAGMA busy_timeout = 5000")
        tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables >= _NEEDED_TABLES:
            raise BackupError(f"{db} is not a nuit-server database")
        target = sqlite3.connect(temp)
        try:
            source.backup(target)  # all pages in one step: one read transaction, one instant
            target.execute("PRAGMA journal_mode = DELETE")  # the copy stands alone: no -wal file
            check = [row[0] for row in target.execute("PRAGMA integrity_check")]
            if check != ["ok"]:
                raise BackupError(f"the copy failed its integrity check: {'; '.join(check[:3])}")
            target.commit()
        finally:
            target.close()
    finally:
        source.close()
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{temp}")
    try:
        with engine.connect() as conn:
            found = table_counts(conn)
    finally:
        engine.dispose()
    return BackupResult(size=temp.stat().st_size, counts=found)
