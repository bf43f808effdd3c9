"""Suspending and restoring participants (hiding messages is in ``chat.py``, removing someone from a
team in ``projects.py``)."""

from __future__ import annotations

from sqlalchemy import delete, update

from nuittui.models import UserPublic

from ..errors import forbidden, not_found
from . import audit, people, views
from . import schema as s
from .changes import emit_user
from .scope import require_organizer
from .tx import Tx
from .types import Actor, Outcome


def _target(tx: Tx, handle: str) -> Actor:
    found = people.actor_by_handle(tx.conn, handle)
    if found is None:
        raise not_found(f"user {handle}")
    return found


def _user(tx: Tx, handle: str) -> UserPublic:
    user = views.user_public(tx.conn, handle)
    assert user is not None
    return user


def suspend(tx: Tx, actor: Actor, handle: str, reason: str = "") -> Outcome:
    """Suspend a participant (organizers of their city, event organizers): every token of theirs is
    refused from the next request on, their pending recovery codes are burnt. Again: unchanged."""
    target = _target(tx, handle)
    require_organizer(actor, target.city, "suspend its participants")
    if target.is_organizer:
        raise forbidden("organizers are not suspended: `nuit-server organizer remove` takes their rights")
    if target.suspended:
        return Outcome(200, _user(tx, handle))
    # The auth epoch's trigger fires: every server process drops its cached authentications.
    tx.conn.execute(
        update(s.users).where(s.users.c.id == target.id).values(suspended_at=tx.now, updated_at=tx.now)
    )
    tx.conn.execute(delete(s.recovery_codes).where(s.recovery_codes.c.user_id == target.id))
    user = emit_user(tx, handle)
    audit.record(tx, actor, "user.suspend", f"user {handle}", city=target.city, detail=reason)
    return Outcome(200, user)


def unsuspend(tx: Tx, actor: Actor, handle: str, reason: str = "") -> Outcome:
    """Lift a suspension (organizers of the person's city, event organizers); their tokens work again."""
    target = _target(tx, handle)
    require_organizer(actor, target.city, "lift the suspensions of its participants")
    if not target.suspended:
        return Outcome(200, _user(tx, handle))
    tx.conn.execute(
        update(s.users).where(s.users.c.id == target.id).values(suspended_at=None, updated_at=tx.now)
    )
    user = emit_user(tx, handle)
    audit.record(tx, actor, "user.unsuspend", f"user {handle}", city=target.city, detail=reason)
    return Outcome(200, user)
