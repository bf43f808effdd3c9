"""People: creating accounts, tokens, profile updates."""

from __future__ import annotations

import hmac
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, RowMapping

from nuittui.models import Availability, MeUpdate, OrganizerScope, Role, UserPublic

from ..errors import ApiError, conflict, forbidden, invalid, suspended
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
    scope: OrganizerScope | None = None,
) -> Outcome:
    """A new person (422 unknown city, 409 handle taken), with a token when a digest is given.

    An organizer's ``scope`` defaults to their city.
    """
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
            organizer_scope=(scope or OrganizerScope.CITY).value if role is Role.ORGANIZER else None,
            created_at=tx.now,
            updated_at=tx.now,
        )
    )
    if token_digest is not None:
        add_token(tx, user_id, token_digest)
    return Outcome(201, emit_user(tx, handle))


REGISTRATION_KEY_LIFETIME = timedelta(hours=1)
"""How long a registration's Idempotency-Key answers a retry (the client reuses it as long)."""


def register(
    tx: Tx,
    *,
    code: str,
    handle: str,
    display_name: str,
    city: str,
    skills: list[str],
    token_digest: str,
    key_sha256: str | None = None,
    body_sha256: str = "",
) -> Outcome:
    """Registration with the venue's join code (403 when wrong).

    With an Idempotency-Key (``key_sha256``) seen within ``REGISTRATION_KEY_LIFETIME``: the
    same body is a retry whose answer was lost, and gets a new token for the account it made
    (the undelivered one is dropped); another body is 422.
    """
    if not hmac.compare_digest(code.encode(), join_code(tx.conn).encode()):
        raise forbidden("wrong join code; ask the organizers of your venue")
    if key_sha256 is not None:
        earlier = registration(tx.conn, key_sha256)
        if earlier is not None and earlier["created_at"] >= tx.now - REGISTRATION_KEY_LIFETIME:
            if not hmac.compare_digest(earlier["body_sha256"], body_sha256):
                raise invalid(("header", "Idempotency-Key"), "Idempotency-Key reused with another request")
            return registered_again(tx, earlier, token_digest)
        tx.conn.execute(delete(s.registrations).where(s.registrations.c.key_sha256 == key_sha256))
    outcome = create_user(
        tx, handle=handle, display_name=display_name, city=city, skills=skills, token_digest=token_digest
    )
    if key_sha256 is not None:
        user_id = tx.conn.execute(select(s.users.c.id).where(s.users.c.handle == handle)).scalar_one()
        tx.conn.execute(
            s.registrations.insert().values(
                key_sha256=key_sha256,
                body_sha256=body_sha256,
                user_id=user_id,
                token_digest=token_digest,
                created_at=tx.now,
            )
        )
    return outcome


def registration(conn: Connection, key_sha256: str) -> RowMapping | None:
    """The registration made with this Idempotency-Key digest, or None."""
    query = select(s.registrations).where(s.registrations.c.key_sha256 == key_sha256)
    return conn.execute(query).mappings().first()


def registered_again(tx: Tx, earlier: RowMapping, token_digest: str) -> Outcome:
    """A retry of a registration (or a recovery) whose answer was lost: the undelivered token is
    replaced by ``token_digest`` for the same account."""
    tx.conn.execute(delete(s.tokens).where(s.tokens.c.digest == earlier["token_digest"]))
    add_token(tx, earlier["user_id"], token_digest)
    tx.conn.execute(
        update(s.registrations)
        .where(s.registrations.c.key_sha256 == earlier["key_sha256"])
        .values(token_digest=token_digest)
    )
    handle = tx.conn.execute(select(s.users.c.handle).where(s.users.c.id == earlier["user_id"])).scalar_one()
    user = views.user_public(tx.conn, handle)
    assert user is not None
    return Outcome(201, user)


def add_token(tx: Tx, user_id: int, digest: str) -> None:
    """Store a new token's digest for a person."""
    tx.conn.execute(s.tokens.insert().values(user_id=user_id, digest=digest, created_at=tx.now))


def revoke(tx: Tx, digest: str) -> Outcome:
    """Forget a token."""
    tx.conn.execute(delete(s.tokens).where(s.tokens.c.digest == digest))
    return Outcome(204)


def _actor(row: RowMapping) -> Actor:
    role = Role(row["role"])
    scope = row["organizer_scope"]
    return Actor(
        id=row["id"],
        handle=row["handle"],
        role=role,
        city=row["city"],
        scope=(OrganizerScope(scope) if scope else OrganizerScope.CITY) if role is Role.ORGANIZER else None,
        suspended=row["suspended_at"] is not None,
    )


_ACTOR_COLUMNS = (
    s.users.c.id,
    s.users.c.handle,
    s.users.c.role,
    s.users.c.city,
    s.users.c.organizer_scope,
    s.users.c.suspended_at,
)


def actor_by_digest(conn: Connection, digest: str) -> Actor | None:
    """Who holds the token with this SHA-256 digest (suspended or not), or None."""
    row = (
        conn.execute(
            select(s.tokens.c.digest, *_ACTOR_COLUMNS)
            .join(s.users, s.users.c.id == s.tokens.c.user_id)
            .where(s.tokens.c.digest == digest)
        )
        .mappings()
        .first()
    )
    # The index found the row; compare in constant time all the same.
    if row is None or not hmac.compare_digest(row["digest"], digest):
        return None
    return _actor(row)


def actor_by_handle(conn: Connection, handle: str) -> Actor | None:
    """The person with this handle as an actor (for seeding and the command line), or None."""
    row = conn.execute(select(*_ACTOR_COLUMNS).where(s.users.c.handle == handle)).mappings().first()
    return None if row is None else _actor(row)


def auth_epoch(conn: Connection) -> int:
    """The auth epoch (``schema.AUTH_EPOCH_KEY``): it moves whenever a cached authentication may be stale."""
    value = conn.execute(select(s.settings.c.value).where(s.settings.c.key == s.AUTH_EPOCH_KEY)).scalar()
    return int(value or 0)


def check_writer(conn: Connection, digest: str) -> None:
    """Inside a write's transaction: 401 when the token is gone, 403 when its holder is suspended."""
    actor = actor_by_digest(conn, digest)
    if actor is None:
        raise ApiError(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    if actor.suspended:
        raise suspended()


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
