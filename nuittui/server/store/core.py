"""The store's core: opening the database, transactions, idempotency, publishing events."""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Self

import orjson
from sqlalchemy import Engine, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError, DBAPIError

from nuittui.models import EventPublic, Role, Snapshot, utcnow

from ..errors import ApiError
from ..hub import EventRecord, SyncHub
from ..settings import ServerSettings
from . import jury, people, schema, syncing
from .engine import IMMEDIATE, make_engine
from .tx import Tx
from .types import Actor, Outcome, WriteContext, WriteResult

log = logging.getLogger(__name__)

PRIVATE_MODE = 0o600
"""The database holds the join code and token digests: only its owner may read it."""
_SIDE_FILES = ("", "-wal", "-shm")


class StoreError(Exception):
    """The database file is missing, not ours, or unusable; the message is one line for people."""


def _make_private(path: Path) -> None:
    """Take group and others' access away from the database and its side files (older ones had it)."""
    if os.name != "posix":
        return  # modes are POSIX; elsewhere the folder's access rules protect the file
    for side in (Path(f"{path}{suffix}") for suffix in _SIDE_FILES):
        try:
            mode = stat.S_IMODE(side.stat().st_mode)
            if mode & 0o077:
                os.chmod(side, mode & 0o700)
                log.warning("%s was readable by others (mode %o): now %o", side, mode, mode & 0o700)
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("%s is readable by others and cannot be changed (%s): chmod 600 it", side, exc)


