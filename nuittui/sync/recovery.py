"""Issuing a recovery code: the one organizer action that is a direct call, not a queued write.

Its answer holds a secret shown once, so it is never kept in the outbox (a file on disk) nor
replayed: if the call fails, the organizer asks again. Used by the shell's ``org recovery`` and
the app's "organizer: Recovery code".
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from urllib.parse import quote

from nuittui.models import RecoveryCode, RecoveryCreate

from .writes import checked_handle

if TYPE_CHECKING:
    from nuittui.client import CityClient

__all__ = ["RecoveryMixin", "issue_recovery"]


async def issue_recovery(client: CityClient, handle: str, revoke: bool = False) -> RecoveryCode:
    """``POST /v1/users/{handle}/recovery``: a one-time code for ``handle``.

    ``revoke`` also revokes every token they hold now (a lost laptop). Raises ``InvalidWrite``
    for a malformed handle, the client's ``ClientError`` (one line) when offline or refused.
    """
    handle = checked_handle(handle)
    body = RecoveryCreate(revoke_tokens=revoke).model_dump(mode="json")
    code: RecoveryCode = await client.call(
        RecoveryCode,
        "POST",
        f"/v1/users/{quote(handle, safe='')}/recovery",
        json=body,
        idempotency_key=str(uuid.uuid4()),
    )
    return code


class RecoveryMixin:
    """``SyncEngine.issue_recovery``: the engine's client, made off the loop if need be."""

    if TYPE_CHECKING:  # provided by SyncEngine

        async def connect(self) -> CityClient: ...

    async def issue_recovery(self, handle: str, revoke: bool = False) -> RecoveryCode:
        """A one-time recovery code for ``handle`` (organizers of their city), straight from the server.

        Not queued: the code is a secret shown once. ``revoke`` also revokes their tokens now.
        """
        return await issue_recovery(await self.connect(), handle, revoke)
