"""Each city's jury time, from the schedule's jury items; kept in the event row and re-published.

A city's jury starts at its earliest ``jury`` item that is not cancelled, else at the earliest such
item for every city, else at the event's ``jury_at``. The result is stored in ``event.jury_by_city``
and published in ``EventPublic.jury_at_by_city``: at the end of every write that touched the
schedule or the event (``settle``), it is computed again and, when it moved, stored and sent as
``event.upsert``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from nuittui.models import EventType, ScheduleKind

from . import schema as s
from . import views
from .tx import Tx


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def compute(conn: Connection) -> dict[str, str]:
    """Each city's jury time as stored (UTC ISO text), from the schedule and the event row."""
    row = conn.execute(select(s.event.c.jury_at, s.event.c.cities).where(s.event.c.id == 1)).one()
    earliest = dict(
        conn.execute(
            select(s.schedule.c.city, func.min(s.schedule.c.starts_at))
            .where((s.schedule.c.kind == ScheduleKind.JURY.value) & s.schedule.c.cancelled.is_(False))
            .group_by(s.schedule.c.city)
        ).all()
    )
    everywhere = earliest.get(None) or row.jury_at
    return {city["id"]: _stamp(earliest.get(city["id"]) or everywhere) for city in row.cities}


def store_computed(conn: Connection) -> bool:
    """Compute the column and store it; True when it changed."""
    fresh = compute(conn)
    stored = conn.execute(select(s.event.c.jury_by_city).where(s.event.c.id == 1)).scalar()
    if stored == fresh:
        return False
    conn.execute(update(s.event).where(s.event.c.id == 1).values(jury_by_city=fresh))
    return True


def settle(tx: Tx) -> None:
    """At the end of a write: publish the event again if it changed, or if its jury times moved."""
    if not (tx.event_changed or tx.schedule_changed):
        return
    moved = store_computed(tx.conn)
    if moved or tx.event_changed:
        tx.emit(EventType.EVENT, views.event_public(tx.conn))
        tx.event_changed = False