class StoreCore:
    """The server's state in one SQLite file; writes are serialized and publish their events."""

    def __init__(
        self,
        engine: Engine,
        *,
        settings: ServerSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.settings = settings or ServerSettings()
        self.clock = clock
        """The time source of writes; seeding moves it to spread the demo's activity over time."""
        self._write_lock = threading.Lock()
        self._auth_cache: dict[str, Actor] = {}
        self._auth_lock = threading.Lock()
        with self.read() as conn:
            self._pruned_through = syncing.pruned_through(conn)
            last = syncing.last_seq(conn)
            self._auth_epoch = people.auth_epoch(conn)
        self.hub = SyncHub(last_seq=last, capacity=self.settings.tail_events)
        self._last_prune = 0.0

    # ---- opening and creating ---------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, settings: ServerSettings | None = None) -> Self:
        """Open an existing database (``StoreError`` when missing or not ours)."""
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a database file")
        if not path.is_file():
            raise StoreError(f"no database at {path}; run `nuit-server init --db {path}` first")
        settings = settings or ServerSettings()
        _make_private(path)
        engine = make_engine(path, busy_timeout_ms=settings.busy_timeout_ms)
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
        except DatabaseError as exc:
            engine.dispose()
            raise StoreError(f"{path} is not a nuit-server database ({exc.orig})") from None
        if not {"settings", "event", "events"} <= tables:
            engine.dispose()
            raise StoreError(f"{path} is not a nuit-server database")
        return cls(engine, settings=settings)

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        event: EventPublic,
        join_code: str,
        settings: ServerSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> Self:
        """Create a new database holding ``event`` (``StoreError`` if the file exists)."""
        path = Path(path)
        if path.exists():
            raise StoreError(f"{path} already exists")
        if not path.parent.is_dir():
            raise StoreError(f"no directory {path.parent}")
        settings = settings or ServerSettings()
        try:
            # Made empty and private before SQLite opens it: SQLite gives -wal and -shm its mode.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))
        except FileExistsError:
            raise StoreError(f"{path} already exists") from None
        engine = make_engine(path, busy_timeout_ms=settings.busy_timeout_ms)
        try:
            with engine.connect().execution_options(**{IMMEDIATE: True}) as conn, conn.begin():
                schema.metadata.create_all(conn)
                for trigger in schema.TRIGGERS:
                    conn.exec_driver_sql(trigger)
                conn.execute(
                    schema.settings.insert(),
                    [
                        {"key": "schema_version", "value": schema.SCHEMA_VERSION},
                        {"key": people.JOIN_CODE_KEY, "value": join_code},
                        {"key": schema.AUTH_EPOCH_KEY, "value": "0"},
                    ],
                )
                conn.execute(
                    schema.event.insert().values(
                        id=1,
                        name=event.name,
                        timezone=event.timezone,
                        starts_at=event.starts_at,
                        ends_at=event.ends_at,
                        jury_at=event.jury_at,
                        cities=[c.model_dump(mode="json") for c in event.cities],
                        themes=[t.model_dump(mode="json") for t in event.themes],
                    )
                )
                tx = Tx(conn, now=clock(), key=None)
                tx.event_changed = True
                jury.settle(tx)
        except Exception as exc:
            engine.dispose()
            for suffix in _SIDE_FILES:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            if isinstance(exc, DBAPIError):
                raise StoreError(f"cannot create {path}: {exc.orig}") from None
            raise
        return cls(engine, settings=settings, clock=clock)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # ---- transactions ---------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: every query inside sees one consistent state."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def write(self, ctx: WriteContext | None, mutation: Callable[[Tx], Outcome]) -> WriteResult:
        """Run ``mutation`` in one ``BEGIN IMMEDIATE`` transaction with its events and idempotency.

        With an Idempotency-Key already used by this person: the same request answers the
        stored result without running again; another request is a 422. An ``ApiError`` from
        the mutation rolls everything back and stores nothing.
        """
        key = ctx.key if ctx is not None else None
        with self._write_lock:
            fresh: list[EventRecord] = []
            with self.engine.connect().execution_options(**{IMMEDIATE: True}) as conn, conn.begin():
                if ctx is not None and ctx.token_digest is not None:
                    # Checked again inside the transaction: a token removed or an account suspended
                    # by anyone (another worker, the command line) refuses the write, cache or not.
                    people.check_writer(conn, ctx.token_digest)
                if ctx is not None and key is not None:
                    replay = self._replay(conn, ctx)
                    if replay is not None:
                        return replay
                tx = Tx(conn, now=self.clock(), key=key)
                outcome = mutation(tx)
                jury.settle(tx)
                epoch = people.auth_epoch(conn)
                body = b"" if outcome.value is None else orjson.dumps(outcome.value.model_dump(mode="json"))
                if ctx is not None and key is not None:
                    conn.execute(
                        schema.idempotency.insert().values(
                            user_id=ctx.user_id,
                            key=key,
                            method=ctx.method,
                            path=ctx.path,
                            body_sha256=ctx.body_sha256,
                            status=outcome.status,
                            response_json=body.decode(),
                            created_at=tx.now,
                        )
                    )
                # Also picks up events another process (the command line) committed meanwhile.
                fresh = syncing.records_after(conn, self.hub.last_seq)
            self.note_auth_epoch(epoch)
            self.hub.publish(fresh)
            self._maybe_prune()
        return WriteResult(status=outcome.status, body=body, value=outcome.value)

    def _replay(self, conn: Connection, ctx: WriteContext) -> WriteResult | None:
        row = (
            conn.execute(
                select(schema.idempotency).where(
                    (schema.idempotency.c.user_id == ctx.user_id) & (schema.idempotency.c.key == ctx.key)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        if (row["method"], row["path"], row["body_sha256"]) != (ctx.method, ctx.path, ctx.body_sha256):
            raise ApiError(
                422,
                "Idempotency-Key reused with another request",
                errors=[
                    {
                        "loc": ["header", "Idempotency-Key"],
                        "msg": "Idempotency-Key reused with another request",
                        "type": "idempotency_key_reused",
                    }
                ],
            )
        return WriteResult(status=row["status"], body=row["response_json"].encode(), replayed=True)

    def _maybe_prune(self) -> None:
        # Called under the write lock; a failed prune must not fail the write that triggered it.
        monotonic = time.monotonic()
        if monotonic - self._last_prune < self.settings.prune_interval_seconds:
            return
        self._last_prune = monotonic
        now = self.clock()
        try:
            with self.engine.connect().execution_options(**{IMMEDIATE: True}) as conn, conn.begin():
                cut = syncing.prune(
                    conn,
                    events_before=now - timedelta(days=self.settings.event_retention_days),
                    max_events=self.settings.max_events,
                    keys_before=now - timedelta(hours=self.settings.idempotency_retention_hours),
                )
            if cut is not None:
                self._pruned_through = cut
        except Exception:
            log.exception("pruning old events failed")

    # ---- auth -----------------------------------------------------------------------------

    def authenticate(self, digest: str) -> Actor | None:
        """Who holds the token with this digest (suspended or not); None for an unknown token.

        Answers are cached in memory until the auth epoch moves (``schema.AUTH_EPOCH_KEY``: bumped
        by triggers whenever a token goes or a person's role, scope, city or suspension changes).
        This process sees the epoch at each of its own writes and, through ``catch_up``, at each
        commit of another process; an answer read under an older epoch is never cached.
        """
        actor = self._auth_cache.get(digest)
        if actor is not None:
            return actor
        with self.read() as conn:
            actor = people.actor_by_digest(conn, digest)
            epoch = people.auth_epoch(conn)
        with self._auth_lock:
            self._advance_epoch(epoch)
            if actor is not None and epoch == self._auth_epoch:
                self._auth_cache[digest] = actor
        return actor

    def cached_actor(self, digest: str) -> Actor | None:
        """The token's holder when already known, without touching the database."""
        return self._auth_cache.get(digest)

    def note_auth_epoch(self, epoch: int) -> None:
        """The auth epoch read in a committed transaction: a newer one empties the auth cache."""
        with self._auth_lock:
            self._advance_epoch(epoch)

    def _advance_epoch(self, epoch: int) -> None:
        # Under ``_auth_lock``. Epochs only grow: an older one read by a slow reader changes nothing.
        if epoch > self._auth_epoch:
            self._auth_epoch = epoch
            self._auth_cache.clear()

    def revoke(self, ctx: WriteContext, digest: str) -> WriteResult:
        """Forget a token."""
        try:
            return self.write(ctx, lambda tx: people.revoke(tx, digest))
        finally:
            self._auth_cache.pop(digest, None)

    # ---- sync -----------------------------------------------------------------------------

    @property
    def pruned_through(self) -> int:
        """Events at or below this seq are gone; a poll behind it needs a reset."""
        return self._pruned_through

    def catch_up(self) -> None:
        """Publish events another process (the command line) committed since our last write, and drop
        cached authentications if it changed tokens, roles or suspensions."""
        with self._write_lock:
            with self.read() as conn:
                fresh = syncing.records_after(conn, self.hub.last_seq)
                epoch = people.auth_epoch(conn)
            self.note_auth_epoch(epoch)
            self.hub.publish(fresh)

    def snapshot(self) -> tuple[int, Snapshot]:
        """The whole state and its cursor, read in one transaction."""
        with self.read() as conn:
            return syncing.snapshot(conn)

    def records_after(self, since: int, limit: int) -> list[EventRecord]:
        """Stored events after ``since`` (at most ``limit``)."""
        with self.read() as conn:
            return syncing.records_after(conn, since, limit)

    # ---- small conveniences for the command line ------------------------------------------

    def join_code(self) -> str:
        """The venue's join code."""
        with self.read() as conn:
            return people.join_code(conn)

    def set_join_code(self, code: str) -> None:
        """Replace the venue's join code."""
        with (
            self._write_lock,
            self.engine.connect().execution_options(**{IMMEDIATE: True}) as conn,
            conn.begin(),
        ):
            people.set_join_code(conn, code)

    def role_of(self, handle: str) -> Role | None:
        """A person's role, or None when there is no such person."""
        with self.read() as conn:
            actor = people.actor_by_handle(conn, handle)
        return None if actor is None else actor.role
