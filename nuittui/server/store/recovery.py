"""Recovery codes: an organizer gives a participant who lost their token a one-time code, which the
participant trades for a new token (``POST /v1/auth/recover``)."""

from __future__ import annotations

import hmac
from datetime import datetime

from sqlalchemy import delete, func, select, update

from nuittui.models import RecoveryCode

from ..errors import conflict, forbidden, invalid, not_found
from . import audit, people, views
from . import schema as s
from .scope import require_organizer
from .tx import Tx
from .types import Actor, Outcome

MAX_FAILURES = 10
"""Wrong codes tried for one person (from any address) before their live code is burnt: guessing
can then never succeed, whatever the rate limits let through. The organizer issues a new one."""

WRONG_CODE = "wrong, used or expired recovery code; ask an organizer of your venue for a new one"
REFUSED = 403
"""The status a redemption's mutation answers when the code is refused: the failure it counted
must commit, so the store raises the error only after the write."""


def issue(
    tx: Tx, actor: Actor, handle: str, *, digest: str, expires_at: datetime, revoke_tokens: bool
) -> Outcome:
    """A new recovery code for a participant (organizers of their city, event organizers).

    Any earlier code of theirs stops working; with ``revoke_tokens`` every token they hold is
    revoked at once. The answer carries no code: the store's caller adds the one it drew.
    """
    target = people.actor_by_handle(tx.conn, handle)
    if target is None:
        raise not_found(f"user {handle}")
    require_organizer(actor, target.city, "help its participants recover their account")
    if target.is_organizer:
        raise forbidden("an organizer gets a new token from `nuit-server organizer token`, not a code")
    if target.suspended:
        raise conflict(f"{handle} is suspended; lift the suspension first")
    tx.conn.execute(delete(s.recovery_codes).where(s.recovery_codes.c.user_id == target.id))
    tx.conn.execute(
        s.recovery_codes.insert().values(
            user_id=target.id,
            digest=digest,
            created_by=actor.handle,
            created_at=tx.now,
            expires_at=expires_at,
        )
    )
    revoked = 0
    if revoke_tokens:
        count = select(func.count()).select_from(s.tokens).where(s.tokens.c.user_id == target.id)
        revoked = int(tx.conn.execute(count).scalar_one())
        tx.conn.execute(delete(s.tokens).where(s.tokens.c.user_id == target.id))
    detail = f"valid until {expires_at.isoformat(timespec='minutes')}; {revoked} token(s) revoked"
    audit.record(tx, actor, "user.recovery", f"user {handle}", city=target.city, detail=detail)
    return Outcome(201, RecoveryCode(handle=handle, code="", expires_at=expires_at, revoked_tokens=revoked))


def redeem(
    tx: Tx,
    *,
    handle: str,
    digest: str,
    token_digest: str,
    key_sha256: str | None = None,
    body_sha256: str = "",
) -> Outcome:
    """Trade a live recovery code for a new token (201 with the person), like registering.

    A wrong code counts against the person's live code (``MAX_FAILURES``) and answers
    ``Outcome(REFUSED)``, committed. With an Idempotency-Key already used for a redemption with
    the same body within the hour, the answer was lost: a new token replaces the undelivered one.
    """
    if key_sha256 is not None:
        earlier = people.registration(tx.conn, key_sha256)
        if earlier is not None and earlier["created_at"] >= tx.now - people.REGISTRATION_KEY_LIFETIME:
            if not hmac.compare_digest(earlier["body_sha256"], body_sha256):
                raise invalid(("header", "Idempotency-Key"), "Idempotency-Key reused with another request")
            return people.registered_again(tx, earlier, token_digest)
        tx.conn.execute(delete(s.registrations).where(s.registrations.c.key_sha256 == key_sha256))
    target = people.actor_by_handle(tx.conn, handle)
    if target is None or target.suspended or target.is_organizer:
        return Outcome(REFUSED)
    code = (
        tx.conn.execute(
            select(s.recovery_codes)
            .where((s.recovery_codes.c.user_id == target.id) & s.recovery_codes.c.used_at.is_(None))
            .order_by(s.recovery_codes.c.id.desc())
        )
        .mappings()
        .first()
    )
    if code is None or code["expires_at"] <= tx.now or code["failures"] >= MAX_FAILURES:
        return Outcome(REFUSED)
    if not hmac.compare_digest(code["digest"], digest):
        tx.conn.execute(
            update(s.recovery_codes)
            .where(s.recovery_codes.c.id == code["id"])
            .values(failures=s.recovery_codes.c.failures + 1)
        )
        return Outcome(REFUSED)
    used = update(s.recovery_codes).where(s.recovery_codes.c.id == code["id"]).values(used_at=tx.now)
    tx.conn.execute(used)
    people.add_token(tx, target.id, token_digest)
    if key_sha256 is not None:
        tx.conn.execute(
            s.registrations.insert().values(
                key_sha256=key_sha256,
                body_sha256=body_sha256,
                user_id=target.id,
                token_digest=token_digest,
                created_at=tx.now,
            )
        )
    detail = f"with the code of {code['created_by']}"
    audit.record(tx, target, "user.recovered", f"user {handle}", city=target.city, detail=detail)
    user = views.user_public(tx.conn, handle)
    assert user is not None
    return Outcome(201, user)
