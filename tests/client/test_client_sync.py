"""The long poll, idempotent writes and timeouts, against the real server."""

from __future__ import annotations

import asyncio

import pytest

from nuittui.client import CityClient, Offline, Rejected
from nuittui.models import MAX_POLL_TIMEOUT, EventType, MessageCreate, SwapCreate

from .conftest import Join


async def test_no_cursor_answers_a_snapshot(join: Join) -> None:
    alice = await join("alice")
    await alice.create_swap(SwapCreate(title="stuck"))

    batch = await alice.sync(None)

    assert batch.reset
    assert batch.snapshot is not None
    assert [u.handle for u in batch.snapshot.users] == ["alice"]
    assert [s.title for s in batch.snapshot.swaps] == ["stuck"]
    assert batch.cursor >= 2


async def test_events_after_the_cursor_carry_the_idempotency_key(join: Join) -> None:
    alice = await join("alice")
    cursor = (await alice.sync(None)).cursor

    message = await alice.send_message("all", MessageCreate(body="bonjour"), idempotency_key="msg-1")
    batch = await alice.sync(cursor, timeout=0)

    assert not batch.reset
    assert [(e.type, e.key, e.seq) for e in batch.events] == [(EventType.MESSAGE, "msg-1", message.seq)]
    assert batch.cursor == message.seq


async def test_a_short_long_poll_with_nothing_new_answers_empty(join: Join) -> None:
    alice = await join("alice")
    cursor = (await alice.sync(None)).cursor

    batch = await alice.sync(cursor, timeout=0.3)

    assert (batch.cursor, batch.events, batch.reset) == (cursor, [], False)


async def test_a_waiting_poll_wakes_on_a_write(join: Join) -> None:
    alice, bob = await join("alice"), await join("bob")
    cursor = (await alice.sync(None)).cursor
    poll = asyncio.create_task(alice.sync(cursor, timeout=MAX_POLL_TIMEOUT))
    await asyncio.sleep(0.1)  # waiting by now, most likely; if not, it answers at once all the same

    await bob.send_message("city:lyon", MessageCreate(body="quelqu'un ?"))
    batch = await asyncio.wait_for(poll, timeout=MAX_POLL_TIMEOUT / 2)  # woken, not timed out

    assert [e.data["body"] for e in batch.events] == ["quelqu'un ?"]


async def test_limit_pages_the_events(join: Join) -> None:
    alice = await join("alice")
    cursor = (await alice.sync(None)).cursor
    for body in ("un", "deux", "trois"):
        await alice.send_message("all", MessageCreate(body=body))

    first = await alice.sync(cursor, timeout=0, limit=2)
    rest = await alice.sync(first.cursor, timeout=0, limit=2)

    assert [e.data["body"] for e in first.events] == ["un", "deux"]
    assert first.has_more
    assert [e.data["body"] for e in rest.events] == ["trois"]
    assert not rest.has_more


async def test_a_repeated_create_with_one_key_creates_once(join: Join) -> None:
    alice = await join("alice")
    ask = SwapCreate(title="segfault", tags=["c"])

    first = await alice.create_swap(ask, idempotency_key="swap-1")
    again = await alice.create_swap(ask, idempotency_key="swap-1")

    assert again.id == first.id
    assert [s.id for s in await alice.swaps()] == [first.id]


async def test_an_outbox_replay_through_send_is_the_same_write(join: Join) -> None:
    alice = await join("alice")
    ask = SwapCreate(title="segfault", tags=["c"])
    first = await alice.create_swap(ask, idempotency_key="swap-1")

    # What the outbox stores and replays: the method, the path, the JSON body and the key.
    replayed = await alice.send(
        "POST", "/v1/swaps", json=ask.model_dump(mode="json"), idempotency_key="swap-1"
    )

    assert replayed["id"] == first.id
    assert len(await alice.swaps()) == 1


async def test_one_key_with_another_body_is_rejected(join: Join) -> None:
    alice = await join("alice")
    await alice.create_swap(SwapCreate(title="segfault"), idempotency_key="swap-1")

    with pytest.raises(Rejected) as caught:
        await alice.create_swap(SwapCreate(title="something else"), idempotency_key="swap-1")

    assert caught.value.permanent
    assert len(await alice.swaps()) == 1


async def test_a_long_poll_outlasts_the_default_read_timeout(live_url: str, join: Join) -> None:
    token = (await join("alice")).token
    async with CityClient(base_url=live_url, token=token, timeout=0.2) as alice:
        cursor = (await alice.sync(None)).cursor
        # The poll waits 1 s, five times the client's read timeout: it must not be cut short.
        batch = await alice.sync(cursor, timeout=1)
    assert (batch.cursor, batch.events) == (cursor, [])


async def test_a_read_timeout_after_sending_is_offline(live_url: str, join: Join) -> None:
    token = (await join("alice")).token
    async with CityClient(base_url=live_url, token=token, timeout=0.2) as alice:
        cursor = (await alice.sync(None)).cursor
        # A request the server holds longer than the read timeout, sent without the poll's margin.
        with pytest.raises(Offline) as caught:
            await alice.request("GET", "/v1/sync", params={"since": cursor, "timeout": 1})
    assert not caught.value.permanent
    assert "in time" in caught.value.message
