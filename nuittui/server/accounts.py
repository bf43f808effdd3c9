"""Accounts the server makes itself: organizers (from the command line) and their tokens."""

from __future__ import annotations

import hashlib
import secrets

from nuittui.models import Role, UserPublic

from .store import Store

TOKEN_PREFIX = "nuit_"  # noqa: S105 - a public prefix, not a secret


def new_token() -> str:
    """A fresh random token: ``nuit_`` and 256 bits."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def add_organizer(store: Store, handle: str, *, city: str, name: str | None = None) -> tuple[str, UserPublic]:
    """Create an organizer; returns the raw token (shown once, stored only as a digest) and the user."""
    token = new_token()
    user = store.create_user(
        handle=handle,
        display_name=name or handle,
        city=city,
        role=Role.ORGANIZER,
        token_digest=token_digest(token),
    )
    return token, user
