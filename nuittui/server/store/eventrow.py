"""Changing the event itself (event organizers): name, time zone, dates, the default jury time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from nuittui.models import EventUpdate

from ..errors import ApiError
from . import audit, jury, views
from . import schema as s
from .scope import require_organizer
from .tx import Tx
from .types import Actor, Outcome


def _problem(field: str, message: str) -> dict[str, Any]:
    return {"loc": ["body", field], "msg": message, "type": "value_error"}


def update_event(tx: Tx, actor: Actor, changes: EventUpdate) -> Outcome:
    """Change the event (event organizers); 422 when ``ends_at`` is not after ``starts_at`` or
    ``jury_at`` lies outside them. Sends ``event.upsert`` when anything changed."""
    require_organizer(actor, None, "change the event")
    event = views.event_public(tx.conn)
    values = changes.model_dump(exclude_none=True)
    before = event.model_dump()
    merged = {**before, **values}
    problems = []
    if merged["ends_at"] <= merged["starts_at"]:
        problems.append(_problem("ends_at", "ends_at must be after starts_at"))
    if not merged["starts_at"] <= merged["jury_at"] <= merged["ends_at"]:
        problems.append(_problem("jury_at", "jury_at must lie between starts_at and ends_at"))
    if problems:
        raise ApiError(422, "; ".join(p["msg"] for p in problems), errors=problems)
    changed = [name for name, value in values.items() if value != before[name]]
    if not changed:
        return Outcome(200, event)
    tx.conn.execute(update(s.event).where(s.event.c.id == 1).values({name: values[name] for name in changed}))
    tx.event_changed = True
    jury.settle(tx)  # now, so the answer carries each city's jury time
    detail = "; ".join(f"{name} {before[name]!s} -> {values[name]!s}" for name in changed)
    audit.record(tx, actor, "event.update", "event", city=None, detail=detail)
    return Outcome(200, views.event_public(tx.conn))
