"""The schedule (organizers write it)."""

from __future__ import annotations

from sqlalchemy import delete, update

from nuittui.models import EventType, ScheduleItemCreate, ScheduleItemPublic, ScheduleItemUpdate

from ..errors import forbidden, invalid, not_found
from . import schema as s
from . import views
from .changes import check_city
from .migrate import new_uid
from .tx import Tx
from .types import Actor, Outcome


def _organizer(actor: Actor) -> None:
    if not actor.is_organizer:
        raise forbidden("only organizers change the schedule")


def _require(tx: Tx, item_id: int) -> ScheduleItemPublic:
    item = views.schedule_item(tx.conn, item_id)
    if item is None:
        raise not_found(f"schedule item {item_id}")
    return item


def create_item(
    tx: Tx, actor: Actor, new: ScheduleItemCreate, *, uid: str | None = None, file_key: str | None = None
) -> Outcome:
    """A new item, global or for one city (422 for an unknown city).

    ``uid``: its lasting identity (kept from an imported calendar; new otherwise);
    ``file_key``: its id in the event file.
    """
    _organizer(actor)
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
    return Outcome(201, item)


def update_item(tx: Tx, actor: Actor, item_id: int, changes: ScheduleItemUpdate) -> Outcome:
    """Change an item; 422 when it would end before it starts."""
    _organizer(actor)
    item = _require(tx, item_id)
    values = {k: v for k, v in changes.model_dump().items() if v is not None}
    if not values:
        return Outcome(200, item)
    starts = values.get("starts_at", item.starts_at)
    ends = values.get("ends_at", item.ends_at)
    if ends < starts:
        raise invalid(("body", "ends_at"), "ends_at is before starts_at")
    tx.conn.execute(update(s.schedule).where(s.schedule.c.id == item_id).values(**values))
    item = _require(tx, item_id)
    tx.emit(EventType.SCHEDULE, item)
    return Outcome(200, item)


def delete_item(tx: Tx, actor: Actor, item_id: int) -> Outcome:
    """Remove an item; the stream carries ``schedule.delete {id}``."""
    _organizer(actor)
    _require(tx, item_id)
    tx.conn.execute(delete(s.schedule).where(s.schedule.c.id == item_id))
    tx.emit(EventType.SCHEDULE_DELETE, {"id": item_id})
    return Outcome(204)
