"""The whole demo (``run_demo``) with the simulated participants at high speed, seen through the API."""

from __future__ import annotations

import asyncio
from pathlib import Path

from nuittui.client import CityClient
from nuittui.demo import run_demo
from nuittui.models import SwapCreate, SwapPublic, SwapStatus, SyncEvent

from .conftest import port_is_closed

WAIT = 60.0
"""A failure bound: at speed 50 the first claim comes within a second, and actions every 0.1–0.2 s
(a busy machine stretches that; the test goes on as soon as all of it was seen)."""


def _swap(event: SyncEvent) -> SwapPublic | None:
    return SwapPublic.model_validate(event.data) if event.type == "swap.upsert" else None


async def test_the_other_cities_come_alive_and_help_with_my_swap(seeded_sandbox: Path) -> None:
    async with run_demo(speed=50, seed=7) as demo:
        assert demo.profile_name == "demo"
        async with CityClient(base_url=demo.url, token=demo.profile.token) as client:
            cities = {u.handle: u.city for u in await client.users()}
            cursor = (await client.sync(None)).cursor
            mine = await client.create_swap(SwapCreate(title="Mon import plante", tags=["python"]))

            seen: list[SyncEvent] = []
            helper: str | None = None

            def done() -> bool:
                chats = [e for e in seen if e.type == "message.create" and e.data["author"] != "moi"]
                channels = {e.data["channel"].partition(":")[0] for e in chats}
                progress = any(e.type == "progress.create" for e in seen)
                helped = any(e.data["channel"] == mine.channel and e.data["author"] == helper for e in chats)
                return {"all", "city", "team"} <= channels and progress and helped

            async with asyncio.timeout(WAIT):
                while not done():
                    batch = await client.sync(cursor, timeout=5)
                    cursor = batch.cursor
                    seen.extend(batch.events)
                    for event in batch.events:
                        swap = _swap(event)
                        if swap is not None and swap.id == mine.id and swap.claimed_by:
                            helper = swap.claimed_by

            assert helper is not None
            assert cities[helper] != "lyon", "help comes from another city"
            claimed = await client.swaps(status=SwapStatus.CLAIMED)
            helpers = [s.claimed_by for s in claimed]
            assert len(helpers) == len(set(helpers)), "nobody helps on two swaps at once"
        assert demo.simulator is not None and demo.simulator.running
    assert not demo.simulator.running
    assert port_is_closed(demo.server.port)
