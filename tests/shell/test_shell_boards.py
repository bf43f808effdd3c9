"""``schedule``, ``cities``, ``chat`` and ``status``: what the shell prints, and its JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

from nuittui.models import CityProgress, ScheduleItemPublic
from nuittui.readmodel.status import StatusView
from nuittui.shell.lean.statusline import render

from .conftest import JOIN_CODE


def _schedule(server, orga: str) -> datetime:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    items = [
        ("Dîner", now - timedelta(minutes=30), now + timedelta(minutes=30), None),
        ("Point d'étape", now + timedelta(hours=1), now + timedelta(hours=2), "lyon"),
        ("Apéro rennais", now + timedelta(minutes=40), now + timedelta(hours=2), "rennes"),
    ]
    for title, start, end, city in items:
        body = {"title": title, "starts_at": start.isoformat(), "ends_at": end.isoformat(), "city": city}
        assert server.call(orga, "POST", "/v1/schedule", body).status_code == 201
    return now


def test_schedule_and_now_in_the_event_time_zone(logged_in, orga, nuit) -> None:
    now = _schedule(logged_in, orga)
    paris = ZoneInfo("Europe/Paris")
    next_at = (now + timedelta(hours=1)).astimezone(paris).strftime("%H:%M")

    full = nuit("schedule")
    brief = nuit("schedule", "--now")
    items = TypeAdapter(list[ScheduleItemPublic]).validate_json(nuit("schedule", "--json").out)
    summary = json.loads(nuit("schedule", "--now", "--json").out)

    assert full.code == 0 and brief.code == 0
    assert "▶" in full.out and "Apéro rennais" not in full.out
    assert "now: Dîner" in brief.out and "next: Point d'étape at" in brief.out and next_at in brief.out
    assert "the jury started" in brief.out and "times in Europe/Paris" in brief.out
    assert [i.title for i in items] == ["Dîner", "Point d'étape"]
    assert [i["title"] for i in summary["now"]] == ["Dîner"] and summary["next"]["title"] == "Point d'étape"
    assert (
        summary["seconds_to_jury"] < 0 and summary["timezone"] == "Europe/Paris" and summary["city"] == "lyon"
    )


def test_cities_table_and_json(logged_in, nuit) -> None:
    nuit("swap", "post", "un swap lyonnais")

    table = nuit("cities")
    figures = TypeAdapter(list[CityProgress]).validate_json(nuit("cities", "--json").out)

    lines = table.out.splitlines()
    assert table.code == 0 and lines[0].split()[:3] == ["city", "people", "teams"]
    assert [line.split()[0] for line in lines[1:]] == ["Lyon", "Toulouse", "Rennes"]
    assert len({line.index(line.split()[1]) + len(line.split()[1]) for line in lines[1:]}) == 1  # aligned
    assert [(c.city, c.participants, c.swaps_open) for c in figures] == [
        ("lyon", 1, 1),
        ("toulouse", 0, 0),
        ("rennes", 0, 0),
    ]


def test_chat_send_and_read(logged_in, nuit) -> None:
    sent = nuit("chat", "send", "#all", "Bonsoir tout le monde")
    piped = nuit("chat", "send", "city:lyon", "-", stdin="Qui a un adaptateur HDMI ?\n")
    bad = nuit("chat", "send", "général", "salut")
    read = nuit("chat", "read", "all")
    as_json = json.loads(nuit("chat", "read", "city:lyon", "--json").out)

    assert sent.code == 0 and sent.out.strip() == "sent to #all"
    assert piped.code == 0
    assert bad.code == 1 and bad.err.count("\n") == 1 and "unknown channel" in bad.err
    assert read.code == 0 and read.out.rstrip().endswith("alice: Bonsoir tout le monde")
    assert [(m["author"], m["body"], m["pending"], m["channel"]) for m in as_json] == [
        ("alice", "Qui a un adaptateur HDMI ?", False, "city:lyon")
    ]


def test_status_line_mentions_my_swap_and_next_item(logged_in, orga, nuit) -> None:
    _schedule(logged_in, orga)
    nuit("swap", "post", "aidez-moi")
    quick = nuit("status", "--line")
    nuit(
        "login", logged_in.url, "--code", JOIN_CODE, "--handle", "bob", "--city", "rennes", "--profile", "bob"
    )
    nuit("swap", "claim", "1", "--profile", "bob")
    nuit("chat", "send", "swap:1", "@alice j'arrive !", "--profile", "bob")
    nuit("sync", "--profile", "alice")

    line = nuit("status", "--line", "--profile", "alice")
    nuit("chat", "read", "swap:1", "--profile", "alice")
    read = nuit("status", "--line", "--profile", "alice")
    full = nuit("--profile", "alice", "status")
    data = json.loads(nuit("status", "--json", "--profile", "alice").out)
    bobs = nuit("status", "--line")  # the latest login is the default profile

    assert quick.out.startswith("swap #1 open")  # before any pull: the fast path remembered it
    assert line.code == 0 and line.out.count("\n") == 1
    assert line.out.startswith("@1 · swap #1 ← bob · ▸ ") and "Point d'étape" in line.out
    assert not read.out.startswith("@") and "swap #1 ← bob" in read.out
    assert "profile alice: alice on http://127.0.0.1:" in full.out and "connection: online" in full.out
    assert (data["mentions"], data["my_swap"]["claimed_by"], data["queued"], data["link"]) == (
        0,
        "bob",
        0,
        "online",
    )
    assert bobs.out.startswith("helping #1 · ▸ ") and "Apéro rennais" in bobs.out


def test_status_without_a_profile_is_one_line_and_exit_1(nuit) -> None:
    result = nuit("status", "--line")

    assert result.code == 1 and result.out == ""
    assert result.err.count("\n") == 1 and "nuit-tui login" in result.err


def test_the_status_line_says_when_its_data_is_old() -> None:
    synced = datetime(2017, 3, 4, 19, 5, tzinfo=UTC)
    facts = StatusView(synced=True, synced_at=synced, zone="Europe/Paris", queued=2)

    fresh = render(facts, now=synced + timedelta(minutes=5))
    old = render(facts, now=synced + timedelta(minutes=45))

    assert fresh == "2 queued"
    assert old == "synced 20:05 · 2 queued"


def test_schedule_ics_holds_my_city_and_the_global_items_only(logged_in, orga, nuit) -> None:
    import icalendar

    _schedule(logged_in, orga)
    listed = TypeAdapter(list[ScheduleItemPublic]).validate_json(nuit("schedule", "--json").out)

    result = nuit("schedule", "--ics")

    assert result.code == 0 and result.err == ""
    calendar = icalendar.Calendar.from_ical(result.out)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Dîner", "Point d'étape"}  # not rennes's "Apéro rennais"
    assert {str(e["uid"]) for e in events.values()} == {i.uid for i in listed}
    for item in listed:
        start = events[item.title].decoded("dtstart")
        assert start == item.starts_at and start.tzinfo == ZoneInfo("Europe/Paris")
    assert str(events["Point d'étape"]["location"]) == "Lyon"
    assert nuit("schedule", "--ics", "--json").code == 2


def test_a_time_far_from_now_is_written_with_its_date_a_near_one_with_its_weekday() -> None:
    from datetime import UTC, datetime, timedelta

    from nuittui.shell.timefmt import day_clock, zone

    now = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    paris = zone("Europe/Paris")
    assert day_clock(now + timedelta(days=1), paris, now) == "Tue 03:00"
    # a meetup two weeks after the event: "Sun 19:00" alone would be read as this Sunday
    assert day_clock(datetime(2026, 12, 20, 18, 0, tzinfo=UTC), paris, now) == "Sun 2026-12-20 19:00"
