"""What organizers do during the weekend, on the server: schedule changes that move each city's jury,
the event itself, hidden messages, suspensions that take effect at once, and the audit log."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from nuittui.models import (
    SUSPENDED_PROBLEM,
    EventPublic,
    ScheduleItemPublic,
    SyncBatch,
    SyncEvent,
    apply_events,
)
from nuittui.server.app import create_app
from nuittui.server.settings import ServerSettings

from .conftest import UserClient
from .helpers import assert_problem
from .orgworld import OrgWorld


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def _events_since(client: httpx.AsyncClient, cursor: int) -> tuple[list[dict[str, object]], int]:
    answer = (await client.get("/v1/sync", params={"since": cursor, "timeout": 0})).json()
    return answer["events"], answer["cursor"]


async def _jury(world: OrgWorld) -> dict[str, datetime]:
    event = EventPublic.model_validate((await world.api.get("/v1/event")).json())
    return {city: event.jury_for(city) for city in ("lyon", "toulouse", "rennes")}


# ---- the schedule and each city's jury -------------------------------------------------------


async def test_each_city_counts_down_to_its_own_jury_slot(org_world: OrgWorld) -> None:
    # lyon and rennes have their own slot; toulouse has none and no global one: the event's jury_at.
    assert await _jury(org_world) == {
        "lyon": _at("2017-03-05T14:00:00+00:00"),
        "toulouse": _at("2017-03-05T13:00:00+00:00"),
        "rennes": _at("2017-03-05T15:00:00+00:00"),
    }


async def test_moving_a_jury_slot_moves_that_citys_countdown_and_says_so_in_the_stream(
    org_world: OrgWorld,
) -> None:
    chef, item = org_world.as_("chef"), org_world.ids["jury_lyon"]
    cursor = await org_world.cursor()
    start = (await chef.get("/v1/sync")).json()  # a snapshot to replay the stream on

    moved = await org_world.as_("orga_lyon").patch(
        f"/v1/schedule/{item}", json={"starts_at": "2017-03-05T14:30:00Z", "ends_at": "2017-03-05T16:30:00Z"}
    )
    events, _ = await _events_since(chef, cursor)

    assert moved.status_code == 200, moved.text
    body = ScheduleItemPublic.model_validate(moved.json())
    assert body.previous_starts_at == _at("2017-03-05T14:00:00+00:00")
    assert body.previous_ends_at == _at("2017-03-05T16:00:00+00:00")
    assert body.changed_fields == ["starts_at", "ends_at"] and body.changed_at is not None
    assert [e["type"] for e in events] == ["schedule.upsert", "event.upsert"]
    event = EventPublic.model_validate(events[1]["data"])
    assert event.jury_at_by_city["lyon"] == _at("2017-03-05T14:30:00+00:00")
    assert event.jury_at_by_city["rennes"] == _at("2017-03-05T15:00:00+00:00")
    fresh = SyncBatch.model_validate((await chef.get("/v1/sync")).json())
    before = SyncBatch.model_validate(start).snapshot
    assert before is not None and fresh.snapshot is not None
    replayed = apply_events(before, [SyncEvent.model_validate(e) for e in events])
    assert replayed.model_dump() == fresh.snapshot.model_dump()


async def test_a_second_move_keeps_the_start_it_moved_from_and_a_room_change_keeps_the_move(
    org_world: OrgWorld,
) -> None:
    lyon, item = org_world.as_("orga_lyon"), org_world.ids["jury_lyon"]

    await lyon.patch(f"/v1/schedule/{item}", json={"starts_at": "2017-03-05T14:30:00Z"})
    second = (await lyon.patch(f"/v1/schedule/{item}", json={"starts_at": "2017-03-05T15:00:00Z"})).json()
    room = (await lyon.patch(f"/v1/schedule/{item}", json={"room": "Amphi B"})).json()
    cursor = await org_world.cursor()
    same = await lyon.patch(f"/v1/schedule/{item}", json={"room": "Amphi B"})

    assert second["previous_starts_at"] == "2017-03-05T14:30:00Z" and second["changed_fields"] == [
        "starts_at"
    ]
    assert room["changed_fields"] == ["room"] and room["previous_starts_at"] == "2017-03-05T14:30:00Z"
    assert room["starts_at"] == "2017-03-05T15:00:00Z"
    assert same.json() == room and await org_world.cursor() == cursor, "nothing changed: no event"


async def test_a_cancelled_jury_slot_no_longer_counts_and_a_global_one_takes_over(
    org_world: OrgWorld,
) -> None:
    chef = org_world.as_("chef")
    cursor = await org_world.cursor()

    cancelled = await org_world.as_("orga_lyon").patch(
        f"/v1/schedule/{org_world.ids['jury_lyon']}", json={"cancelled": True}
    )
    without = await _jury(org_world)
    everywhere = await chef.post(
        "/v1/schedule",
        json={
            "title": "Jury",
            "kind": "Jury",
            "starts_at": "2017-03-05T13:30:00Z",
            "ends_at": "2017-03-05T16:00:00Z",
        },
    )
    with_global = await _jury(org_world)
    listed = (await chef.get("/v1/schedule", params={"city": "lyon"})).json()
    events, _ = await _events_since(chef, cursor)

    assert cancelled.json()["cancelled"] is True and cancelled.json()["changed_fields"] == ["cancelled"]
    assert without["lyon"] == _at("2017-03-05T13:00:00+00:00")  # the event's own jury_at
    assert everywhere.status_code == 201 and everywhere.json()["kind"] == "jury"
    assert with_global == {
        "lyon": _at("2017-03-05T13:30:00+00:00"),
        "toulouse": _at("2017-03-05T13:30:00+00:00"),
        "rennes": _at("2017-03-05T15:00:00+00:00"),  # its own slot wins
    }
    assert any(i["id"] == org_world.ids["jury_lyon"] and i["cancelled"] for i in listed), "still listed"
    assert [e["type"] for e in events] == [
        "schedule.upsert",
        "event.upsert",
        "schedule.upsert",
        "event.upsert",
    ]


async def test_items_that_do_not_touch_the_jury_send_no_event_upsert(org_world: OrgWorld) -> None:
    cursor = await org_world.cursor()

    await org_world.as_("chef").patch(
        f"/v1/schedule/{org_world.ids['meal']}", json={"starts_at": "2017-03-04T19:30:00Z"}
    )
    await org_world.as_("chef").delete(f"/v1/schedule/{org_world.ids['meal']}")
    events, _ = await _events_since(org_world.as_("chef"), cursor)

    assert [e["type"] for e in events] == ["schedule.upsert", "schedule.delete"]


async def test_deleting_a_jury_slot_moves_the_countdown_back(org_world: OrgWorld) -> None:
    deleted = await org_world.as_("orga_rennes").delete(f"/v1/schedule/{org_world.ids['jury_rennes']}")

    assert deleted.status_code == 204
    assert (await _jury(org_world))["rennes"] == _at("2017-03-05T13:00:00+00:00")


# ---- the event ---------------------------------------------------------------------------------


async def test_the_event_changes_for_event_organizers_with_its_dates_checked(org_world: OrgWorld) -> None:
    chef = org_world.as_("chef")
    cursor = await org_world.cursor()

    renamed = await chef.patch(
        "/v1/event",
        json={"name": "Nuit 2017", "timezone": "Europe/Brussels", "jury_at": "2017-03-05T12:00:00Z"},
    )
    ends_first = await chef.patch("/v1/event", json={"ends_at": "2017-03-04T07:00:00Z"})
    jury_outside = await chef.patch("/v1/event", json={"jury_at": "2017-03-06T12:00:00Z"})
    both = await chef.patch(
        "/v1/event", json={"starts_at": "2017-03-06T08:00:00Z", "jury_at": "2017-03-07T00:00:00Z"}
    )
    events, _ = await _events_since(chef, cursor)

    assert renamed.status_code == 200, renamed.text
    event = EventPublic.model_validate(renamed.json())
    assert (event.name, event.timezone) == ("Nuit 2017", "Europe/Brussels")
    assert event.jury_for("toulouse") == _at("2017-03-05T12:00:00+00:00"), (
        "toulouse follows the event's jury_at"
    )
    assert event.jury_for("lyon") == _at("2017-03-05T14:00:00+00:00"), "lyon keeps its slot"
    assert [e["type"] for e in events] == ["event.upsert"]
    assert EventPublic.model_validate(events[0]["data"]) == event
    assert {e["loc"][1] for e in assert_problem(ends_first, 422).errors or []} == {"ends_at", "jury_at"}
    assert [e["loc"] for e in assert_problem(jury_outside, 422).errors or []] == [["body", "jury_at"]]
    assert {e["loc"][1] for e in assert_problem(both, 422).errors or []} == {"ends_at", "jury_at"}
    assert (await org_world.api.get("/v1/event")).json()["name"] == "Nuit 2017"


# ---- hidden messages ---------------------------------------------------------------------------


async def test_a_hidden_message_loses_its_text_on_the_server_and_everyone_gets_the_hidden_copy(
    org_world: OrgWorld,
) -> None:
    chef, message_id = org_world.as_("chef"), org_world.ids["message_alice"]
    original = (await chef.get("/v1/channels/city:lyon/messages")).json()["messages"][-1]
    cursor = await org_world.cursor()

    hidden = await org_world.as_("orga_lyon").post(f"/v1/messages/{message_id}/hide", json={"reason": "pub"})
    again = await chef.post(f"/v1/messages/{message_id}/hide")
    events, _ = await _events_since(chef, cursor)
    page = (await chef.get("/v1/channels/city:lyon/messages")).json()["messages"]
    snapshot = (await chef.get("/v1/sync")).json()["snapshot"]["messages"]

    assert hidden.status_code == 200 and again.status_code == 200 and again.json() == hidden.json()
    expected = original | {"body": "", "hidden": True}
    assert hidden.json() == expected and page[-1] == expected
    assert [m for m in snapshot if m["id"] == message_id] == [expected]
    assert [(e["type"], e["data"]) for e in events] == [("message.create", expected)], (
        "hidden once, one event"
    )
    assert original["seq"] == expected["seq"] and events[0]["seq"] > original["seq"]
    db = org_world.app.state.store.engine.url.database
    with sqlite3.connect(db) as conn:
        bodies = [row[0] for row in conn.execute("SELECT body FROM messages WHERE id = ?", (message_id,))]
    assert bodies == [""], "the server no longer has the text"


async def test_the_authors_city_organizers_may_hide_what_they_wrote_elsewhere(org_world: OrgWorld) -> None:
    posted = await org_world.as_("bob").post(
        "/v1/channels/city:lyon/messages", json={"body": "spam de Rennes"}
    )
    message_id = posted.json()["id"]

    by_rennes = await org_world.as_("orga_rennes").post(f"/v1/messages/{message_id}/hide")
    in_rennes = await org_world.as_("orga_lyon").post(f"/v1/messages/{org_world.ids['message_bob']}/hide")

    assert by_rennes.status_code == 200 and by_rennes.json()["hidden"] is True
    problem = assert_problem(in_rennes, 403)
    assert "rennes" in problem.detail


# ---- suspensions and tokens take effect at once --------------------------------------------------


async def test_suspended_means_every_token_of_theirs_at_the_next_request(org_world: OrgWorld) -> None:
    dan = org_world.as_("dan")
    second_laptop = await _second_token(org_world, "dan")
    for client in (dan, second_laptop):
        assert (await client.get("/v1/me")).status_code == 200  # both cached now

    await org_world.as_("orga_lyon").post("/v1/users/dan/suspend", json={"reason": "insultes"})
    refused = [
        await dan.get("/v1/me"),
        await second_laptop.get("/v1/sync", params={"since": 1, "timeout": 0}),
        await second_laptop.post("/v1/channels/all/messages", json={"body": "je suis encore là"}),
    ]
    user = (await org_world.as_("carol").get("/v1/users/dan")).json()
    await org_world.as_("chef").post("/v1/users/dan/unsuspend")
    back = await dan.get("/v1/me")

    for answer in refused:
        assert answer.status_code == 403 and answer.json()["type"] == SUSPENDED_PROBLEM
        assert "suspended" in answer.json()["detail"]
    assert user["suspended"] is True
    assert back.status_code == 200 and back.json()["suspended"] is False


async def _second_token(world: OrgWorld, handle: str) -> UserClient:
    """Another token of ``handle`` (a second laptop), from a recovery code that keeps the first."""
    code = (await world.as_("chef").post(f"/v1/users/{handle}/recovery", json={})).json()["code"]
    answer = (await world.api.post("/v1/auth/recover", json={"handle": handle, "code": code})).json()
    client = UserClient(app=world.app, token=answer["token"], user=world.as_(handle).user)
    world._extra.append(client)
    return client


async def test_organizers_are_not_suspended_and_participants_of_other_cities_neither(
    org_world: OrgWorld,
) -> None:
    organizer = await org_world.as_("chef").post("/v1/users/orga_lyon/suspend")
    other_city = await org_world.as_("orga_rennes").post("/v1/users/dan/suspend")

    assert "organizer remove" in assert_problem(organizer, 403).detail
    assert assert_problem(other_city, 403).detail.startswith("you organize rennes, not lyon")


def _delete_token(db: Path | str, handle: str) -> None:
    """What an administrator does by hand: delete someone's token rows in the database."""
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM tokens WHERE user_id = (SELECT id FROM users WHERE handle = ?)", (handle,))


