"""The organizers' shell: signing in with a token or a recovery code, and the org commands."""

from __future__ import annotations

import json

from nuittui.server.accounts import add_organizer
from nuittui.server.store import Store
from tests.server.conftest import THEME

from .conftest import JOIN_CODE


def test_login_with_an_organizer_token_saves_the_profile(server, orga, nuit) -> None:
    result = nuit("login", server.url, "--token", orga, "--profile", "orga")
    status = nuit("status", "--json", "--profile", "orga")

    assert result.code == 0, result.err
    assert result.out.startswith("logged in as Orga Lyon (orga) in ") and "profile orga" in result.out
    assert status.code == 0, status.err
    assert json.dumps(json.loads(status.out))  # the saved profile works for every command


def test_login_with_a_bad_token_is_one_line(server, nuit) -> None:
    result = nuit("login", server.url, "--token", "nuit_not-a-real-token", "--profile", "x")

    assert result.code == 1
    assert result.err.startswith("nuit-tui: the server refused this token") and result.err.count("\n") == 1


def test_login_with_a_recovery_code(server, orga, nuit) -> None:
    server.register("bob", city="lyon")
    answer = server.call(orga, "POST", "/v1/users/bob/recovery", json={})
    assert answer.status_code == 201, answer.text
    code = answer.json()["code"]

    result = nuit("login", server.url, "--recover", code, "--handle", "bob", "--profile", "bob")
    again = nuit("login", server.url, "--recover", code, "--handle", "bob", "--profile", "bob2")

    assert result.code == 0, result.err
    assert "(bob)" in result.out and "profile bob" in result.out
    assert again.code == 1 and again.err.startswith("nuit-tui: the recovery code was refused")
    assert again.err.count("\n") == 1


def test_login_with_a_join_code_still_needs_a_handle(server, nuit) -> None:
    result = nuit("login", server.url, "--code", JOIN_CODE)

    assert result.code == 1 and "--handle" in result.err


def _as_orga(server, orga, nuit) -> None:
    assert nuit("login", server.url, "--token", orga, "--profile", "orga").code == 0


def _messages(server, token: str, channel: str) -> list[dict]:
    answer = server.call(token, "GET", f"/v1/channels/{channel}/messages")
    assert answer.status_code == 200, answer.text
    return answer.json()["messages"]


def test_org_announce_in_a_city_and_in_all(server, orga, nuit) -> None:
    _as_orga(server, orga, nuit)

    city = nuit("org", "announce", "Pizzas à 20h", "--city", "lyon", "--profile", "orga")
    everyone = nuit("org", "announce", "-", "--profile", "orga", stdin="Jury à 15h\n")

    assert city.code == 0 and city.out == "announced in #city:lyon\n", city.err
    assert everyone.code == 0 and everyone.out == "announced in #all\n", everyone.err
    [pizza] = _messages(server, orga, "city:lyon")
    assert pizza["body"] == "Pizzas à 20h" and pizza["announcement"] is True
    assert [m["announcement"] for m in _messages(server, orga, "all")] == [True]


def test_a_participant_is_refused_in_one_line_and_nothing_stays_queued(logged_in, nuit) -> None:
    result = nuit("org", "announce", "je suis le chef", "--profile", "alice")
    outbox = nuit("outbox", "--json", "--profile", "alice")

    assert result.code == 1 and result.out == ""
    assert result.err.startswith("nuit-tui: refused: ") and result.err.count("\n") == 1
    assert "only organizers post announcements" in result.err
    assert json.loads(outbox.out) == {"queued": [], "dead": []}


def test_org_move_by_a_shift_or_to_a_time_keeps_the_length(server, orga, nuit) -> None:
    item = {
        "title": "Jury",
        "city": "lyon",
        "starts_at": "2017-03-05T13:00:00Z",
        "ends_at": "2017-03-05T16:00:00Z",
    }
    created = server.call(orga, "POST", "/v1/schedule", json=item)
    assert created.status_code == 201, created.text
    item_id = created.json()["id"]
    _as_orga(server, orga, nuit)

    later = nuit("org", "move", str(item_id), "--by", "+30m", "--profile", "orga")
    earlier = nuit("org", "move", str(item_id), "--by", "-1h15m", "--profile", "orga")
    at_ten = nuit("org", "move", str(item_id), "--to", "10:00", "--profile", "orga")
    bad = nuit("org", "move", str(item_id), "--by", "soon", "--profile", "orga")
    missing = nuit("org", "move", "999", "--by", "+5m", "--profile", "orga")

    assert later.code == 0 and later.out.startswith(f"moved #{item_id} Jury to "), later.err
    assert earlier.code == 0, earlier.err
    assert at_ten.code == 0 and "10:00" in at_ten.out, at_ten.err
    [moved] = [i for i in server.call(orga, "GET", "/v1/schedule").json() if i["id"] == item_id]
    # 10:00 in Paris on that Sunday of March 2017 is 09:00 UTC; the item keeps its three hours.
    assert moved["starts_at"].startswith("2017-03-05T09:00") and moved["ends_at"].startswith(
        "2017-03-05T12:00"
    )
    assert bad.code == 1 and "not a shift: soon" in bad.err
    assert missing.code == 1 and "no schedule item #999" in missing.err


