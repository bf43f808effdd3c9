"""Accounts the server makes itself: organizers (from the command line) and their tokens; recovery codes."""

from __future__ import annotations

import hashlib
import secrets

from nuittui.models import OrganizerScope, UserPublic

from .store import Store

TOKEN_PREFIX = "nuit_"  # noqa: S105 - a public prefix, not a secret
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""No 0/o, 1/l/i: codes are read aloud in a noisy room."""


def new_token() -> str:
    """A fresh random token: ``nuit_`` and 256 bits."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_recovery_code() -> str:
    """A one-time recovery code that is easy to read out and type: ``k7mp-x3qa-9wzt`` (about 59 bits)."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))


def recovery_digest(code: str) -> str:
    """The digest a recovery code is stored under, whatever its case, dashes and spaces."""
    normal = "".join(ch for ch in code.lower() if ch not in "- \t")
    return hashlib.sha256(normal.encode()).hexdigest()


def add_organizer(
    store: Store,
    handle: str,
    *,
    city: str,
    name: str | None = None,
    event_wide: bool = False,
) -> tuple[str, UserPublic]:
    """Create an organizer of ``city`` (``event_wide``: of every city, ``city`` their home city);
    returns the raw token (shown once, stored only as a digest) and the user."""
    token = new_token()
    user, _new = store.add_organizer(
        handle=handle,
        display_name=name or handle,
        city=city,
        scope=OrganizerScope.EVENT if event_wide else OrganizerScope.CITY,
        token_digest=token_digest(token),
    )
    return token, user
