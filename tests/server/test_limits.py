"""Protections a client meets: body size, rate limits, join-code guessing, concurrent retries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from nuittui.models import PROBLEM_MEDIA_TYPE
from nuittui.server.app import create_app
from nuittui.server.settings import ServerSettings

from .conftest import BASE_URL, JOIN_CODE, Register


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


class FakeClock:
    """The rate limits' time source, moved by hand: no test sleeps."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def venue(db_path: Path, clock: FakeClock) -> AsyncIterator[httpx.AsyncClient]:
    """Anyone at the venue: every request comes from the same address. Default limits."""
    app = create_app(db_path=db_path, settings=ServerSettings(), rate_clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client


async def _register(venue: httpx.AsyncClient, handle: str, code: str = JOIN_CODE) -> httpx.Response:
    return await venue.post("/v1/auth/register", json=_registration(handle, code))


class TestJoinCodeGuessing:
    async def test_a_neighbour_mistyping_every_half_second_locks_nobody_out(
        self, venue: httpx.AsyncClient, clock: FakeClock
    ) -> None:
        wrong: list[int] = []
        right: list[int] = []
        for tick in range(60):  # 30 s: a wrong code every 0.5 s, a right one every 3 s
            wrong.append((await _register(venue, "voisin", "k7mp-x3qb")).status_code)
            if tick % 6 == 5:
                right.append((await _register(venue, f"arrivant{tick}")).status_code)
            clock.advance(0.5)

        assert right == [201] * 10
        assert wrong[:5] == [403] * 5
        assert set(wrong[5:]) == {429}, "the mistyped handle waits: those are its own failures"

    async def test_past_the_address_budget_wrong_codes_wait_and_right_ones_register(
        self, venue: httpx.AsyncClient, clock: FakeClock
    ) -> None:
        settings = ServerSettings()
        # A different handle each time: the per-handle budget never trips, the address's does.
        wrong = [
            (await _register(venue, f"essai{n}", "faux")) for n in range(int(settings.bad_code_burst) + 3)
        ]
        right = await _register(venue, "honnete")
        clock.advance(1 / settings.bad_code_rate)
        forgiven = await _register(venue, "essai-encore", "faux")

        assert {w.status_code for w in wrong[: int(settings.bad_code_burst)]} == {403}
        assert [w.status_code for w in wrong[-3:]] == [429] * 3
        assert int(wrong[-1].headers["Retry-After"]) >= 1
        assert right.status_code == 201
        assert forgiven.status_code == 403, "the budget refills"

    async def test_guessing_the_code_for_one_handle_is_stopped_before_the_code_is_checked(
        self, venue: httpx.AsyncClient, clock: FakeClock
    ) -> None:
        settings = ServerSettings()
        guesses = [
            await _register(venue, "cible", f"essai-{n}") for n in range(int(settings.bad_code_handle_burst))
        ]
        # The right code now: refused like any other, so a 429 says nothing about the code.
        right_too_late = await _register(venue, "cible")
        other_handle = await _register(venue, "autre")
        clock.advance(1 / settings.bad_code_handle_rate)
        after_a_minute = await _register(venue, "cible")

        assert [g.status_code for g in guesses] == [403] * int(settings.bad_code_handle_burst)
        assert right_too_late.status_code == 429
        assert int(right_too_late.headers["Retry-After"]) >= 1
        assert right_too_late.headers["content-type"] == PROBLEM_MEDIA_TYPE
        assert other_handle.status_code == 201
        assert after_a_minute.status_code == 201

    async def test_the_handle_budget_is_per_address(self, db_path: Path, clock: FakeClock) -> None:
        app = create_app(db_path=db_path, settings=ServerSettings(), rate_clock=clock)
        async with app.router.lifespan_context(app):
            here, there = (
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app, client=(ip, 40000)), base_url=BASE_URL
                )
                for ip in ("203.0.113.7", "198.51.100.9")
            )
            async with here, there:
                for n in range(int(ServerSettings().bad_code_handle_burst)):
                    await _register(here, "cible", f"essai-{n}")
                blocked_here = await _register(here, "cible")
                from_elsewhere = await _register(there, "cible")

        assert blocked_here.status_code == 429
        assert from_elsewhere.status_code == 201


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
    assert event.headers["allow"] == "GET, PATCH"
    assert messages.headers["allow"] == "GET, POST"


async def test_body_that_is_not_text_is_invalid(register: Register) -> None:
    alice = await register("alice")

    latin1 = '{"title": "café"}'.encode("latin-1")  # not UTF-8

    response = await alice.post("/v1/swaps", content=latin1, headers={"Content-Type": "application/json"})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["errors"][0]["loc"] == ["body"]
