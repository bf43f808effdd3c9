"""The demo's sandbox on disk: its database, when to seed it again, and wiping it.

The demo is a sandbox, and nothing in it is kept when it is re-created:

- ``<data dir>/demo/demo.db`` is the server's SQLite file, seeded with the demo
  event shifted so that the moment of seeding falls on Saturday evening;
- ``demo.db.seeded`` beside it holds that moment, written only once seeding is
  complete (a database without it was interrupted and is made again);
- a database seeded more than ``STALE_AFTER`` ago is re-created, so "now" is
  always Saturday evening or the night after when the demo opens;
- whenever the database is made again, the ``demo`` profile's data folder
  (its cache and outbox) goes too: they describe the old database.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nuittui.profiles import data_dir, profile_data_dir
from nuittui.profiles.atomic import atomic_write

__all__ = [
    "DEMO_PROFILE",
    "STALE_AFTER",
    "demo_db_path",
    "demo_dir",
    "demo_is_fresh",
    "forget_demo_cache",
    "prepare_demo_db",
    "remove_demo_db",
    "seeded_at",
]

DEMO_PROFILE = "demo"
"""The profile the demo participant is saved as; its data folder holds the demo's cache."""

STALE_AFTER = timedelta(hours=12)
"""A demo seeded longer ago than this no longer has "now" on Saturday evening: seed it again."""

_CLOCK_SKEW = timedelta(minutes=5)
"""A seeding time further in the future than this means the clock moved: seed again."""

_MARKER_SUFFIX = ".seeded"


def utcnow() -> datetime:
    """The current time in UTC (``nuittui.models.utcnow``, without loading the contract's models)."""
    return datetime.now(UTC)


def demo_dir() -> Path:
    """The folder of the demo's database (read from the environment on every call)."""
    return data_dir() / "demo"


def demo_db_path() -> Path:
    """The demo's SQLite database file."""
    return demo_dir() / "demo.db"


def _marker(db: Path) -> Path:
    return db.with_name(db.name + _MARKER_SUFFIX)


def seeded_at(db: Path) -> datetime | None:
    """When the database at ``db`` was seeded, or None if it is missing or its seeding never finished."""
    if not db.is_file():
        return None
    try:
        moment = datetime.fromisoformat(_marker(db).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return moment if moment.utcoffset() is not None else None


def remove_demo_db(db: Path) -> None:
    """Delete the database at ``db``, its SQLite side files and its seeding marker."""
    # The marker goes first: a crash midway then leaves a database that is seen as unfinished.
    for path in (_marker(db), db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
        path.unlink(missing_ok=True)


def forget_demo_cache() -> None:
    """Delete the ``demo`` profile's data folder (cache and outbox), which only fits the old database."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(profile_data_dir(DEMO_PROFILE))


def _is_stale(seeded: datetime | None, now: datetime) -> bool:
    if seeded is None:
        return True
    return now - seeded > STALE_AFTER or seeded - now > _CLOCK_SKEW


def demo_is_fresh(db: Path | None = None, *, now: Callable[[], datetime] = utcnow) -> bool:
    """Whether the demo's next start keeps the database at ``db``, and so the ``demo`` profile's cache.

    Cheap (it reads the seeding marker, loading no model): the app decides with it, before
    its first paint, whether the demo's cache is worth drawing while the demo starts.
    """
    db = demo_db_path() if db is None else db
    return not _is_stale(seeded_at(db), now())


def _create_and_seed(db: Path, now: datetime) -> None:
    # Imported here: the server's libraries come with the ``server`` extra only.
    from nuittui.server.demo import demo_data
    from nuittui.server.seed import seed_demo
    from nuittui.server.store import Store

    data = demo_data(now)
    store = Store.create(db, event=data.event, join_code=data.join_code)
    try:
        seed_demo(store, data, now=lambda: now)
    finally:
        store.close()
    atomic_write(_marker(db), now.isoformat().encode())


def prepare_demo_db(
    db: Path | None = None, *, reset: bool = False, now: Callable[[], datetime] = utcnow
) -> bool:
    """Make sure a seeded, recent demo database is at ``db``; True when it was (re-)created.

    With ``reset``, or when the database is unfinished or stale, it is deleted with the
    demo profile's cache and seeded afresh. Raises ``StoreError`` or ``OSError`` when the
    file cannot be made.
    """
    db = demo_db_path() if db is None else db
    moment = now()
    if not reset and demo_is_fresh(db, now=lambda: moment):
        return False
    remove_demo_db(db)
    forget_demo_cache()
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        _create_and_seed(db, moment)
    except BaseException:
        remove_demo_db(db)
        raise
    return True
