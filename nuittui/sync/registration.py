"""Registering on a city server: the one write that cannot go through the outbox (no identity yet)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pydantic import ValidationError

from nuittui.client import CityClient
from nuittui.i18n import _
from nuittui.models import EventPublic, RegisterRequest, RegisterResponse

from .errors import CityRequired
from .writes import invalid_write

if TYPE_CHECKING:
    import httpx

__all__ = ["fetch_event", "register"]


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
        return await client.register(_check(fields | {"city": city}))


def _check(fields: Mapping[str, object]) -> RegisterRequest:
    try:
        return RegisterRequest.model_validate(fields)
    except ValidationError as exc:
        raise invalid_write(exc) from None
