"""What the app shows around a write: pending first, then the server's copy, never both."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from nuittui.models import SwapCreate
from nuittui.readmodel.board import BoardFilters
from nuittui.readmodel.projects import project_detail
from nuittui.readmodel.rows import me_row
from nuittui.readmodel.schedule import now_next_view
from nuittui.readmodel.threads import ChannelLine, channel_lines
from nuittui.sync import Changed, InvalidWrite, SyncEngine

from .conftest import EngineFor, board, eventually, thread


class GatedPosts(httpx.AsyncBaseTransport):
    """The real transport; every POST waits at the door until ``open`` is set.

    The running engine's drain may pick a write up the moment it is on disk, before the
    call that queued it has even returned: a test that wants to see the pending copy holds
    the delivery here instead of hoping to look first.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.open = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            await self.open.wait()
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def channel_line(engine: SyncEngine, channel: str) -> ChannelLine:
    """The channel as the chat's list shows it, with its unread count and mentions of me."""
    lines = channel_lines(engine.rows(), engine.handle, engine.unconfirmed(), engine.read_markers())
    return next(line for line in lines if line.channel.id == channel)


async def test_a_message_is_pending_then_confirmed_once(app, register, engine_for: EngineFor) -> None:
    alice = await register("alice")
    gate = GatedPosts(httpx.ASGITransport(app=app))
    engine = engine_for(alice, transport=gate)
    shown: list[list[tuple[str, bool]]] = []

    def look(_change: Changed) -> None:
        shown.append([(m.body, m.pending) for m in thread(engine, "all")])

    engine.subscribe(look)
    await engine.start()

    entry = await engine.send_message("all", "Bonsoir Lyon !")
    pending = thread(engine, "all")
    gate.open.set()
    await eventually(lambda: [m.pending for m in thread(engine, "all")] == [False])

    assert [(m.body, m.pending, m.key) for m in pending] == [("Bonsoir Lyon !", True, f"out:{entry.key}")]
    assert all(len(view) <= 1 for view in shown), shown  # never the pending and the server's copy at once
    confirmed = thread(engine, "all")
    assert [(m.body, m.author, m.key.startswith("msg:")) for m in confirmed] == [
        ("Bonsoir Lyon !", "alice", True)
    ]
    assert engine.queued() == []
    await eventually(lambda: engine.state.queued == 0)  # the count follows the outbox, off the loop
    server_copy = (await alice.get("/v1/channels/all/messages")).json()["messages"]
    assert [m["body"] for m in server_copy] == ["Bonsoir Lyon !"]


async def test_a_swap_shows_as_pending_until_the_server_has_it(register, engine_for: EngineFor) -> None:
    alice = await register("alice")
    engine = engine_for(alice)
    await engine.sync_once()

    entry = await engine.post_swap(SwapCreate(title="pytest ne trouve pas mes fixtures", tags=["Python"]))
    before = board(engine)
    mine_pending = before.pending_shown(BoardFilters(status="pending", author="alice"))
    await engine.sync_once()

    assert before.swaps == () and len(before.pending) == 1  # pending apart, never a server swap
    assert before.pending[0].title == "pytest ne trouve pas mes fixtures"
    assert before.pending[0].tags == ("python",)
    assert [p.key for p in mine_pending] == [entry.key]
    after = board(engine)
    assert after.pending == () and len(after.swaps) == 1
    assert (after.swaps[0].title, after.swaps[0].author, after.swaps[0].city) == (
        "pytest ne trouve pas mes fixtures",
        "alice",
        "lyon",
    )


async def test_invalid_writes_fail_at_once_and_queue_nothing(register, engine_for: EngineFor) -> None:
    alice = await register("alice")
    engine = engine_for(alice)

    with pytest.raises(InvalidWrite) as too_long:
        await engine.post_swap({"title": "x" * 200})
    with pytest.raises(InvalidWrite) as bad_channel:
        await engine.send_message("général", "salut")
    with pytest.raises(InvalidWrite) as empty:
        await engine.send_message("all", "\n")
    with pytest.raises(InvalidWrite):
        await engine.claim(0)

    assert too_long.value.field == "title" and "120" in str(too_long.value)
    assert "channel" in str(bad_channel.value)
    assert empty.value.field == "body"
    assert engine.queued() == [] and engine.state.queued == 0


