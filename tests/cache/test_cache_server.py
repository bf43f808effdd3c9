"""The cache fed by the real server: a demo snapshot and a stream read back like the API answers.

The test plays the sync engine's part in a few lines: sync, apply, send the
outbox with its Idempotency-Key, and see the server's event confirm it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from nuittui.cache import LocalCache, Outbox
from nuittui.models import (
    ChannelPublic,
    ProgressReport,
    ProjectPublic,
    ScheduleItemPublic,
    SwapPublic,
    SyncBatch,
    UserPublic,
    utcnow,
)

server = pytest.importorskip("nuittui.server.app")
from nuittui.server.demo import demo_data  # noqa: E402
from nuittui.server.seed import seed_demo  # noqa: E402
from nuittui.server.store import Store  # noqa: E402

BASE_URL = "http://test"


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A participant's client on the real server seeded with the demo event."""
    data = demo_data(utcnow())
    store = Store.create(tmp_path / "city.db", event=data.event, join_code=data.join_code)
    try:
        seed_demo(store, data)
    finally:
        store.close()
    app = server.create_app(db_path=tmp_path / "city.db")
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as client,
    ):
        answer = await client.post(
            "/v1/auth/register",
            json={
                "join_code": data.join_code,
                "handle": "testeuse",
                "display_name": "Testeuse",
                "city": data.event.cities[0].id,
            },
        )
        assert answer.status_code == 201, answer.text
        client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
        yield client


async def sync(api: httpx.AsyncClient, cache: LocalCache) -> SyncBatch:
    params = {"timeout": 0} if cache.cursor() is None else {"since": cache.cursor(), "timeout": 0}
    answer = await api.get("/v1/sync", params=params)
    assert answer.status_code == 200, answer.text
    return SyncBatch.model_validate_json(answer.content)


async def listed(api: httpx.AsyncClient, path: str, model: type) -> list:
    answer = await api.get(path)
    assert answer.status_code == 200, answer.text
    return [model.model_validate(item) for item in answer.json()]


async def test_a_demo_snapshot_reads_back_like_the_api(api: httpx.AsyncClient, tmp_path: Path) -> None:
    cache = LocalCache(tmp_path / "data")

    result = cache.apply(await sync(api, cache))

    assert result.reset and cache.cursor() == result.cursor
    assert cache.event() is not None and len(cache.event().cities) == 7
    assert cache.users() == sorted(await listed(api, "/v1/users", UserPublic), key=lambda u: u.handle)
    assert cache.projects() == sorted(await listed(api, "/v1/projects", ProjectPublic), key=lambda p: p.id)
    assert cache.swaps() == await listed(api, "/v1/swaps", SwapPublic)
    assert cache.schedule() == await listed(api, "/v1/schedule", ScheduleItemPublic)
    served = await listed(api, "/v1/channels", ChannelPublic)
    assert cache.channels() == served
    report = ProgressReport.model_validate((await api.get("/v1/progress")).json())
    assert cache.city_progress() == report.cities
    busiest = max(served, key=lambda c: c.last_seq)
    page = (await api.get(f"/v1/channels/{busiest.id}/messages", params={"limit": 20})).json()
    assert [m.model_dump(mode="json") for m in cache.messages(busiest.id, limit=20)] == page["messages"]


async def test_an_outbox_write_is_confirmed_by_the_servers_event(
    api: httpx.AsyncClient, tmp_path: Path
) -> None:
    cache = LocalCache(tmp_path / "data")
    outbox = Outbox.in_folder(tmp_path / "data")
    cache.apply(await sync(api, cache))
    entry = outbox.enqueue(
        "message",
        "POST",
        "/v1/channels/all/messages",
        {"body": "Le wifi est revenu, je renvoie mon message"},
        order_key="all",
        summary="Message in #all",
    )
    assert [e.key for e in outbox.pending_messages("all")] == [entry.key]

    for _ in range(2):  # a retry after a lost answer must not post twice
        [due] = outbox.due()
        sent = await api.request(due.method, due.path, json=due.body, headers={"Idempotency-Key": due.key})
        assert sent.status_code == 201, sent.text
    result = cache.apply(await sync(api, cache))
    for key in result.confirmed_keys:
        outbox.mark_sent(key)

    assert entry.key in result.confirmed_keys
    assert outbox.pending_count() == 0
    bodies = [m.body for m in cache.messages("all")]
    assert bodies.count("Le wifi est revenu, je renvoie mon message") == 1
    assert bodies[-1] == "Le wifi est revenu, je renvoie mon message"
