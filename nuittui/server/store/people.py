"""People: creating accounts, tokens, profile updates."""

from __future__ import annotations

import hmac

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from nuittui.models import Availability, MeUpdate, Role, UserPublic

from ..errors import conflict, forbidden
from . import schema as s
from . import views
from .changes import check_city, emit_project, emit_user
from .tx import Tx
from .types import Actor, Outcome

JOIN_CODE_KEY = "join_code"


def join_code(conn: Connection) -> str:
    """The venue's current join code."""
    return conn.execute(select(s.settings.c.value).where(s.settings.c.key == JOIN_CODE_KEY)).scalar_one()


def set_join_code(conn: Connection, code: str) -> None:
    """Replace the join code."""
    conn.execute(update(s.settings).where(s.settings.c.key == JOIN_CODE_KEY).values(value=code))


def create_user(
    tx: Tx,
    *,
    handle: str,
    display_name: str,
    city: str,
    skills: list[str],
    role: Role = Role.PARTICIPANT,
    token_digest: str | None = None,
) -> Outcome:
    """A new person (422 unknown city, 409 handle taken), with a token when a digest is given."""
    check_city(views.event_public(tx.conn), city)
    taken = tx.conn.execute(select(s.users.c.id).where(s.users.c.handle == handle)).first()
    if taken is not None:
        raise conflict(f"the handle {handle!r} is taken; choose another")
    user_id = tx.insert(
        s.users.insert().values(
            handle=handle,
            display_name=display_name,
            city=city,
            skills=skills,
            availability=Availability.AVAILABLE.value,
            role=role.value,
            created_at=tx.now,
            updated_at=tx.now,
        )
    )
    if token_digest is not None:
        add_token(tx, user_id, token_digest)
    return Outcome(201, emit_user(tx, handle))


def register(
    tx: Tx, *, code: str, handle: str, display_name: str, city: str, skills: list[str], token_digest: str
) -> Outcome:
    """Registration with the venue's join code (403 when wrong)."""
    if not hmac.compare_digest(code.encode(), join_code(tx.conn).encode()):
        raise forbidden("wrong join code; ask the organizers of your venue")
    return create_user(
        tx, handle=handle, display_name=display_name, city=city, skills=skills, token_digest=token_digest
    )


def add_token(tx: Tx, user_id: int, digest: str) -> None:
    """Store a new token's digest for a person."""
    tx.conn.execute(s.tokens.insert().values(user_id=user_id, digest=digest, created_at=tx.now))


def revoke(tx: Tx, digest: str) -> Outcome:
    """Forget a token."""
    tx.conn.execute(delete(s.tokens).where(s.tokens.c.digest == digest))
    return Outcome(204)


def actor_by_digest(conn: Connection, digest: str) -> Actor | None:
    """Who holds the token with this SHA-256 digest, or None."""
    row = (
        conn.execute(
            select(s.tokens.c.digest, s.users.c.id, s.users.c.handle, s.users.c.role, s.users.c.city)
            .join(s.users, s.users.c.id == s.tokens.c.user_id)
            .where(s.tokens.c.digest == digest)
        )
        .mappings()
        .first()
    )
    # The index found the row; compare in constant time all the same.
    if row is None or not hmac.compare_digest(row["digest"], digest):
        return None
    return Actor(id=row["id"], handle=row["handle"], role=Role(row["role"]), city=row["city"])


def actor_by_handle(conn: Connection, handle: str) -> Actor | None:
    """The person with this handle as an actor (for seeding and the command line), or None."""
    row = conn.execute(select(s.users).where(s.users.c.handle == handle)).mappings().first()
    if row is None:
        return None
    return Actor(id=row["id"], handle=row["handle"], role=Role(row["role"]), city=row["city"])


def update_me(tx: Tx, actor: Actor, changes: MeUpdate) -> Outcome:
    """Change one's own display name, skills or availability."""
    values = {k: v for k, v in changes.model_dump(mode="json").items() if v is not None}
    before = views.user_public(tx.conn, actor.handle)
    assert before is not None
    if not values:
        return Outcome(200, before)
    tx.conn.execute(update(s.users).where(s.users.c.id == actor.id).values(**values, updated_at=tx.now))
    user = emit_user(tx, actor.handle)
    # Team member entries carry the display name: the project changes with it.
    if before.team is not None and user.display_name != before.display_name:
        emit_project(tx, before.team)
    return Outcome(200, user)


def current_user(conn: Connection, actor: Actor) -> UserPublic:
    """The caller's own profile."""
    user = views.user_public(conn, actor.handle)
    assert user is not None
    return user
