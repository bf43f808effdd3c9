"""Organizer mode projected from a real cache: who organizes what, and what each scope may act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from nuittui.cache import LocalCache, Outbox
from nuittui.cache.folder import CacheFolder
from nuittui.models import EventType, OrganizerScope, Role, UserPublic
from nuittui.readmodel.organizer import (
    OrganizerView,
    OrgCity,
    is_organizer,
    organizer_view,
    schedule_item,
    scope_city,
)
from tests.cache.cache_builders import CITIES, Stream, event, reset_batch, user
from tests.cache.cache_builders import schedule_item as item


def organizer(handle: str, city: str, scope: OrganizerScope | None) -> UserPublic:
    return user(handle, city, role=Role.ORGANIZER).model_copy(update={"organizer_scope": scope})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The snapshot's cache (20 participants of four cities, ``orga-lyon`` from a server before 0.2,
    items 1–4 with 3 in Lyon) plus ``lea`` who organizes Lyon only, ``chef`` who organizes every city,
    a suspended ``troll`` of Lyon, a cancelled Lyon item and a Paris one."""
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    cancelled = item(60, "Atelier annulé", 3, city="lyon").model_copy(update={"cancelled": True})
    cache.apply(
        stream.batch(
            [
                stream.upsert(EventType.USER, organizer("lea", "lyon", OrganizerScope.CITY)),
                stream.upsert(EventType.USER, organizer("chef", "paris", OrganizerScope.EVENT)),
                stream.upsert(EventType.USER, user("troll", "lyon").model_copy(update={"suspended": True})),
                stream.upsert(EventType.SCHEDULE, cancelled),
                stream.upsert(EventType.SCHEDULE, item(61, "Atelier Paris", 4, city="paris")),
            ]
        )
    )
    return tmp_path


def test_a_participant_is_offered_nothing(folder: Path) -> None:
    view = organizer_view(CacheFolder(folder), "alice-lyon", [])

    assert not view.organizer
    assert view.cities == () and view.items == () and view.people == ()
    assert view.zone == "Europe/Paris"  # the event's own fields still show
    assert organizer_view(CacheFolder(folder), None, []) == OrganizerView(
        zone=view.zone, starts_at=view.starts_at, ends_at=view.ends_at, jury_at=view.jury_at
    )


def test_a_city_organizer_sees_their_city_only(folder: Path) -> None:
    view = organizer_view(CacheFolder(folder), "lea", [])

    assert view.organizer and view.scope == "lyon" and view.scope_name == "Lyon"
    assert view.cities == (OrgCity("lyon", "Lyon"),)  # announces in Lyon only, not to everyone
    assert [(line.id, line.title, line.cancelled) for line in view.items] == [
        (3, "Visite des salles, Lyon", False),
        (60, "Atelier annulé", True),
    ]  # neither everyone's items nor Paris'
    assert {person.city for person in view.people} == {"lyon"}
    handles = [person.handle for person in view.people]
    assert handles == sorted(handles) and "lea" not in handles and "orga-lyon" not in handles
    troll = next(person for person in view.people if person.handle == "troll")
    assert troll.name == "Troll" and troll.suspended


def test_an_event_organizer_sees_every_city(folder: Path) -> None:
    view = organizer_view(CacheFolder(folder), "chef", [])

    assert view.organizer and view.scope is None and view.scope_name is None
    assert [(city.id, city.name) for city in view.cities] == CITIES  # in the event's order
    assert [line.id for line in view.items] == [1, 2, 3, 60, 61, 4]  # by start, every city's
    assert {person.city for person in view.people} == {"lyon", "paris", "bordeaux", "nantes"}
    assert view.city_name("paris") == "Paris" and view.names["lyon"] == "Lyon"


def test_an_organizer_without_a_scope_acts_everywhere_as_before_0_2(folder: Path) -> None:
    view = organizer_view(CacheFolder(folder), "orga-lyon", [])

    assert view.organizer and view.scope is None and len(view.cities) == len(CITIES)


def test_the_view_follows_the_contracts_reading_of_the_same_cache(folder: Path) -> None:
    cache = LocalCache(folder)
    view = organizer_view(CacheFolder(folder), "lea", [])

    expected_people = [u for u in cache.users() if u.role != Role.ORGANIZER and u.city == "lyon"]
    assert [(p.handle, p.name, p.suspended) for p in view.people] == [
        (u.handle, u.display_name, u.suspended) for u in expected_people
    ]
    expected_items = [i for i in cache.schedule() if i.city == "lyon"]
    assert [(i.id, i.starts_at, i.ends_at) for i in view.items] == [
        (i.id, i.starts_at, i.ends_at) for i in expected_items
    ]
    assert (view.starts_at, view.ends_at, view.jury_at) == (
        event().starts_at,
        event().ends_at,
        event().jury_at,
    )


def test_my_queued_profile_change_shows_but_never_makes_me_an_organizer(folder: Path) -> None:
    outbox = Outbox.in_folder(folder)
    outbox.enqueue("me.update", "PATCH", "/v1/me", {"role": "organizer"}, summary="Update my profile")

    assert not organizer_view(CacheFolder(folder), "alice-lyon", outbox.pending()).organizer


def test_my_queued_schedule_changes_are_their_own_field(folder: Path) -> None:
    outbox = Outbox.in_folder(folder)
    for item_id in (3, 61):
        outbox.enqueue(
            "schedule.update",
            "PATCH",
            f"/v1/schedule/{item_id}",
            {"room": "Salle B"},
            summary=f"Change schedule item #{item_id}",
        )
    rows = CacheFolder(folder)

    view = organizer_view(rows, "lea", outbox.pending())

    assert view.queued_items == {3}  # Paris' item 61 is not in Lyon's list
    assert next(line for line in view.items if line.id == 3).room is None  # the confirmed row, untouched
    assert organizer_view(rows, "chef", outbox.pending()).queued_items == {3, 61}


def test_the_shell_finds_an_item_of_any_city(folder: Path) -> None:
    rows = CacheFolder(folder)

    found = schedule_item(rows, 61)

    assert found is not None and found.title == "Atelier Paris" and found.city == "paris"
    assert schedule_item(rows, 999) is None


def test_the_rules_bear_odd_rows() -> None:
    assert not is_organizer(None) and not is_organizer({"role": "participant"})
    assert scope_city({"role": "organizer", "organizer_scope": "city", "city": "lyon"}) == "lyon"
    assert scope_city({"role": "organizer", "organizer_scope": "event", "city": "lyon"}) is None
    assert scope_city({"role": "organizer", "organizer_scope": "city", "city": 3}) is None
    assert scope_city({"role": "participant", "organizer_scope": "city", "city": "lyon"}) is None