async def test_a_token_deleted_by_hand_stops_working_without_a_restart(org_world: OrgWorld) -> None:
    carol = org_world.as_("carol")
    assert (await carol.get("/v1/me")).status_code == 200  # cached

    _delete_token(org_world.app.state.store.engine.url.database, "carol")
    write = await carol.post("/v1/channels/all/messages", json={"body": "encore ?"})
    read = await _eventually_refused(carol)  # once the commit watcher has seen the other connection

    assert_problem(write, 401)  # a write checks its token in its own transaction, cache or not
    assert_problem(read, 401)


class TestTwoWorkers:
    """Two server processes on one database (workers), each with its own cache and commit watcher."""

    @pytest.fixture
    def server_settings(self) -> ServerSettings:
        return ServerSettings(external_poll_seconds=0.05)

    async def test_a_suspension_through_one_worker_is_refused_by_the_other(
        self, org_world: OrgWorld, server_settings: ServerSettings
    ) -> None:
        db = org_world.app.state.store.engine.url.database
        other = create_app(db_path=db, settings=server_settings)
        async with other.router.lifespan_context(other):
            dan = UserClient(app=other, token=org_world.as_("dan").token, user=org_world.as_("dan").user)
            async with dan:
                assert (await dan.get("/v1/me")).status_code == 200  # cached by the other worker

                await org_world.as_("orga_lyon").post("/v1/users/dan/suspend")
                write = await dan.post("/v1/channels/all/messages", json={"body": "via l'autre"})
                read = await _eventually_refused(dan)

        assert write.status_code == 403 and write.json()["type"] == SUSPENDED_PROBLEM
        assert read.status_code == 403 and read.json()["type"] == SUSPENDED_PROBLEM