async def test_my_pending_profile_update_shows_before_it_is_sent(register, engine_for: EngineFor) -> None:
    alice = await register("alice", display_name="Alice")
    engine = engine_for(alice)
    await engine.sync_once(drain=False)

    await engine.update_me({"display_name": "Alice L.", "skills": ["rust"]})
    shown = me_row(engine.rows(), engine.handle, engine.unconfirmed())
    await engine.sync_once()

    assert shown is not None and (shown["display_name"], shown["skills"]) == ("Alice L.", ["rust"])
    assert (await alice.get("/v1/me")).json()["display_name"] == "Alice L."
    assert engine.queued() == []


async def test_unread_mentions_and_read_markers(register, engine_for: EngineFor, tmp_path) -> None:
    alice = await register("alice")
    bob = await register("bob", city="rennes")
    for body in (
        "@alice tu as une minute ?",
        "bonne nuit tout le monde",
        "mail@alice.fr n'est pas une mention",
    ):
        assert (await bob.post("/v1/channels/all/messages", json={"body": body})).status_code == 201
    engine = engine_for(alice, folder=tmp_path / "alice")
    await engine.sync_once()

    before = channel_line(engine, "all")
    engine.mark_read("all")
    after = channel_line(engine, "all")
    again = engine_for(alice, folder=tmp_path / "alice")  # another process of the same profile

    assert (before.unread, before.mentions) == (3, 1)
    assert (after.unread, after.mentions) == (0, 0)
    assert channel_line(again, "all").unread == 0


async def test_now_next_and_the_jury_countdown(register, organizer, engine_for: EngineFor) -> None:
    now = datetime(2017, 3, 4, 20, 0, tzinfo=UTC)
    items = [
        ("Dîner", now - timedelta(minutes=30), now + timedelta(minutes=30), None),
        ("Point d'étape Lyon", now + timedelta(hours=1), now + timedelta(hours=2), "lyon"),
        ("Point d'étape Rennes", now + timedelta(minutes=40), now + timedelta(hours=2), "rennes"),
    ]
    for title, start, end, city in items:
        body = {"title": title, "starts_at": start.isoformat(), "ends_at": end.isoformat(), "city": city}
        assert (await organizer.post("/v1/schedule", json=body)).status_code == 201
    alice = await register("alice")
    engine = engine_for(alice)
    await engine.sync_once()

    view = now_next_view(engine.rows(), engine.handle, engine.unconfirmed(), now)

    assert [i.title for i in view.now] == ["Dîner"]
    assert view.next is not None and view.next.title == "Point d'étape Lyon"
    assert view.city == "lyon" and view.zone == "Europe/Paris"
    assert view.until_jury == datetime(2017, 3, 5, 13, 0, tzinfo=UTC) - now


async def test_joining_a_team_then_posting_progress_go_out_in_order(
    register, project, engine_for: EngineFor
) -> None:
    alice = await register("alice")
    engine = engine_for(alice)
    await engine.sync_once()

    await engine.join_team(project.id)
    await engine.post_progress(project.id, {"text": "Maquette prête", "stage": "building"})
    summary = await engine.drain()  # one pass: the join first, then the update behind it
    await engine.sync_once(drain=False)

    assert (summary.sent, summary.dead) == (2, 0)
    team = project_detail(engine.rows(), engine.handle, engine.unconfirmed(), project.id)
    assert team is not None and [m.handle for m in team.members] == ["alice"] and team.member
    assert [(u.text, u.stage) for u in team.progress] == [("Maquette prête", "building")]
    assert team.pending_progress == ()
    me = me_row(engine.rows(), engine.handle, engine.unconfirmed())
    assert me is not None and me["team"] == project.id
