"""What an attacker or a careless client meets: no token at rest, digests are not credentials,
the real 64 KiB body limit, per-token rate limits, cleaned text and bounded fields."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nuittui.models.limits import MAX_BODY_BYTES, MAX_TITLE
from nuittui.server.settings import ServerSettings

from .conftest import THEME
from .helpers import assert_problem
from .world import World


def _every_text(db: Path) -> list[str]:
    """Every text value of every row of every table, read straight from the file."""
    with sqlite3.connect(db) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):  # names from sqlite_master
                found += [value for value in row if isinstance(value, str)]
    return found


def _raw_bytes(db: Path) -> bytes:
    """The database file and its WAL, byte for byte."""
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())


def _database_of(world: World) -> Path:
    """Close the world's store (which checkpoints the WAL) and return its file."""
    store = world.app.state.store
    store.close()
    return Path(str(store.engine.url.database))


async def test_the_database_holds_no_token(world: World) -> None:
    dan = await world.register("dan")
    await dan.post("/v1/channels/all/messages", json={"body": "Bonjour"}, headers={"Idempotency-Key": "k"})
    await dan.post("/v1/auth/revoke")
    clients = [world.organizer, world.alice, world.bob, world.carol, dan]
    tokens = [client.token for client in clients]
    db = _database_of(world)

    texts = _every_text(db)
    raw = _raw_bytes(db)

    assert texts, "the tables were read"
    for token in tokens:
        secret = token.removeprefix("nuit_")
        parts = [token, secret, secret[:16], secret[16:32], secret[-16:]]
        assert not [t for t in texts for part in parts if part in t], "a token (or part of one) is stored"
        assert not [part for part in parts if part.encode() in raw]
    digests = {hashlib.sha256(t.encode()).hexdigest() for t in tokens[:4]}
    assert digests <= set(texts), "tokens are stored as their SHA-256 digests"


async def test_a_digest_is_not_a_token(world: World) -> None:
    digest = hashlib.sha256(world.alice.token.encode()).hexdigest()

    for credential in (digest, f"nuit_{digest}", world.alice.token.upper(), world.alice.token[:-1]):
        response = await world.api.get("/v1/me", headers={"Authorization": f"Bearer {credential}"})
        assert_problem(response, 401)
    assert (await world.alice.get("/v1/me")).json()["handle"] == "alice"


BIG = MAX_BODY_BYTES + 1


async def test_body_one_byte_over_64_kib_is_413(world: World) -> None:
    body = b'{"body": "' + b"x" * (BIG - 12) + b'"}'
    assert len(body) == BIG

    response = await world.alice.post(
        "/v1/channels/all/messages", content=body, headers={"Content-Type": "application/json"}
    )

    assert_problem(response, 413)
    assert response.headers["connection"] == "close"


async def test_body_of_exactly_64_kib_is_read(world: World) -> None:
    body = b'{"body": "' + b"x" * (MAX_BODY_BYTES - 12) + b'"}'

    response = await world.alice.post(
        "/v1/channels/all/messages", content=body, headers={"Content-Type": "application/json"}
    )

    # Read and judged on its content: too long a message, not too large a body.
    problem = assert_problem(response, 422)
    assert problem.errors and problem.errors[0]["loc"] == ["body", "body"]


async def test_streamed_body_over_64_kib_without_length_is_413(world: World) -> None:
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"body": "'
        for _ in range(80):  # 80 KiB in 1 KiB chunks, no Content-Length
            sent += 1
            yield b"y" * 1024
        yield b'"}'

    response = await world.alice.post(
        "/v1/channels/all/messages", content=chunks(), headers={"Content-Type": "application/json"}
    )

    assert "content-length" not in response.request.headers
    assert_problem(response, 413)
    assert (await world.alice.get("/v1/channels/all/messages")).json()["messages"] == []


class TestRateLimit:
    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(write_burst=3, write_rate=1.0)

    async def test_429_names_a_wait_that_works_and_only_for_that_token(self, world: World) -> None:
        answers = []
        for n in range(10):  # a slow machine may refill a token on the way: write until refused
            answers.append(await world.bob.post("/v1/channels/all/messages", json={"body": f"{n}"}))
            if answers[-1].status_code != 201:
                break

        assert [a.status_code for a in answers[:3]] == [201, 201, 201]
        assert_problem(answers[-1], 429)
        retry_after = answers[-1].headers["retry-after"]
        assert retry_after.isdigit() and int(retry_after) >= 1
        for other in (world.alice, world.carol, world.organizer):
            assert (await other.post("/v1/channels/all/messages", json={"body": "moi"})).status_code == 201
        await asyncio.sleep(int(retry_after) + 0.05)
        assert (await world.bob.post("/v1/channels/all/messages", json={"body": "enfin"})).status_code == 201


DIRTY = "a\x1b[31mb\u202e\x07c\x9b\u2066"
CLEAN = "a[31mbc"


async def test_control_and_bidi_characters_are_stripped_from_stored_text(world: World) -> None:
    org, alice = world.organizer, world.alice
    project = {"title": DIRTY, "summary": DIRTY, "description": DIRTY, "theme": THEME, "city": "lyon"}
    created = [
        await alice.patch("/v1/me", json={"display_name": DIRTY, "skills": [DIRTY]}),
        await alice.post("/v1/channels/all/messages", json={"body": f"{DIRTY}\nligne 2\tfin"}),
        await alice.post("/v1/swaps", json={"title": DIRTY, "body": DIRTY, "location": DIRTY}),
        await alice.post(
            f"/v1/projects/{world.project.id}/progress", json={"text": DIRTY, "stage": "testing"}
        ),
        await org.post("/v1/projects", json=project),
        await org.post(
            "/v1/schedule",
            json={
                "title": DIRTY,
                "starts_at": "2017-03-04T19:00:00Z",
                "ends_at": "2017-03-04T20:00:00Z",
                "room": DIRTY,
            },
        ),
    ]
    assert [r.status_code for r in created] == [200, 201, 201, 201, 201, 201]
    snapshot = (await world.bob.get("/v1/sync")).json()["snapshot"]

    me = created[0].json()
    assert (me["display_name"], me["skills"]) == (CLEAN, [CLEAN])
    assert created[1].json()["body"] == f"{CLEAN}\nligne 2\tfin", "newline and tab are kept"
    assert [created[2].json()[k] for k in ("title", "body", "location")] == [CLEAN] * 3
    assert created[3].json()["text"] == CLEAN
    assert [created[4].json()[k] for k in ("title", "summary", "description")] == [CLEAN] * 3
    assert [created[5].json()[k] for k in ("title", "room")] == [CLEAN] * 2
    stored = _every_text(_database_of(world))
    assert not [t for t in stored if any(c in t for c in "\x1b\u202e\x07\x9b\u2066")]
    assert "\x1b" not in str(snapshot)


@pytest.mark.parametrize("field", ["title", "location"])
async def test_a_huge_field_is_422_with_a_clear_reason(world: World, field: str) -> None:
    huge = "é" * 10_000
    body = {"title": "Aide"} | {field: huge}

    response = await world.alice.post("/v1/swaps", json=body)

    problem = assert_problem(response, 422)
    assert problem.errors and [e["loc"] for e in problem.errors] == [["body", field]]
    assert problem.errors[0]["type"] == "string_too_long"
    limit = {"title": MAX_TITLE, "location": 120}[field]
    assert f"at most {limit} characters" in problem.detail and field in problem.detail
    assert huge[:50] not in response.text, "the input is not echoed back"
    assert (await world.alice.get("/v1/swaps", params={"author": "alice"})).json()[0]["title"] != huge
