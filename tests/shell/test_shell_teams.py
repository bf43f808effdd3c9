"""``nuit-tui team looking on|off`` and ``nuit-tui org event``: one line each, through the outbox."""

from __future__ import annotations

import json

from nuittui.server.accounts import add_organizer
from nuittui.server.store import Store
from tests.server.conftest import THEME


def _project(server, orga: str, title: str = "Carte des fontaines") -> int:
    created = server.call(orga, "POST", "/v1/projects", json={"title": title, "theme": THEME, "city": "lyon"})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _looking(server, orga: str, project_id: int) -> bool:
    return bool(server.call(orga, "GET", f"/v1/projects/{project_id}").json()["looking_for_members"])


def test_team_looking_off_then_on_reaches_the_server(logged_in, orga, nuit) -> None:
    server = logged_in
    project_id = _project(server, orga)
    assert nuit("team", "join", str(project_id), "--profile", "alice").code == 0
    assert _looking(server, orga, project_id)  # a team of one is looking unless it says otherwise

    off = nuit("team", "looking", "off", "--profile", "alice")
    after_off = _looking(server, orga, project_id)
    on = nuit("team", "looking", "on", "--profile", "alice")

    assert off.code == 0 and off.out == f"team #{project_id} is not looking for members\n", off.err
    assert after_off is False
    assert on.code == 0 and on.out == f"team #{project_id} is looking for members\n", on.err
    assert _looking(server, orga, project_id) is True
    outbox = nuit("outbox", "--json", "--profile", "alice")
    assert json.loads(outbox.out) == {"queued": [], "dead": []}


def test_team_looking_without_a_team_is_one_line_and_queues_nothing(logged_in, nuit) -> None:
    result = nuit("team", "looking", "on", "--profile", "alice")
    outbox = nuit("outbox", "--json", "--profile", "alice")

    assert result.code == 1 and result.out == ""
    assert result.err == "nuit-tui: you are not in a team: nuit-tui team join PROJECT\n"
    assert json.loads(outbox.out) == {"queued": [], "dead": []}


def test_team_looking_takes_on_or_off_only(logged_in, nuit) -> None:
    result = nuit("team", "looking", "maybe", "--profile", "alice")

    assert result.code == 2 and result.err.count("\n") == 1 and "maybe" in result.err


def _event(server, token: str) -> dict:
    answer = server.call(token, "GET", "/v1/event")
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_org_event_changes_the_name_the_jury_and_the_time_zone(server, orga, nuit) -> None:
    assert nuit("login", server.url, "--token", orga, "--profile", "orga").code == 0

    jury = nuit("org", "event", "--jury", "14:30", "--name", "Nuit du Code 2017", "--profile", "orga")
    after_jury = _event(server, orga)
    ends = nuit("org", "event", "--ends", "2017-03-05T19:00:00+01:00", "--profile", "orga")
    after_ends = _event(server, orga)
    zone = nuit("org", "event", "--timezone", "Europe/Brussels", "--profile", "orga")

    assert jury.code == 0, jury.err
    # 14:30 in Paris on the jury's day (Sunday 5 March 2017) is 13:30 UTC.
    assert jury.out == "changed the event: name “Nuit du Code 2017”, jury Sun 2017-03-05 14:30\n"
    assert after_jury["name"] == "Nuit du Code 2017"
    assert after_jury["jury_at"].startswith("2017-03-05T13:30")
    assert ends.code == 0 and ends.out == "changed the event: ends Sun 2017-03-05 19:00\n", ends.err
    assert after_ends["ends_at"].startswith("2017-03-05T18:00")
    assert zone.code == 0 and zone.out == "changed the event: time zone Europe/Brussels\n", zone.err
    assert _event(server, orga)["timezone"] == "Europe/Brussels"


def test_org_event_mistakes_are_one_line_before_anything_is_sent(server, orga, nuit) -> None:
    assert nuit("login", server.url, "--token", orga, "--profile", "orga").code == 0

    nothing = nuit("org", "event", "--profile", "orga")
    bad_time = nuit("org", "event", "--jury", "25:00", "--profile", "orga")
    bad_zone = nuit("org", "event", "--timezone", "Mars/Olympus", "--profile", "orga")
    outside = nuit("org", "event", "--jury", "2017-03-07T10:00", "--profile", "orga")
    outbox = nuit("outbox", "--json", "--profile", "orga")

    for result in (nothing, bad_time, bad_zone, outside):
        assert result.code == 1 and result.out == "" and result.err.count("\n") == 1, result
    assert "nothing to change" in nothing.err
    assert "not a time: 25:00" in bad_time.err
    assert "unknown time zone 'Mars/Olympus'" in bad_zone.err
    assert outside.err.startswith("nuit-tui: refused: ") and "jury_at" in outside.err
    assert json.loads(outbox.out) == {"queued": [], "dead": []}
    assert _event(server, orga)["jury_at"].startswith("2017-03-05T13:00")


def test_a_city_organizer_is_refused_in_one_line_and_nothing_stays_queued(server, orga, db, nuit) -> None:
    store = Store.open(db)
    try:
        token, _user = add_organizer(store, "orgtoulouse", city="toulouse")
    finally:
        store.close()
    assert nuit("login", server.url, "--token", token, "--profile", "tls").code == 0

    result = nuit("org", "event", "--name", "La Nuit de Toulouse", "--profile", "tls")
    outbox = nuit("outbox", "--json", "--profile", "tls")

    assert result.code == 1 and result.out == ""
    assert result.err.startswith("nuit-tui: refused: ") and result.err.count("\n") == 1
    assert json.loads(outbox.out) == {"queued": [], "dead": []}
    assert _event(server, orga)["name"] == "Nuit du Code Citoyen (test)"


def test_team_list_gives_the_ids_to_join_in_my_city_or_all(logged_in, orga, nuit) -> None:
    server = logged_in
    fountains = _project(server, orga)
    benches = _project(server, orga, "Bancs publics")
    created = server.call(
        orga, "POST", "/v1/projects", json={"title": "Vélos", "theme": THEME, "city": "rennes"}
    )
    assert created.status_code == 201, created.text
    bikes = int(created.json()["id"])
    assert nuit("team", "join", str(benches), "--profile", "alice").code == 0
    assert nuit("team", "looking", "off", "--profile", "alice").code == 0

    mine = nuit("team", "list", "--profile", "alice")
    every = nuit("team", "list", "--all", "--profile", "alice")
    looking = nuit("team", "list", "--looking", "--json", "--profile", "alice")
    nowhere = nuit("team", "list", "--city", "nantes", "--profile", "alice")

    assert mine.code == 0, mine.err
    lines = mine.out.splitlines()
    assert any(line.split()[0] == str(fountains) and "Carte des fontaines" in line for line in lines[1:])
    assert any(line.split()[0] == str(benches) and line.endswith("my team") for line in lines[1:])
    assert "Vélos" not in mine.out  # another city's project
    assert any(line.split()[0] == str(bikes) and "Rennes" in line for line in every.out.splitlines()[1:])
    assert {p["id"] for p in json.loads(looking.out)} == {fountains}  # my team is no longer looking
    assert nowhere.code == 0 and nowhere.out.startswith("no project here")
