"""What the shell shows of the organizers' live changes: announcements marked in ``chat read`` and
flagged by ``status``, hidden messages replaced, moved and cancelled schedule items noted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from nuittui.sync.markers import dismiss_announcements

PARIS = ZoneInfo("Europe/Paris")


def _post(server, token: str, channel: str, body: str, *, announcement: bool = False) -> dict:
    answer = server.call(
        token, "POST", f"/v1/channels/{channel}/messages", {"body": body, "announcement": announcement}
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_chat_read_marks_announcements_and_hidden_messages(logged_in, orga, nuit) -> None:
    _post(logged_in, orga, "all", "Jury avancé à 13 h 30", announcement=True)
    abuse = _post(logged_in, orga, "all", "une adresse perso : 12 rue des Lilas")
    nuit("chat", "send", "all", "Bonsoir")
    assert (
        logged_in.call(orga, "POST", f"/v1/messages/{abuse['id']}/hide", {"reason": "perso"}).status_code
        == 200
    )

    read = nuit("chat", "read", "all")
    as_json = json.loads(nuit("chat", "read", "all", "--json").out)

    assert read.code == 0
    lines = read.out.splitlines()
    assert lines[0].endswith("📣 orga: Jury avancé à 13 h 30")
    assert lines[1].endswith("orga: [removed by the organizers]") and "📣" not in lines[1]
    assert lines[2].endswith("alice: Bonsoir")
    assert "Lilas" not in read.out
    assert [(m["announcement"], m["hidden"], m["body"]) for m in as_json] == [
        (True, False, "Jury avancé à 13 h 30"),
        (False, True, ""),
        (False, False, "Bonsoir"),
    ]


def test_status_flags_announcements_to_me_until_dismissed(logged_in, orga, nuit, data_dir) -> None:
    _post(logged_in, orga, "city:rennes", "Pizzas à Rennes", announcement=True)  # not for alice of lyon
    nuit("sync")
    assert "📣" not in nuit("status", "--line").out

    _post(logged_in, orga, "city:lyon", "Pizzas en salle 2", announcement=True)
    newest = _post(logged_in, orga, "all", "Jury avancé à 13 h 30", announcement=True)
    nuit("sync")
    line = nuit("status", "--line")
    full = nuit("status")
    data = json.loads(nuit("status", "--json").out)

    assert line.code == 0 and line.out.startswith("📣2")
    assert "2 announcements, the newest: @orga: Jury avancé à 13 h 30" in full.out
    assert (data["announcements"], data["announcement"]["body"]) == (2, "Jury avancé à 13 h 30")

    dismiss_announcements(data_dir("alice"), newest["seq"])  # what Home's x does
    assert "📣" not in nuit("status", "--line").out
    assert "announcement" not in nuit("status").out

    _post(logged_in, orga, "all", "Le petit-déjeuner est servi", announcement=True)
    nuit("sync")
    assert nuit("status", "--line").out.startswith("📣1")
    assert "1 announcement: @orga: Le petit-déjeuner est servi" in nuit("status").out


def test_schedule_notes_moved_changed_and_cancelled_items(logged_in, orga, nuit) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    ids = {}
    for title, start in (("Atelier Git", 1), ("Pizza", 2), ("Quiz", 3)):
        body = {
            "title": title,
            "starts_at": (now + timedelta(hours=start)).isoformat(),
            "ends_at": (now + timedelta(hours=start, minutes=30)).isoformat(),
            "city": "lyon",
        }
        ids[title] = logged_in.call(orga, "POST", "/v1/schedule", body).json()["id"]
    first = now + timedelta(hours=1)
    later = {
        "starts_at": (first + timedelta(minutes=30)).isoformat(),
        "ends_at": (first + timedelta(hours=1)).isoformat(),
    }
    assert logged_in.call(orga, "PATCH", f"/v1/schedule/{ids['Atelier Git']}", later).status_code == 200
    assert (
        logged_in.call(orga, "PATCH", f"/v1/schedule/{ids['Pizza']}", {"room": "Salle 2"}).status_code == 200
    )
    assert (
        logged_in.call(orga, "PATCH", f"/v1/schedule/{ids['Quiz']}", {"cancelled": True}).status_code == 200
    )

    full = nuit("schedule")
    brief = nuit("schedule", "--now")

    was = first.astimezone(PARIS).strftime("%H:%M")
    table = full.out.split("\n\n")[0].splitlines()
    [git] = [line for line in table if "Atelier Git" in line]
    [pizza] = [line for line in table if "Pizza" in line]
    [quiz] = [line for line in table if "Quiz" in line]
    assert git.endswith(f"(moved from {was})")
    assert pizza.endswith("Salle 2  (changed: room)")
    assert quiz.endswith("(cancelled)")
    assert "next: Atelier Git at" in brief.out and f"(moved from {was})" in brief.out
    assert "Quiz" not in brief.out
