"""The demo event's content: what ``nuit-tui --demo`` shows a newcomer must hold together."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from nuittui.models import (
    CHANNEL_PATTERN,
    ChannelKind,
    MessageCreate,
    RegisterRequest,
    ScheduleKind,
    SwapCreate,
    channel_kind,
    clean_text,
)
from nuittui.server.demo import DEMO_JOIN_CODE, DemoData, demo_data, demo_offset, event_definition

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 25, 10, 7, 42, 123456, tzinfo=UTC)
NOWS = [
    NOW,
    datetime(2024, 3, 31, 1, 30, tzinfo=UTC),  # the night Paris clocks go forward
    datetime(2025, 7, 14, 23, 59, 59, tzinfo=timezone(timedelta(hours=-7))),
    datetime(2017, 3, 4, 20, 30, tzinfo=PARIS),  # the real evening itself: no shift
    datetime(2010, 1, 1, tzinfo=UTC),  # before 2017: the shift is negative
]
CITIES = {"lyon", "paris", "toulouse", "rennes", "montpellier", "bruxelles", "geneve"}
THEME_NAMES = [
    "Démocratie numérique",
    "Outils du collectif",
    "Données du citoyen",
    "Éducation au numérique",
    "Ville accessible et durable",
    "Vie de nos campagnes",
]


@pytest.fixture(scope="module")
def data() -> DemoData:
    return demo_data(NOW)


def teams(data: DemoData) -> dict[int, set[str]]:
    members: dict[int, set[str]] = {}
    for person in data.people:
        if person.team is not None:
            members.setdefault(person.team, set()).add(person.handle)
    return members


def test_event_is_the_2017_weekend_in_paris() -> None:
    event = event_definition()
    assert event.name == "Nuit du Code Citoyen 2017"
    assert event.timezone == "Europe/Paris"
    for moment in (event.starts_at, event.ends_at, event.jury_at):
        assert moment.utcoffset() == timedelta(0)
    assert event.starts_at == datetime(2017, 3, 4, 9, tzinfo=PARIS)
    assert event.ends_at == datetime(2017, 3, 5, 18, tzinfo=PARIS)
    assert event.jury_at == datetime(2017, 3, 5, 14, tzinfo=PARIS)


def test_seven_cities_and_six_themes() -> None:
    event = event_definition()
    assert {c.id for c in event.cities} == CITIES
    names = {c.id: c.name for c in event.cities}
    assert names["geneve"] == "Genève"
    assert {c.id: c.country for c in event.cities if c.country != "France"} == {
        "bruxelles": "Belgique",
        "geneve": "Suisse",
    }
    assert all(c.venue for c in event.cities)
    assert [t.name for t in event.themes] == THEME_NAMES
    assert len({t.id for t in event.themes}) == 6
    assert all(t.description for t in event.themes)


def test_projects_cover_every_city_and_theme(data: DemoData) -> None:
    assert len(data.projects) == 26
    themes = {t.id for t in data.event.themes}
    by_city = Counter(p.city for p in data.projects)
    by_theme = Counter(p.theme for p in data.projects)
    assert set(by_city) == CITIES
    assert min(by_city.values()) >= 2
    assert set(by_theme) == themes
    assert min(by_theme.values()) >= 3
    assert len({p.title for p in data.projects}) == 26
    for project in data.projects:
        sentences = len(re.findall(r"[.!?…](?:\s|$)", project.description))
        assert 2 <= sentences <= 4, project.title
        assert project.summary, project.title
        assert 3 <= len(project.skills_needed) <= 5, project.title
        assert 5 <= project.max_team_size <= 10, project.title


def test_the_three_projects_from_the_press_are_real_the_rest_samples(data: DemoData) -> None:
    real = {p.city: p for p in data.projects if not p.sample}
    assert set(real) == {"toulouse", "rennes", "montpellier"}
    assert real["toulouse"].title == "Signothèque"
    assert "sourdes ou muettes" in real["toulouse"].summary
    assert "capteurs océanographiques open source" in real["rennes"].title.lower()
    assert "programmes présidentiels sur cinq ans" in real["montpellier"].summary
    assert "développement durable" in real["montpellier"].summary
    assert sum(p.sample for p in data.projects) == 23


def test_people_register_and_fit_their_teams(data: DemoData) -> None:
    assert 35 <= len(data.people) <= 45
    assert len({p.handle for p in data.people}) == len(data.people)
    for person in data.people:
        request = RegisterRequest(
            join_code=DEMO_JOIN_CODE,
            handle=person.handle,
            display_name=person.display_name,
            city=person.city,
            skills=person.skills,
        )
        assert request.handle == person.handle
        assert person.city in CITIES
        assert person.skills
        if person.team is not None:
            assert data.projects[person.team].city == person.city, person.handle
    members = teams(data)
    for index, handles in members.items():
        assert len(handles) <= data.projects[index].max_team_size
    in_team = sum(len(h) for h in members.values())
    assert in_team >= 0.75 * len(data.people)
    assert len(data.people) - in_team >= 3
    assert {p.city for p in data.people} == CITIES


def test_swaps_ask_for_help_across_cities(data: DemoData) -> None:
    city_of = {p.handle: p.city for p in data.people}
    assert 6 <= len(data.swaps) <= 10
    for swap in data.swaps:
        assert swap.author in city_of
        assert SwapCreate.model_validate(swap.create.model_dump()) == swap.create
        assert "```" in swap.create.body
        assert swap.create.tags
    claimed = [s for s in data.swaps if s.claimed_by is not None]
    assert 2 <= len(claimed) <= 3
    assert len(data.swaps) - len(claimed) >= 3
    claimers = [s.claimed_by for s in claimed]
    assert len(set(claimers)) == len(claimers)
    for swap in claimed:
        assert swap.claimed_by in city_of
        assert swap.claimed_by != swap.author
        assert city_of[swap.claimed_by] != city_of[swap.author]


def test_messages_go_where_their_authors_may_post(data: DemoData) -> None:
    handles = {p.handle for p in data.people}
    members = teams(data)
    assert 25 <= len(data.messages) <= 40
    kinds: set[ChannelKind] = set()
    cities_heard: set[str] = set()
    for message in data.messages:
        assert message.author in handles
        assert re.fullmatch(CHANNEL_PATTERN, message.channel), message.channel
        kind, key = channel_kind(message.channel)
        kinds.add(kind)
        if kind is ChannelKind.CITY:
            cities_heard.add(key)
        if kind is ChannelKind.TEAM:
            assert message.author in members.get(int(key), set()), message
        assert kind is not ChannelKind.SWAP
        assert MessageCreate(body=message.body).body == message.body
        assert clean_text(message.body) == message.body
    assert kinds == {ChannelKind.ALL, ChannelKind.CITY, ChannelKind.TEAM}
    assert cities_heard == CITIES


def test_progress_comes_from_team_members(data: DemoData) -> None:
    members = teams(data)
    assert 12 <= len(data.progress) <= 20
    for update in data.progress:
        assert 0 <= update.project < len(data.projects)
        assert update.author in members.get(update.project, set()), update


@pytest.mark.parametrize("now", NOWS, ids=str)
def test_now_falls_on_saturday_evening(now: datetime) -> None:
    data, shift = demo_data(now), demo_offset(now)
    real = (now - shift).astimezone(PARIS)
    assert real.date() == date(2017, 3, 4)
    assert 18 <= real.hour <= 23
    assert data.event.starts_at <= now < data.event.jury_at
    original = event_definition()
    assert data.event.starts_at - shift == original.starts_at
    assert data.event.ends_at - shift == original.ends_at
    assert data.event.jury_at - shift == original.jury_at
    # round times on screen: every shifted time sits on a quarter hour
    for item in data.schedule:
        assert item.starts_at.minute % 15 == 0 and item.starts_at.second == 0


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        demo_data(datetime(2026, 11, 25, 20, 30))


def test_schedule_reads_in_order(data: DemoData) -> None:
    event, items, shift = data.event, data.schedule, demo_offset(NOW)
    assert [i.starts_at for i in items] == sorted(i.starts_at for i in items)
    assert items[0].kind == ScheduleKind.WELCOME and items[0].starts_at == event.starts_at
    first: dict[ScheduleKind, int] = {}
    for position, item in enumerate(items):
        first.setdefault(item.kind, position)
    order = [ScheduleKind.WELCOME, ScheduleKind.THEMES, ScheduleKind.TEAMS, ScheduleKind.WORK]
    order += [ScheduleKind.JURY, ScheduleKind.CLOSING, ScheduleKind.MEETUP]
    assert [first[k] for k in order] == sorted(first[k] for k in order)
    assert ScheduleKind.MEAL in first

    (jury,) = [i for i in items if i.kind == ScheduleKind.JURY]
    assert jury.starts_at == event.jury_at
    local = (jury.starts_at - shift).astimezone(PARIS)
    assert (local.date(), local.hour) == (date(2017, 3, 5), 14)

    (meetup,) = [i for i in items if i.kind == ScheduleKind.MEETUP]
    assert meetup is items[-1]
    assert "Petite Nuit du Code Citoyen" in meetup.title
    assert "Petites Nuits du Code Citoyen" in meetup.description
    assert timedelta(days=20) <= meetup.starts_at - event.ends_at <= timedelta(days=40)
    for item in items:
        assert item.starts_at < item.ends_at
        if item is not meetup:
            assert event.starts_at <= item.starts_at and item.ends_at <= event.ends_at, item.title
    assert max(i.ends_at for i in items if i is not meetup) == event.ends_at

    breakfast = [i for i in items if i.kind == ScheduleKind.MEAL and i.city is None]
    assert any((i.starts_at - shift).astimezone(PARIS).hour == 8 for i in breakfast)
    night = [i for i in items if i.kind == ScheduleKind.WORK and i.starts_at <= NOW < i.ends_at]
    assert len(night) == 1 and night[0].city is None

    local_items = [i for i in items if i.city is not None]
    assert len(local_items) >= 3
    for item in local_items:
        assert item.city in CITIES and item.room


def test_each_call_gives_fresh_objects() -> None:
    first = demo_data(NOW)
    first.projects[0].title = "Modifié"
    first.people[0].skills.append("modifié")
    second = demo_data(NOW)
    assert second.projects[0].title != "Modifié"
    assert "modifié" not in second.people[0].skills