def test_org_hide_suspend_and_unsuspend(logged_in, orga, nuit) -> None:
    server = logged_in
    assert nuit("chat", "send", "city:lyon", "pub pour mon crypto", "--profile", "alice").code == 0
    [message] = _messages(server, orga, "city:lyon")
    _as_orga(server, orga, nuit)

    hidden = nuit("org", "hide", str(message["id"]), "--reason", "spam", "--profile", "orga")
    suspended = nuit("org", "suspend", "alice", "--profile", "orga")
    blocked = nuit("chat", "send", "city:lyon", "encore", "--profile", "alice")
    suspended_json = server.call(orga, "GET", "/v1/users/alice").json()
    lifted = nuit("org", "unsuspend", "alice", "--profile", "orga")

    assert hidden.code == 0 and hidden.out == f"hid message #{message['id']}\n", hidden.err
    assert _messages(server, orga, "city:lyon")[0]["body"] == ""
    assert suspended.code == 0 and suspended.out == "suspended alice\n", suspended.err
    assert suspended_json["suspended"] is True
    assert blocked.code == 1 and "suspended" in blocked.err
    assert lifted.code == 0 and lifted.out == "lifted the suspension of alice\n", lifted.err
    assert server.call(orga, "GET", "/v1/users/alice").json()["suspended"] is False


def test_org_recovery_prints_a_code_the_person_redeems(server, orga, db, nuit) -> None:
    server.register("bob", city="lyon")
    server.register("zoe", city="rennes")
    store = Store.open(db)
    try:
        token, _user = add_organizer(store, "orgtoulouse", city="toulouse")
    finally:
        store.close()
    _as_orga(server, orga, nuit)
    assert nuit("login", server.url, "--token", token, "--profile", "tls").code == 0

    issued = nuit("org", "recovery", "bob", "--revoke", "--profile", "orga")
    code = issued.out.split("recovery code for bob: ", 1)[1].split(" ", 1)[0]
    redeemed = nuit("login", server.url, "--recover", code, "--handle", "bob", "--profile", "bob")
    elsewhere = nuit("org", "recovery", "zoe", "--profile", "tls")

    assert issued.code == 0, issued.err
    assert "revoked 1 of their tokens" in issued.out and "--recover CODE --handle bob" in issued.out
    assert redeemed.code == 0 and "(bob)" in redeemed.out, redeemed.err
    assert elsewhere.code == 1 and elsewhere.out == "" and elsewhere.err.count("\n") == 1
    assert "toulouse" in elsewhere.err


def test_team_join_update_and_leave(logged_in, orga, nuit) -> None:
    server = logged_in
    project = {"title": "Carte des fontaines", "theme": THEME, "city": "lyon"}
    created = server.call(orga, "POST", "/v1/projects", json=project)
    assert created.status_code == 201, created.text
    project_id = created.json()["id"]

    lonely = nuit("team", "leave", "--profile", "alice")
    joined = nuit("team", "join", str(project_id), "--profile", "alice")
    kept = nuit("team", "update", "la carte s'affiche", "--profile", "alice")
    staged = nuit("team", "update", "démo prête", "--stage", "demo_ready", "--profile", "alice")
    progress = server.call(orga, "GET", f"/v1/projects/{project_id}/progress").json()
    left = nuit("team", "leave", "--profile", "alice")

    assert lonely.code == 1 and "not in a team" in lonely.err
    assert joined.code == 0 and joined.out == f"joined team #{project_id}\n", joined.err
    assert kept.code == 0 and kept.out == f"posted progress for team #{project_id} (exploring)\n", kept.err
    assert staged.code == 0 and "(demo_ready)" in staged.out, staged.err
    assert sorted((p["text"], p["stage"]) for p in progress) == [
        ("démo prête", "demo_ready"),
        ("la carte s'affiche", "exploring"),
    ]
    assert left.code == 0 and left.out == f"left team #{project_id}\n", left.err
    members = server.call(orga, "GET", f"/v1/projects/{project_id}").json()["members"]
    assert members == []
