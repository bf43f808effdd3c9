"""``nuit-tui org edit|cancel`` (a schedule item's text, room, cancellation) and ``org remove``
(someone out of a team): one line each, through the outbox, seen by participants."""

from __future__ import annotations

from tests.server.conftest import THEME

from .test_shell_org import _as_orga

ITEM = {
    "title": "Atelier accessibilité",
    "city": "lyon",
    "room": "Salle A",
    "starts_at": "2017-03-05T09:00:00Z",
    "ends_at": "2017-03-05T10:00:00Z",
}


def _item(server, orga: str) -> int:
    created = server.call(orga, "POST", "/v1/schedule", json=ITEM)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _line(out: str, title: str) -> str:
    return next(line for line in out.splitlines() if title in line)


def test_org_edit_and_cancel_a_schedule_item_then_restore_it(logged_in, orga, nuit) -> None:
    server = logged_in
    item_id = _item(server, orga)
    _as_orga(server, orga, nuit)

    edited = nuit("org", "edit", str(item_id), "--room", "Salle B", "--profile", "orga")
    seen_edited = nuit("schedule", "--profile", "alice").out
    cancelled = nuit("org", "cancel", str(item_id), "--profile", "orga")
    seen_cancelled = nuit("schedule", "--profile", "alice").out
    restored = nuit("org", "cancel", str(item_id), "--restore", "--profile", "orga")
    nothing = nuit("org", "edit", str(item_id), "--profile", "orga")

    assert edited.code == 0 and edited.out == f"changed #{item_id} Atelier accessibilité: room\n", edited.err
    assert "changed: room" in _line(seen_edited, "Atelier accessibilité")
    assert cancelled.code == 0 and cancelled.out == f"cancelled #{item_id} Atelier accessibilité\n"
    assert "cancelled" in _line(seen_cancelled, "Atelier accessibilité")
    assert restored.code == 0 and restored.out == f"restored #{item_id} Atelier accessibilité\n"
    [item] = [i for i in server.call(orga, "GET", "/v1/schedule").json() if i["id"] == item_id]
    assert item["cancelled"] is False and item["room"] == "Salle B"
    assert nothing.code == 1 and nothing.err.count("\n") == 1 and "nothing to update" in nothing.err


def test_org_remove_takes_someone_out_of_a_team_and_a_participant_may_not(logged_in, orga, nuit) -> None:
    server = logged_in
    created = server.call(
        orga, "POST", "/v1/projects", json={"title": "Carte", "theme": THEME, "city": "lyon"}
    )
    project_id = int(created.json()["id"])
    assert nuit("team", "join", str(project_id), "--profile", "alice").code == 0
    refused = nuit("org", "remove", str(project_id), "alice", "--profile", "alice")
    _as_orga(server, orga, nuit)

    removed = nuit("org", "remove", str(project_id), "alice", "--reason", "absent", "--profile", "orga")

    assert refused.code == 1 and refused.err.count("\n") == 1
    assert removed.code == 0 and removed.out == f"removed alice from team #{project_id}\n", removed.err
    members = server.call(orga, "GET", f"/v1/projects/{project_id}").json()["members"]
    assert all(m["handle"] != "alice" for m in members)
