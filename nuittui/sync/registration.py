"""Registering on a city server: the one write that cannot go through the outbox (no identity yet).

It is made safe to retry all the same: its Idempotency-Key is saved before it is sent
(``registering.json`` in the data folder, 0600) and reused by the next attempt for the
same server and handle, so an answer lost on the way (a proxy, a reset, a deadline)
does not leave the person locked out of their own handle: the server recognises the
retry and answers it with a new token for the account the first attempt made.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from nuittui.client import CityClient, ClientError
from nuittui.i18n import _
from nuittui.models import EventPublic, RegisterRequest, RegisterResponse

from .errors import CityRequired
from .writes import invalid_write

if TYPE_CHECKING:
    import httpx

__all__ = ["PENDING_FILE", "fetch_event", "register", "registration_key"]

PENDING_FILE = "registering.json"
KEY_LIFETIME = 3600.0
"""Seconds a registration's key is reused (the server keeps it as long): past that, a new attempt."""


async def fetch_event(api_url: str, *, transport: httpx.AsyncBaseTransport | None = None) -> EventPublic:
    """``GET /v1/event`` (public): the event's name, cities and themes."""
    async with CityClient(base_url=api_url, transport=transport) as client:
        return await client.event()


async def register(
    api_url: str,
    code: str,
    handle: str,
    name: str | None = None,
    city: str | None = None,
    skills: Sequence[str] = (),
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> RegisterResponse:
    """Trade the venue's join code for a token; keep the answer's token, it is shown only once.

    ``name`` defaults to the handle. Without ``city``, the event's only city is
    used; an event with several raises ``CityRequired`` listing their ids. Bad
    input raises ``InvalidWrite`` before anything is sent; the server's refusals
    are ``ClientError``s (403 wrong code, 409 handle taken…).
    """
    fields: dict[str, object] = {
        "join_code": code,
        "handle": handle,
        "display_name": name or handle,
        "skills": list(skills),
    }
    key = await asyncio.to_thread(registration_key, api_url, handle)
    async with CityClient(base_url=api_url, transport=transport) as client:
        if city is None:
            _check(fields | {"city": "x"})  # everything but the city, before asking the server
            event = await client.event()
            ids = [c.id for c in event.cities]
            if len(ids) != 1:
                raise CityRequired(
                    _(
                        "this event has several cities: choose one with --city ({cities})",
                        cities=", ".join(ids),
                    ),
                    ids,
                )
            city = ids[0]
        try:
            answer = await client.register(_check(fields | {"city": city}), idempotency_key=key)
        except ClientError as error:
            if error.permanent:  # refused (a wrong code, a handle taken): the next try is a new request
                await asyncio.to_thread(_forget_key, api_url, handle)
            raise
    await asyncio.to_thread(_forget_key, api_url, handle)
    return answer


def _pending_path() -> Path:
    from nuittui.profiles import data_dir

    return data_dir() / PENDING_FILE


def _pending_key(api_url: str, handle: str) -> str:
    return f"{api_url.rstrip('/')} {handle.strip().lower()}"


def _read_pending(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: a new key only costs the retry's safety
    now = time.time()
    if not isinstance(data, dict):
        return {}
    return {
        name: item
        for name, item in data.items()
        if isinstance(item, dict)
        and isinstance(item.get("key"), str)
        and isinstance(item.get("at"), int | float)
        and now - float(item["at"]) < KEY_LIFETIME
    }


def _write_pending(path: Path, pending: dict[str, dict[str, object]]) -> None:
    from nuittui.profiles.atomic import atomic_write

    if pending:
        atomic_write(path, json.dumps(pending).encode(), private=True)
    else:
        path.unlink(missing_ok=True)


def registration_key(api_url: str, handle: str) -> str:
    """The Idempotency-Key of registering ``handle`` on ``api_url``: the saved one of an attempt
    whose answer never came, else a new one, saved before it is sent."""
    path = _pending_path()
    pending = _read_pending(path)
    item = pending.get(_pending_key(api_url, handle))
    if item is not None:
        return str(item["key"])
    key = str(uuid.uuid4())
    pending[_pending_key(api_url, handle)] = {"key": key, "at": time.time()}
    with contextlib.suppress(OSError):  # a full disk: register all the same, without a safe retry
        _write_pending(path, pending)
    return key


def _forget_key(api_url: str, handle: str) -> None:
    path = _pending_path()
    pending = _read_pending(path)
    if pending.pop(_pending_key(api_url, handle), None) is not None:
        with contextlib.suppress(OSError):  # it expires by itself
            _write_pending(path, pending)


def _check(fields: Mapping[str, object]) -> RegisterRequest:
    try:
        return RegisterRequest.model_validate(fields)
    except ValidationError as exc:
        raise invalid_write(exc) from None
