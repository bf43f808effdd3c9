"""Protections a client meets: body size, rate limits, join-code guessing, concurrent retries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from nuittui.models import PROBLEM_MEDIA_TYPE
from nuittui.server.settings import ServerSettings

from .conftest import JOIN_CODE, Register


def _registration(handle: str, code: str = JOIN_CODE) -> dict[str, object]:
    return {"join_code": code, "handle": handle, "display_name": handle, "city": "lyon"}


class TestBodyLimit:
    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(max_body_bytes=1024)

    async def test_declared_large_body_is_refused(self, register: Register) -> None:
        alice = await register("alice")

        response = await alice.post("/v1/channels/all/messages", json={"body": "x" * 2000})

        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
        assert (await alice.get("/v1/channels/all/messages")).json()["messages"] == []

    async def test_streamed_large_body_is_refused(self, register: Register) -> None:
        alice = await register("alice")

        async def chunks() -> AsyncIterator[bytes]:
            # No Content-Length: the limit must count the bytes as they arrive.
            yield b'{"body": "'
            for _ in range(20):
                yield b"y" * 100
            yield b'"}'

        response = await alice.post(
            "/v1/channels/all/messages", content=chunks(), headers={"Content-Type": "application/json"}
        )

        assert response.status_code == 413
        assert response.json()["status"] == 413
        assert (await alice.get("/v1/channels/all/messages")).json()["messages"] == []

    async def test_body_under_the_limit_passes(self, register: Register) -> None:
        alice = await register("alice")

        response = await alice.post("/v1/channels/all/messages", json={"body": "x" * 900})

        assert response.status_code == 201


class TestWriteRateLimit:
    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(write_burst=3, write_rate=0.01)

    async def test_writes_past_the_burst_wait(self, register: Register) -> None:
        alice = await register("alice")
        bob = await register("bob")

        answers = [await alice.post("/v1/channels/all/messages", json={"body": f"n{n}"}) for n in range(4)]

        assert [a.status_code for a in answers] == [201, 201, 201, 429]
        assert int(answers[-1].headers["Retry-After"]) >= 1
        assert answers[-1].headers["content-type"] == PROBLEM_MEDIA_TYPE
        # The budget is per token: others still write, and everyone still reads.
        assert (await bob.post("/v1/channels/all/messages", json={"body": "moi"})).status_code == 201
        assert (await alice.get("/v1/channels/all/messages")).status_code == 200


class TestJoinCodeGuessing:
    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(bad_code_burst=3, bad_code_rate=0.01)

    async def test_wrong_codes_lock_registration_for_that_address(self, api: httpx.AsyncClient) -> None:
        wrong = [
            await api.post("/v1/auth/register", json=_registration(f"guess{n}", "mauvais")) for n in range(3)
        ]
        locked = await api.post("/v1/auth/register", json=_registration("honest"))

        assert [w.status_code for w in wrong] == [403, 403, 403]
        assert locked.status_code == 429
        assert int(locked.headers["Retry-After"]) >= 1


async def test_concurrent_retries_with_one_key_do_the_work_once(register: Register) -> None:
    alice = await register("alice")
    headers = {"Idempotency-Key": "same-swap"}

    answers = await asyncio.gather(
        *(alice.post("/v1/swaps", json={"title": "Une seule fois"}, headers=headers) for _ in range(8))
    )

    assert {a.status_code for a in answers} == {201}
    assert len({a.text for a in answers}) == 1
    assert len((await alice.get("/v1/swaps")).json()) == 1


async def test_failed_write_stores_no_idempotent_answer(register: Register) -> None:
    alice = await register("alice")
    headers = {"Idempotency-Key": "retry-me"}

    missing = await alice.post("/v1/swaps/999/claim", headers=headers)
    mine = (await alice.post("/v1/swaps", json={"title": "Aide"})).json()
    own = await alice.post(f"/v1/swaps/{mine['id']}/cancel", headers=headers)

    assert missing.status_code == 404
    # The 404 was not stored, so the key is free for another request.
    assert own.status_code == 200 and own.json()["status"] == "cancelled"


async def test_validation_errors_do_not_echo_the_input(register: Register) -> None:
    alice = await register("alice")
    secret = "z" * 300

    response = await alice.post("/v1/swaps", json={"title": secret, "rating": secret})

    assert response.status_code == 422
    problem = response.json()
    assert {tuple(e["loc"]) for e in problem["errors"]} == {("body", "title"), ("body", "rating")}
    assert secret not in response.text


async def test_wrong_method_is_a_problem_listing_every_allowed_method(api: httpx.AsyncClient) -> None:
    event = await api.delete("/v1/event")
    messages = await api.put("/v1/channels/all/messages")

    assert event.status_code == messages.status_code == 405
    assert event.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert event.headers["allow"] == "GET"
    assert messages.headers["allow"] == "GET, POST"


async def test_body_that_is_not_text_is_invalid(register: Register) -> None:
    alice = await register("alice")

    latin1 = '{"title": "café"}'.encode("latin-1")  # not UTF-8

    response = await alice.post("/v1/swaps", content=latin1, headers={"Content-Type": "application/json"})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["errors"][0]["loc"] == ["body"]
