"""Each error class of the client, from a real answer of the real server."""

from __future__ import annotations

import pytest

from nuittui.client import (
    ApiError,
    CityClient,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Rejected,
    Unauthorized,
)
from nuittui.models import (
    MAX_POLL_TIMEOUT,
    MessageCreate,
    ProjectCreate,
    RegisterRequest,
    SwapCreate,
)
from nuittui.server.settings import ServerSettings

from .conftest import JOIN_CODE, Connect, Join


def assert_permanent_problem(error: ApiError, status: int) -> None:
    """What the outbox and the screens rely on: a status, a problem, a one-line message."""
    assert error.status == status
    assert error.problem is not None and error.problem.status == status
    assert error.message and "\n" not in error.message
    assert error.permanent


async def test_an_unknown_token_is_unauthorized(connect: Connect) -> None:
    with pytest.raises(Unauthorized) as caught:
        await connect("nuit_not-a-real-token").me()
    assert_permanent_problem(caught.value, 401)


async def test_no_token_is_unauthorized(anon: CityClient) -> None:
    with pytest.raises(Unauthorized):
        await anon.swaps()


async def test_a_wrong_join_code_is_forbidden(anon: CityClient) -> None:
    request = RegisterRequest(join_code="wrong", handle="alice", display_name="Alice", city="lyon")
    with pytest.raises(Forbidden) as caught:
        await anon.register(request)
    assert_permanent_problem(caught.value, 403)


async def test_claiming_your_own_swap_is_forbidden(join: Join) -> None:
    alice = await join("alice")
    swap = await alice.create_swap(SwapCreate(title="stuck"))
    with pytest.raises(Forbidden):
        await alice.claim(swap.id)


async def test_a_missing_swap_or_channel_is_not_found(join: Join) -> None:
    alice = await join("alice")
    with pytest.raises(NotFound) as caught:
        await alice.swap(999)
    assert_permanent_problem(caught.value, 404)
    assert caught.value.detail
    with pytest.raises(NotFound):
        await alice.messages("team:999")
    with pytest.raises(NotFound):
        await alice.user("nobody")


async def test_a_swap_already_claimed_is_a_conflict(join: Join) -> None:
    alice, bob, carol = await join("alice"), await join("bob"), await join("carol")
    swap = await alice.create_swap(SwapCreate(title="stuck"))
    await bob.claim(swap.id)
    with pytest.raises(Conflict) as caught:
        await carol.claim(swap.id)
    assert_permanent_problem(caught.value, 409)


async def test_a_taken_handle_is_a_conflict(join: Join, anon: CityClient) -> None:
    await join("alice")
    request = RegisterRequest(join_code=JOIN_CODE, handle="alice", display_name="Other", city="lyon")
    with pytest.raises(Conflict):
        await anon.register(request)


async def test_an_unknown_theme_is_rejected_with_reasons(orga: CityClient) -> None:
    with pytest.raises(Rejected) as caught:
        await orga.create_project(ProjectCreate(title="x", theme="astrologie", city="lyon"))
    assert_permanent_problem(caught.value, 422)
    assert caught.value.errors
    assert "theme" in caught.value.errors[0]["loc"]


async def test_a_poll_timeout_beyond_the_maximum_is_rejected(join: Join) -> None:
    alice = await join("alice")
    with pytest.raises(Rejected) as caught:
        await alice.sync(0, timeout=MAX_POLL_TIMEOUT + 1)
    assert any("timeout" in error["loc"] for error in caught.value.errors)


async def test_a_body_over_64_kib_is_too_large(join: Join) -> None:
    alice = await join("alice")
    # Valid for the model (20 000 characters) but 80 000 bytes in UTF-8.
    with pytest.raises(PayloadTooLarge) as caught:
        await alice.create_swap(SwapCreate(title="big", body="🐛" * 20_000))
    assert caught.value.status == 413
    assert caught.value.permanent


@pytest.mark.parametrize("server_settings", [ServerSettings(write_burst=2, write_rate=0.01)])
async def test_too_many_writes_are_rate_limited_with_a_retry_hint(join: Join) -> None:
    alice = await join("alice")
    await alice.send_message("all", MessageCreate(body="un"))
    await alice.send_message("all", MessageCreate(body="deux"))
    with pytest.raises(RateLimited) as caught:
        await alice.send_message("all", MessageCreate(body="trois"))
    assert caught.value.status == 429
    assert not caught.value.permanent
    assert caught.value.retry_after is not None and caught.value.retry_after >= 1
