"""Signing in with what someone already has: a token (an organizer's, from ``nuit-server organizer
add``) or a one-time recovery code with the handle. Direct calls, not the outbox: there is no
profile yet to queue them in. The shell's ``login --token``/``--recover`` and the welcome screen
both use these, so both say a refusal the same way."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from nuittui.client import CityClient, Forbidden, Unauthorized
from nuittui.i18n import _
from nuittui.models import RecoverRequest, RegisterResponse, UserPublic
from nuittui.profiles import ProfileError

from .writes import validated

if TYPE_CHECKING:
    import httpx

__all__ = ["check_token", "redeem_recovery"]


async def check_token(
    api_url: str, token: str, *, transport: httpx.AsyncBaseTransport | None = None
) -> UserPublic:
    """The person ``token`` belongs to (``GET /v1/me``); a refused token is ``ProfileError``, one line."""
    token = token.strip()
    if not token:
        raise ProfileError(_("the token is empty"))
    async with CityClient(base_url=api_url, token=token, transport=transport) as client:
        try:
            return await client.me()
        except (Unauthorized, Forbidden) as error:
            raise ProfileError(_("the server refused this token: {reason}", reason=error.message)) from None


async def redeem_recovery(
    api_url: str, handle: str, code: str, *, transport: httpx.AsyncBaseTransport | None = None
) -> RegisterResponse:
    """Trade a recovery code for a new token (``POST /v1/auth/recover``); a refused code is
    ``ProfileError``, a malformed handle or code ``InvalidWrite``, before anything is sent."""
    request = validated(RecoverRequest, {"handle": handle.strip().lower(), "code": code.strip()})
    async with CityClient(base_url=api_url, transport=transport) as client:
        try:
            return await client.call(
                RegisterResponse,
                "POST",
                "/v1/auth/recover",
                json=request.model_dump(mode="json"),
                idempotency_key=str(uuid.uuid4()),
            )
        except Forbidden as error:
            raise ProfileError(_("the recovery code was refused: {reason}", reason=error.message)) from None
