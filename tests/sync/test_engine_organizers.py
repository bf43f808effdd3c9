"""What organizers do reaches every other client through sync, on real files: an announcement, a
hidden message (its text gone from every cache file), a moved jury slot, a suspension (the suspended
client's queued writes refused for good), and a recovered account on a second laptop."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
from fastapi import FastAPI

from nuittui.cache import LocalCache
from nuittui.models import EventPublic
from nuittui.readmodel.schedule import now_next_view, schedule_lines
from nuittui.server.accounts import add_organizer
from nuittui.server.store import Store
from nuittui.sync import SyncEngine

from .conftest import BASE_URL, EngineFor, UserClient, eventually, thread


def _organizer(app: FastAPI, store: Store, handle: str, city: str, *, event_wide: bool = False) -> UserClient:
    token, user = add_organizer(store, handle, city=city, event_wide=event_wide)
    return UserClient(app=app, token=token, user=user)


def _files_holding(folder: Path, text: str) -> list[Path]:
    needles = [text.encode(), text.encode("unicode_escape")]
    return [p for p in folder.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)]


def _cached_event(engine: SyncEngine) -> EventPublic | None:
    row = engine.rows().event_row()
    return None if row is None else EventPublic.model_validate(row)


async def test_an_announcement_to_a_city_and_one_to_everyone_reach_the_other_client(
    app: FastAPI, store: Store, register, engine_for: EngineFor
) -> None:
    alice = await register("alice", city="lyon")
    engine = engine_for(alice)
    await engine.start()
    lyon, chef = (
        _organizer(app, store, "lea", "lyon"),
        _organizer(app, store, "chef", "rennes", event_wide=True),
    )
    async with lyon, chef:
        city = await lyon.post(
            "/v1/channels/city:lyon/messages", json={"body": "Pizzas en salle 2", "announcement": True}
        )
        everyone = await chef.post(
            "/v1/channels/all/messages", json={"body": "Jury à 14 h", "announcement": True}
        )

        await eventually(lambda: bool(thread(engine, "city:lyon")) and bool(thread(engine, "all")))

    assert city.status_code == everyone.status_code == 201
    [in_lyon] = thread(engine, "city:lyon")
    [in_all] = thread(engine, "all")
    assert (in_lyon.author, in_lyon.body, in_lyon.announcement) == ("lea", "Pizzas en salle 2", True)
    assert (in_all.author, in_all.body, in_all.announcement) == ("chef", "Jury à 14 h", True)


async def test_a_hidden_message_leaves_no_trace_in_the_other_clients_caches(
    app: FastAPI, store: Store, register, engine_for: EngineFor, tmp_path: Path
) -> None:
    alice, bob, troll = await register("alice"), await register("bob", city="rennes"), await register("troll")
    readers = [engine_for(alice, tmp_path / "alice"), engine_for(bob, tmp_path / "bob")]
    for engine in readers:
        await engine.start()
    secret = "voici l'adresse perso de Camille : 12 rue des Lilas"
    posted = await troll.post("/v1/channels/city:lyon/messages", json={"body": secret})
    message_id = posted.json()["id"]
    for engine in readers:
        await eventually(lambda e=engine: [m.body for m in thread(e, "city:lyon")] == [secret])
    assert _files_holding(tmp_path / "alice", secret) and _files_holding(tmp_path / "bob", secret)

    organizer = _organizer(app, store, "lea", "lyon")
    async with organizer:
        hidden = await organizer.post(f"/v1/messages/{message_id}/hide", json={"reason": "données perso"})
    for engine in readers:
        await eventually(
            lambda e=engine: [(m.body, m.hidden) for m in thread(e, "city:lyon")] == [("", True)]
        )

    assert hidden.status_code == 200
    for folder in (tmp_path / "alice", tmp_path / "bob"):
        [shown] = LocalCache(folder).messages("city:lyon")  # as stored on disk
        assert (shown.id, shown.hidden, shown.author) == (message_id, True, "troll")
        assert _files_holding(folder, secret) == [], "no cache file still holds the text"


async def test_a_moved_jury_slot_moves_that_citys_jury_time_in_the_other_clients_cache(
    app: FastAPI, store: Store, register, engine_for: EngineFor
) -> None:
    alice = await register("alice")
    engine = engine_for(alice)
    await engine.start()
    organizer = _organizer(app, store, "lea", "lyon")
    async with organizer:
        slot = await organizer.post(
            "/v1/schedule",
            json={
                "title": "Jury",
                "kind": "jury",
                "city": "lyon",
                "starts_at": "2017-03-05T14:00:00Z",
                "ends_at": "2017-03-05T16:00:00Z",
            },
        )
        await eventually(lambda: _jury(engine, "lyon") == "2017-03-05T14:00:00+00:00")
        moved = await organizer.patch(
            f"/v1/schedule/{slot.json()['id']}", json={"starts_at": "2017-03-05T14:30:00Z"}
        )
        await eventually(lambda: _jury(engine, "lyon") == "2017-03-05T14:30:00+00:00")

    assert moved.status_code == 200
    assert _jury(engine, "rennes") == "2017-03-05T13:00:00+00:00", "the other cities keep theirs"
    moved_to = datetime.fromisoformat("2017-03-05T14:30:00+00:00")
    now_next = now_next_view(engine.rows(), engine.handle, engine.unconfirmed(), datetime.now(UTC))
    assert now_next.jury_at == moved_to, "schedule --now and the status line follow it"
    assert engine.home_view().jury_at == moved_to, "so does Home's countdown"
    [item] = schedule_lines(engine.rows().table_rows("schedule").values(), city="lyon")
    assert item.previous_starts_at is not None and item.previous_starts_at.hour == 14
    assert item.previous_starts_at.minute == 0 and item.changed_fields == ("starts_at",)


def _jury(engine: SyncEngine, city: str) -> str | None:
    event = _cached_event(engine)
    return None if event is None else event.jury_for(city).isoformat()


async def test_a_suspension_reaches_everyone_and_the_suspended_clients_queue_is_refused_for_good(
    app: FastAPI, store: Store, register, engine_for: EngineFor
) -> None:
    alice, bob = await register("alice"), await register("bob")
    watcher, suspended = engine_for(alice), engine_for(bob)
    await watcher.start()
    await suspended.sync_once()
    entry = await suspended.send_message("all", "je vais encore insulter tout le monde")  # queued, not sent

    organizer = _organizer(app, store, "lea", "lyon")
    async with organizer:
        answer = await organizer.post("/v1/users/bob/suspend", json={"reason": "insultes"})
    await eventually(lambda: watcher.rows().table_rows("users").get("bob", {}).get("suspended") is True)
    await suspended.start()
    await eventually(lambda: suspended.write_status(entry.key).state == "dead")
    await eventually(lambda: suspended.state.status == "offline")

    assert answer.status_code == 200
    [dead] = suspended.dead_letters()
    assert dead.key == entry.key and "suspended" in (dead.dead_reason or "")
    assert suspended.queued() == [], "not retried forever"
    assert "suspended" in (suspended.state.last_error or "")
    everyone = (await alice.get("/v1/channels/all/messages")).json()["messages"]
    assert everyone == [], "nothing of bob's reached the server"


async def test_a_participant_recovers_their_account_on_a_second_laptop(
    app: FastAPI, store: Store, register, engine_for: EngineFor, tmp_path: Path
) -> None:
    alice, carol = await register("alice"), await register("carol")
    watcher, first_laptop = engine_for(alice), engine_for(carol, tmp_path / "laptop-1")
    await watcher.start()
    await first_laptop.sync_once()
    organizer = _organizer(app, store, "lea", "lyon")
    async with organizer, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as api:
        code = (await organizer.post("/v1/users/carol/recovery", json={})).json()["code"]
        redeemed = await api.post("/v1/auth/recover", json={"handle": "carol", "code": code})
        second = UserClient(app=app, token=redeemed.json()["token"], user=carol.user)
        second_laptop = engine_for(second, tmp_path / "laptop-2")
        await second_laptop.sync_once()
        await second_laptop.send_message("city:lyon", "me revoilà, nouvel ordi")
        await second_laptop.sync_once()
        await eventually(
            lambda: [m.body for m in thread(watcher, "city:lyon")] == ["me revoilà, nouvel ordi"]
        )
        still = await first_laptop.sync_once()

        # The laptop was stolen after all: a new code that revokes every token at once.
        lost = await organizer.post("/v1/users/carol/recovery", json={"revoke_tokens": True})
        queued = await first_laptop.send_message("all", "écrit sur le portable volé")
        await first_laptop.drain()
        refused = await second.get("/v1/me")
        third = await api.post("/v1/auth/recover", json={"handle": "carol", "code": lost.json()["code"]})

    assert redeemed.status_code == 201 and redeemed.json()["user"]["handle"] == "carol"
    assert still.cursor is not None, "the first laptop kept working"
    assert lost.json()["revoked_tokens"] == 2
    assert refused.status_code == 401
    assert first_laptop.write_status(queued.key).state == "queued", "a 401 keeps the write for a new login"
    assert third.status_code == 201
