"""The schedule published for the apps people already carry: ``/v1/schedule.json`` and ``.ics``.

Public (a calendar app subscribes without a token), with ``?city=`` for the global
items and one city's, and an ``ETag``: a client sending it back in ``If-None-Match``
gets ``304`` while the schedule has not changed.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from nuittui.models import EventPublic, ScheduleItemPublic
from nuittui.models.calendar import schedule_ics

from ..deps import StoreDep
from ..errors import ApiError, problems
from ..schedule_formats import c3voc_schedule
from ..store import Store

router = APIRouter(tags=["schedule"])

CityParam = Annotated[
    str | None, Query(max_length=64, description="Only the items for every city and this city's.")
]
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match", max_length=1024, description="The ETag of the copy you have: 304 if unchanged."
    ),
]

_NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the copy matching If-None-Match is current"}
}


def _read(store: Store, city: str | None) -> tuple[EventPublic, list[ScheduleItemPublic], datetime]:
    event = store.event()
    if city is not None and city not in {c.id for c in event.cities}:
        raise ApiError(404, f"no city {city}")
    stamp = store.schedule_changed_at() or event.starts_at
    return event, store.schedule(city=city), stamp.astimezone(UTC)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(header: str | None, etag: str) -> bool:
    if header is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def _answer(body: bytes, media_type: str, if_none_match: str | None, filename: str) -> Response:
    etag = _etag(body)
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if _matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return Response(content=body, media_type=media_type, headers=headers)


@router.get(
    "/schedule.json",
    response_class=Response,
    responses={
        200: {
            "description": "The schedule as the c3voc schedule JSON (frab, pretalx, Giggity)",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        **_NOT_MODIFIED,
        **problems(404, 422),
    },
    summary="The schedule as frab/pretalx JSON (public)",
)
async def schedule_json(
    request: Request, store: StoreDep, city: CityParam = None, if_none_match: IfNoneMatch = None
) -> Response:
    """Valid against https://c3voc.de/schedule/schema.json; each item's ``guid`` is its uid."""
    event, items, _stamp = await run_in_threadpool(_read, store, city)
    version = hashlib.sha256(
        orjson.dumps([event.model_dump(mode="json"), [i.model_dump(mode="json") for i in items]])
    ).hexdigest()[:12]
    document = c3voc_schedule(event, items, base_url=str(request.base_url), city=city, version=version)
    body = orjson.dumps(document, option=orjson.OPT_INDENT_2)
    return _answer(body, "application/json", if_none_match, "schedule.json")


@router.get(
    "/schedule.ics",
    response_class=Response,
    responses={
        200: {
            "description": "The schedule as an iCalendar file (RFC 5545)",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        **_NOT_MODIFIED,
        **problems(404, 422),
    },
    summary="The schedule as iCalendar (public)",
)
async def schedule_calendar(
    request: Request, store: StoreDep, city: CityParam = None, if_none_match: IfNoneMatch = None
) -> Response:
    """Each item in its city's time zone (or the event's), with its VTIMEZONE; UID = its uid."""
    event, items, stamp = await run_in_threadpool(_read, store, city)
    body = schedule_ics(event, items, stamp=stamp, host=request.url.hostname or "nuit-server", city=city)
    return _answer(body, "text/calendar; charset=utf-8", if_none_match, "schedule.ics")
