"""Organizers, managed from the command line: add (or promote), list, remove, issue a new token."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection

from nuittui.models import OrganizerScope, Role, UserPublic

from ..errors import conflict, not_found
from . import audit, people, views
from . import schema as s
from .changes import check_city, emit_user
from .tx import Tx
from .types import COMMAND_LINE, Actor, Outcome


def _scope_text(scope: OrganizerScope, city: str) -> str:
    return "every city" if scope is OrganizerScope.EVENT else f"city {city}"


def add(
    tx: Tx,
    *,
    handle: str,
    display_name: str,
    city: str,
    scope: OrganizerScope,
    token_digest: str | None,
    existing: bool = False,
) -> Outcome:
    """A new organizer with a token (201), or, with ``existing``, the person with that handle made an
    organizer of ``scope`` (200; their tokens are kept and ``token_digest`` is not used).

    A handle already taken without ``existing`` is a 409: a participant who picked an organizer's
    handle first must never be promoted by mistake.
    """
    check_city(views.event_public(tx.conn), city, ("city",))
    found = people.actor_by_handle(tx.conn, handle)
    if found is None:
        outcome = people.create_user(
            tx,
            handle=handle,
            display_name=display_name,
            city=city,
            skills=[],
            role=Role.ORGANIZER,
            token_digest=token_digest,
            scope=scope,
        )
        detail = f"organizer of {_scope_text(scope, city)}"
        audit.record(tx, COMMAND_LINE, "organizer.add", f"user {handle}", city=city, detail=detail)
        return outcome
    if not existing:
        raise conflict(
            f"the handle {handle!r} is taken by someone of {found.city}; add --existing to make that"
            " person an organizer"
        )
    if scope is OrganizerScope.CITY and found.city != city:
        raise conflict(f"{handle} is registered in {found.city}: a city organizer organizes their own city")
    tx.conn.execute(
        update(s.users)
        .where(s.users.c.id == found.id)
        .values(role=Role.ORGANIZER.value, organizer_scope=scope.value, updated_at=tx.now)
    )
    user = emit_user(tx, handle)
    before = "participant"
    if found.is_organizer:
        before = f"organizer of {_scope_text(found.scope or OrganizerScope.CITY, found.city)}"
    detail = f"{before} -> organizer of {_scope_text(scope, found.city)}"
    audit.record(tx, COMMAND_LINE, "organizer.add", f"user {handle}", city=found.city, detail=detail)
    return Outcome(200, user)


def listed(conn: Connection) -> list[tuple[UserPublic, int]]:
    """Every organizer and how many tokens they hold, by handle."""
    counts: dict[str, int] = dict(
        conn.execute(
            select(s.users.c.handle, func.count(s.tokens.c.id))
            .select_from(s.users.outerjoin(s.tokens, s.tokens.c.user_id == s.users.c.id))
            .where(s.users.c.role == Role.ORGANIZER.value)
            .group_by(s.users.c.handle)
        ).all()
    )
    return [(u, int(counts.get(u.handle, 0))) for u in views.users_public(conn) if u.role is Role.ORGANIZER]


def _organizer(tx: Tx, handle: str) -> Actor:
    found = people.actor_by_handle(tx.conn, handle)
    if found is None:
        raise not_found(f"user {handle}")
    if not found.is_organizer:
        raise conflict(f"{handle} is not an organizer")
    return found


def _revoke_all(tx: Tx, user_id: int) -> int:
    count = select(func.count()).select_from(s.tokens).where(s.tokens.c.user_id == user_id)
    revoked = int(tx.conn.execute(count).scalar_one())
    tx.conn.execute(delete(s.tokens).where(s.tokens.c.user_id == user_id))
    return revoked


def remove(tx: Tx, handle: str) -> tuple[UserPublic, int]:
    """Take an organizer's rights away: they become a participant and every token of theirs is revoked."""
    found = _organizer(tx, handle)
    tx.conn.execute(
        update(s.users)
        .where(s.users.c.id == found.id)
        .values(role=Role.PARTICIPANT.value, organizer_scope=None, updated_at=tx.now)
    )
    revoked = _revoke_all(tx, found.id)
    user = emit_user(tx, handle)
    detail = f"{revoked} token(s) revoked"
    audit.record(tx, COMMAND_LINE, "organizer.remove", f"user {handle}", city=found.city, detail=detail)
    return user, revoked


def new_token(tx: Tx, handle: str, token_digest: str, *, keep_others: bool) -> int:
    """Give an organizer a new token; their other tokens are revoked unless ``keep_others``. How many were."""
    found = _organizer(tx, handle)
    revoked = 0 if keep_others else _revoke_all(tx, found.id)
    people.add_token(tx, found.id, token_digest)
    detail = f"{revoked} other token(s) revoked"
    audit.record(tx, COMMAND_LINE, "organizer.token", f"user {handle}", city=found.city, detail=detail)
    return revoked
