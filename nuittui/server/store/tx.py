"""One write transaction: the connection, its clock and the events it appends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy import Insert, text
from sqlalchemy.engine import Connection

from nuittui.models import EventType

from . import schema

_NEXT_SEQ = text(
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),"
    " coalesce((SELECT max(seq) FROM events), 0))"
)


class Tx:
    """A ``BEGIN IMMEDIATE`` transaction: state changes and their events commit together."""

    def __init__(self, conn: Connection, *, now: datetime, key: str | None) -> None:
        self.conn = conn
        self.now = now
        """The time of every change of this transaction."""
        self.key = key
        """The request's Idempotency-Key, echoed in its events."""
        self._next_seq: int | None = None
        self.schedule_changed = False
        """An item was added, changed or deleted: each city's jury time is computed again at the end."""
        self.event_changed = False
        """The event row changed: ``event.upsert`` is sent at the end (``jury.settle``)."""

    def next_seq(self) -> int:
        """The ``seq`` the next ``emit`` will use (we hold the write lock, so it is certain)."""
        if self._next_seq is None:
            self._next_seq = int(self.conn.execute(_NEXT_SEQ).scalar_one()) + 1
        return self._next_seq

    def insert(self, statement: Insert) -> int:
        """Run an INSERT and return the new row's id."""
        key = self.conn.execute(statement).inserted_primary_key
        assert key is not None
        return int(key[0])

    def emit(self, type_: EventType, data: BaseModel | dict[str, Any]) -> int:
        """Append an event carrying ``data`` (the whole new public object); returns its ``seq``."""
        seq = self.next_seq()
        payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
        self.conn.execute(
            schema.events.insert().values(
                seq=seq,
                type=type_.value,
                data=orjson.dumps(payload).decode(),
                key=self.key,
                created_at=self.now,
            )
        )
        self._next_seq = seq + 1
        if type_ in (EventType.SCHEDULE, EventType.SCHEDULE_DELETE):
            self.schedule_changed = True
        return seq
