"""Registering (the one write without an outbox) and paging older chat history into the cache."""

from __future__ import annotations

import httpx
import pytest

from nuittui.client import Forbidden
from nuittui.models import SNAPSHOT_MESSAGES_PER_CHANNEL
from nuittui.server.settings import ServerSettings
from nuittui.sync import CityRequired, InvalidWrite, fetch_event
from nuittui.sync import register as register_on
from tests.server.conftest import JOIN_CODE

from .conftest import BASE_URL, EngineFor, thread


async def test_register_needs_a_city_when_the_event_has_several(app) -> None:
    transport = httpx.ASGITransport(app=app)

    with pytest.raises(CityRequired) as several:
        await register_on(BASE_URL, JOIN_CODE, "ada", transport=transport)
    answer = await register_on(
        BASE_URL, JOIN_CODE, "Ada", "Ada L.", "rennes", ["python"], transport=transport
    )
    event = await fetch_event(BASE_URL, transport=transport)

    assert several.value.cities == [c.id for c in event.cities] == ["lyon", "toulouse", "rennes"]
    assert "lyon, toulouse, rennes" in str(several.value)
    assert (answer.user.handle, answer.user.city, answer.user.skills) == ("ada", "rennes", ["python"])
    assert answer.token.startswith("nuit_")


async def test_register_checks_input_before_sending_and_reports_the_server(app) -> None:
    transport = httpx.ASGITransport(app=app)

    with pytest.raises(InvalidWrite) as bad_handle:
        await register_on(BASE_URL, JOIN_CODE, "a b", city="lyon", transport=transport)
    with pytest.raises(Forbidden):
        await register_on(BASE_URL, "wrong-code", "ada", city="lyon", transport=transport)

    assert bad_handle.value.field == "handle"


@pytest.mark.parametrize("server_settings", [ServerSettings(write_burst=1e9, write_rate=1e9)])
async def test_older_history_pages_into_the_cache(register, engine_for: EngineFor) -> None:
    alice = await register("alice")
    total = SNAPSHOT_MESSAGES_PER_CHANNEL + 5
    for number in range(total):
        response = await alice.post("/v1/channels/all/messages", json={"body": f"n°{number}"})
        assert response.status_code == 201
    engine = engine_for(alice)
    await engine.sync_once()
    cached = len(thread(engine, "all", limit=None))

    page = await engine.load_older("all", limit=50)
    last = await engine.load_older("all", limit=50)

    assert cached == SNAPSHOT_MESSAGES_PER_CHANNEL
    assert (page.added, page.has_more) == (5, False)
    assert (last.added, last.has_more) == (0, False)
    everything = thread(engine, "all", limit=None)
    assert [m.body for m in everything[:2]] == ["n°0", "n°1"] and len(everything) == total
