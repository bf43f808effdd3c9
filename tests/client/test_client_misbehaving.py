"""The client when there is no server, or when something else answers in its place.

A misbehaving server cannot be produced with the real one, so these tests
alone use ``httpx.MockTransport`` (the BadResponse cases).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from nuittui.client import (
    ApiError,
    BadResponse,
    CityClient,
    ClientError,
    Conflict,
    Offline,
    RateLimited,
    ServerError,
)
from nuittui.client._errors import api_error, parse_retry_after
from nuittui.models import Problem, SwapCreate
from tests.ports import held_port

SWAP = {
    "id": 3,
    "title": "stuck",
    "city": "lyon",
    "author": "ada",
    "status": "open",
    "created_at": "2017-03-04T10:00:00Z",
    "updated_at": "2017-03-04T10:00:00Z",
}
"""A server's answer to ``POST /v1/swaps``, as the contract has it."""


def answering(status: int, body: bytes, content_type: str | None, **headers: str) -> httpx.MockTransport:
    """A transport that gives every request the same canned answer."""

    def handler(request: httpx.Request) -> httpx.Response:
        all_headers = dict(headers)
        if content_type is not None:
            all_headers["content-type"] = content_type
        return httpx.Response(status, content=body, headers=all_headers)

    return httpx.MockTransport(handler)


async def test_a_closed_port_is_offline_and_transient() -> None:
    with held_port() as port:
        async with CityClient(base_url=f"http://127.0.0.1:{port}") as client:
            with pytest.raises(Offline) as caught:
                await client.event()
    assert not caught.value.permanent
    assert "127.0.0.1" in caught.value.message
    assert "\n" not in caught.value.message


async def test_the_reason_is_told_in_the_users_language() -> None:
    from nuittui.i18n import current_language, set_language

    before = current_language()
    set_language("fr")
    try:
        with held_port() as port:
            async with CityClient(base_url=f"http://127.0.0.1:{port}") as client:
                with pytest.raises(Offline) as caught:
                    await client.event()
    finally:
        set_language(before)
    assert caught.value.message.startswith(f"impossible de joindre le serveur 127.0.0.1:{port} (")
    assert "()" not in caught.value.message


async def test_a_write_to_a_closed_port_is_offline_too() -> None:
    with held_port() as port:
        async with CityClient(base_url=f"http://127.0.0.1:{port}", token="nuit_x") as client:
            with pytest.raises(Offline):
                await client.create_swap(SwapCreate(title="stuck"), idempotency_key="k1")


@pytest.mark.parametrize(
    ("status", "body", "content_type", "says"),
    [
        (200, b"<html><body>Welcome to the venue wifi</body></html>", "text/html", "text/html"),
        (200, b'{"name": "no dates here"}', "application/json", "contract"),
        (200, b"{not json", "application/json", "not valid JSON"),
        (200, b'{"name": "x"}', None, "instead of JSON"),
        (302, b"", None, "redirects"),
    ],
)
async def test_an_answer_that_is_not_the_contract_is_a_bad_response(
    status: int, body: bytes, content_type: str | None, says: str
) -> None:
    transport = answering(status, body, content_type, location="http://portal.example/login")
    async with CityClient(base_url="http://test", transport=transport) as client:
        with pytest.raises(BadResponse) as caught:
            await client.event()
    assert says in caught.value.message
    assert not caught.value.permanent


async def test_a_list_answer_with_a_bad_item_is_a_bad_response_not_a_validation_error() -> None:
    transport = answering(200, json.dumps([{"id": "seven"}]).encode(), "application/json")
    async with CityClient(base_url="http://test", transport=transport, token="nuit_x") as client:
        with pytest.raises(BadResponse) as caught:
            await client.swaps()
    assert "0.id" in caught.value.message


async def test_send_takes_only_the_contracts_answer_for_the_route() -> None:
    transport = answering(201, json.dumps(SWAP).encode(), "application/json")
    async with CityClient(base_url="http://test", transport=transport) as client:
        assert (await client.send("POST", "/v1/swaps", json={"title": "t"}))["id"] == SWAP["id"]
    garbage = [
        (200, b"<p>hi</p>", "text/html; charset=utf-8", "text/html instead of JSON"),
        (200, b'{"ok": true}', "application/json", "does not match the contract"),
        (201, json.dumps(SWAP).encode()[:40], "application/json", "not valid JSON"),
        (204, b"", None, "instead of JSON"),
    ]
    for status, body, mime, said in garbage:
        async with CityClient(base_url="http://test", transport=answering(status, body, mime)) as client:
            with pytest.raises(BadResponse) as caught:
                await client.send("POST", "/v1/swaps", json={"title": "t"})
        assert said in caught.value.message and not caught.value.permanent


async def test_a_proxy_error_page_is_a_server_error_without_problem() -> None:
    transport = answering(502, b"<h1>Bad Gateway</h1>", "text/html")
    async with CityClient(base_url="http://test", transport=transport) as client:
        with pytest.raises(ServerError) as caught:
            await client.event()
    assert caught.value.status == 502
    assert caught.value.problem is None
    assert not caught.value.permanent
    assert "502" in caught.value.message


def test_error_messages_are_one_clean_bounded_line() -> None:
    hostile = Problem(title="t", status=409, detail="\x1b[31mred\x1b[0m\nsecond line\u202e" + "x" * 1000)
    error = api_error(409, hostile)
    assert isinstance(error, Conflict)
    assert error.permanent
    assert "\x1b" not in error.message
    assert "\u202e" not in error.message
    assert "\n" not in error.message
    assert len(error.message) <= 300
    assert error.message.startswith("[31mred[0m second line")
    # Braces are data, never a format template.
    assert api_error(404, Problem(title="t", status=404, detail="{0} {name}")).message == "{0} {name}"


def test_status_classes_and_permanence() -> None:
    assert isinstance(api_error(503, None), ServerError)
    assert not api_error(503, None).permanent
    plain = api_error(400, None, reason="Bad Request")
    assert type(plain) is ApiError
    assert plain.permanent
    assert plain.message == "the server answered 400 Bad Request"
    assert not api_error(408, None).permanent
    assert isinstance(api_error(418, None), ClientError)


def test_retry_after_reads_seconds_and_dates() -> None:
    now = datetime(2017, 3, 4, 20, 0, tzinfo=UTC)
    assert parse_retry_after("7", now=now) == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now) == 30.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after("nan", now=now) is None
    assert parse_retry_after(None) is None
    limited = api_error(429, None, retry_after="3")
    assert isinstance(limited, RateLimited)
    assert limited.retry_after == 3.0


def test_bad_settings_are_refused_at_once() -> None:
    with pytest.raises(ValueError, match="http"):
        CityClient(base_url="ftp://example.org")
    with pytest.raises(ValueError, match="token"):
        CityClient(base_url="http://test", token="nuit_x\r\nX-Evil: 1")
