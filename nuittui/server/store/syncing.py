"""The event log: reading it for polls, snapshots for resets, pruning."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from nuittui.models import SNAPSHOT_MESSAGES_PER_CHANNEL, Snapshot

from ..hub import EventRecord, event_json
from . import schema as s
from . import views

PRUNED_THROUGH_KEY = "events_pruned_through"

_LAST_SEQ = text(
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),"
    " coalesce((SELECT max(seq) FROM events), 0))"
)


def last_seq(conn: Connection) -> int:
    """The highest ``seq`` ever issued."""
    return int(conn.execute(_LAST_SEQ).scalar_one())


def pruned_through(conn: Connection) -> int:
    """Every event with ``seq`` at or below this has been pruned (0: none)."""
    value = conn.execute(select(s.settings.c.value).where(s.settings.c.key == PRUNED_THROUGH_KEY)).scalar()
    return int(value) if value is not None else 0


def records_after(conn: Connection, since: int, limit: int | None = None) -> list[EventRecord]:
    """Stored events with ``seq > since``, in order, as ready-to-send JSON."""
    query = select(s.events).where(s.events.c.seq > since).order_by(s.events.c.seq)
    if limit is not None:
        query = query.limit(limit)
    return [
        EventRecord(seq=r.seq, json=event_json(r.seq, r.type, r.data, r.key)) for r in conn.execute(query)
    ]


def snapshot(conn: Connection) -> tuple[int, Snapshot]:
    """The whole state and the cursor it stands at; call inside one read transaction."""
    cursor = last_seq(conn)
    state = Snapshot(
        event=views.event_public(conn),
        users=views.users_public(conn),
        projects=views.projects_public(conn),
        progress=views.progress_list(conn, newest_first=False),
        swaps=views.swaps_public(conn),
        schedule=views.schedule_list(conn),
        messages=views.latest_messages(conn, SNAPSHOT_MESSAGES_PER_CHANNEL),
    )
    return cursor, state


def prune(conn: Connection, *, events_before: datetime, max_events: int, keys_before: datetime) -> int | None:
    """Drop events older than ``events_before`` or beyond the newest ``max_events``, and old
    idempotency keys; returns the new pruned-through seq when events were dropped."""
    newest = last_seq(conn)
    by_age = conn.execute(
        select(func.max(s.events.c.seq)).where(s.events.c.created_at < events_before)
    ).scalar()
    cut = max(by_age or 0, newest - max_events)
    conn.execute(delete(s.idempotency).where(s.idempotency.c.created_at < keys_before))
    if cut <= pruned_through(conn):
        return None
    conn.execute(delete(s.events).where(s.events.c.seq <= cut))
    upsert = sqlite_insert(s.settings).values(key=PRUNED_THROUGH_KEY, value=str(cut))
    conn.execute(upsert.on_conflict_do_update(index_elements=["key"], set_={"value": str(cut)}))
    return cut