async def _eventually_refused(client: httpx.AsyncClient) -> httpx.Response:
    """The other worker's reads refuse once its watcher has seen the commit (no restart)."""
    for _ in range(200):
        answer = await client.get("/v1/me")
        if answer.status_code != 200:
            return answer
        await asyncio.sleep(0.05)
    raise AssertionError("the other worker never noticed the suspension")


# ---- the stream stays the reference --------------------------------------------------------------


async def test_the_organizers_actions_replay_onto_a_snapshot_as_the_next_snapshot(
    org_world: OrgWorld,
) -> None:
    chef, lyon = org_world.as_("chef"), org_world.as_("orga_lyon")
    start = SyncBatch.model_validate((await chef.get("/v1/sync")).json())

    await lyon.post(f"/v1/messages/{org_world.ids['message_alice']}/hide")
    await lyon.post("/v1/users/dan/suspend")
    await lyon.post(f"/v1/projects/{org_world.ids['project_lyon']}/members/alice/remove")
    await lyon.patch(f"/v1/schedule/{org_world.ids['jury_lyon']}", json={"cancelled": True})
    await chef.patch("/v1/event", json={"jury_at": "2017-03-05T12:30:00Z", "name": "Nuit 2017"})
    await lyon.post("/v1/channels/city:lyon/messages", json={"body": "Jury annulé", "announcement": True})
    await chef.post("/v1/users/sam/unsuspend")
    events, _ = await _events_since(chef, start.cursor)
    fresh = SyncBatch.model_validate((await chef.get("/v1/sync")).json())

    assert start.snapshot is not None and fresh.snapshot is not None
    replayed = apply_events(start.snapshot, [SyncEvent.model_validate(e) for e in events])
    assert replayed.model_dump() == fresh.snapshot.model_dump()
    assert fresh.snapshot.event.jury_for("lyon") == _at("2017-03-05T12:30:00+00:00")


# ---- the audit log -----------------------------------------------------------------------------


async def test_a_city_organizer_reads_their_citys_log_only(org_world: OrgWorld) -> None:
    await org_world.as_("orga_lyon").post("/v1/users/dan/suspend", json={"reason": "spam"})
    await org_world.as_("orga_rennes").post(f"/v1/messages/{org_world.ids['message_bob']}/hide")

    lyon = (await org_world.as_("orga_lyon").get("/v1/audit")).json()
    everything = (await org_world.as_("chef").get("/v1/audit")).json()
    other = await org_world.as_("orga_lyon").get("/v1/audit", params={"city": "rennes"})

    assert {e["city"] for e in lyon} == {"lyon"}
    assert (lyon[0]["actor"], lyon[0]["action"], lyon[0]["target"], lyon[0]["detail"]) == (
        "orga_lyon",
        "user.suspend",
        "user dan",
        "spam",
    )
    assert {e["city"] for e in everything} >= {"lyon", "rennes", "toulouse", None}
    assert [e["action"] for e in everything[:2]] == ["message.hide", "user.suspend"]
    assert_problem(other, 403)
