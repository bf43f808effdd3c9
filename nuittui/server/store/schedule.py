"""The schedule: a city's items are its organizers' to write, the items of every city the event
organizers'."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update

from nuittui.models import EventType, ScheduleItemCreate, ScheduleItemPublic, ScheduleItemUpdate

from ..errors import invalid, not_found
from . import audit, views
from . import schema as s
from .changes import check_city
from .migrate import new_uid
from .scope import require_organizer
from .tx import Tx
from .types import Actor, Outcome

CHANGE_ORDER = ("title", "description", "starts_at", "ends_at", "city", "room", "kind", "cancelled")
"""The fields a change may touch, in the order ``changed_fields`` lists them."""


def _require(tx: Tx, item_id: int) -> ScheduleItemPublic:
    item = views.schedule_item(tx.conn, item_id)
    if item is None:
        raise not_found(f"schedule item {item_id}")
    return item


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def create_item(
    tx: Tx, actor: Actor, new: ScheduleItemCreate, *, uid: str | None = None, file_key: str | None = None
) -> Outcome:
    """A new item, global (event organizers) or for one city (its organizers); 422 for an unknown city.

    ``uid``: its lasting identity (kept from an imported calendar; new otherwise);
    ``file_key``: its id in the event file.
    """
    require_organizer(actor, new.city, "change the schedule")
    if new.city is not None:
        check_city(views.event_public(tx.conn), new.city)
    item_id = tx.insert(
        s.schedule.insert().values(
            title=new.title,
            description=new.description,
            starts_at=new.starts_at,
            ends_at=new.ends_at,
            city=new.city,
            room=new.room,
            kind=new.kind,
            uid=uid or new_uid(),
            file_key=file_key,
        )
    )
    item = _require(tx, item_id)
    tx.emit(EventType.SCHEDULE, item)
    detail = f"{new.title} ({new.kind}, {_when(new.starts_at)})"
    audit.record(tx, actor, "schedule.create", f"item {item_id}", city=new.city, detail=detail)
    return Outcome(201, item)


def apply_changes(tx: Tx, item: ScheduleItemPublic, values: dict[str, Any]) -> ScheduleItemPublic | None:
    """Write ``values`` over ``item``, recording what changed; the new item, None when nothing did.

    The fields whose value really changes are ``changed_fields``, stamped ``changed_at``; a start
    or end that moves keeps the one before in ``previous_starts_at`` / ``previous_ends_at``.
    """
    before = item.model_dump()
    changed = [name for name in CHANGE_ORDER if name in values and values[name] != before[name]]
    if not changed:
        return None
    stamp: dict[str, Any] = {"changed_at": tx.now, "changed_fields": changed}
    if "starts_at" in changed:
        stamp["previous_starts_at"] = item.starts_at
    if "ends_at" in changed:
        stamp["previous_ends_at"] = item.ends_at
    updates = {name: values[name] for name in changed}
    tx.conn.execute(update(s.schedule).where(s.schedule.c.id == item.id).values(**updates, **stamp))
    fresh = _require(tx, item.id)
    tx.emit(EventType.SCHEDULE, fresh)
    return fresh


def _describe(item: ScheduleItemPublic, fresh: ScheduleItemPublic) -> str:
    parts = []
    for name in fresh.changed_fields:
        old, new = getattr(item, name), getattr(fresh, name)
        if isinstance(old, datetime) and isinstance(new, datetime):
            parts.append(f"{name} {_when(old)} -> {_when(new)}")
        elif name in ("title", "city", "room", "kind", "cancelled"):
            parts.append(f"{name} {old!r} -> {new!r}")
        else:
            parts.append(name)
    return "; ".join(parts)


def update_item(tx: Tx, actor: Actor, item_id: int, changes: ScheduleItemUpdate) -> Outcome:
    """Change or cancel an item (its city's organizers); 422 when it would end before it starts."""
    item = _require(tx, item_id)
    require_organizer(actor, item.city, "change the schedule")
    values = {k: v for k, v in changes.model_dump().items() if v is not None}
    starts = values.get("starts_at", item.starts_at)
    ends = values.get("ends_at", item.ends_at)
    if ends < starts:
        raise invalid(("body", "ends_at"), "ends_at is before starts_at")
    fresh = apply_changes(tx, item, values)
    if fresh is None:
        return Outcome(200, item)
    action = "schedule.update"
    if fresh.changed_fields == ["cancelled"]:
        action = "schedule.cancel" if fresh.cancelled else "schedule.restore"
    detail = f"{fresh.title}: {_describe(item, fresh)}"
    audit.record(tx, actor, action, f"item {item_id}", city=item.city, detail=detail)
    return Outcome(200, fresh)


def delete_item(tx: Tx, actor: Actor, item_id: int) -> Outcome:
    """Remove an item (its city's organizers); the stream carries ``schedule.delete {id}``."""
    item = _require(tx, item_id)
    require_organizer(actor, item.city, "change the schedule")
    tx.conn.execute(delete(s.schedule).where(s.schedule.c.id == item_id))
    tx.emit(EventType.SCHEDULE_DELETE, {"id": item_id})
    audit.record(tx, actor, "schedule.delete", f"item {item_id}", city=item.city, detail=item.title)
    return Outcome(204)
