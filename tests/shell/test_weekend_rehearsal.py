"""A rehearsal of the weekend from the shell, as organizers would run it on the shipped event file.

The example event (``examples/event.toml``: Lyon, Bruxelles, Genève, each with its jury slot),
moved so that it started ten hours ago, is loaded with ``nuit-server init``; each city gets its
organizer from ``nuit-server organizer add``; participants register with the join code. Then,
with every command a real ``nuit-tui`` command line against the real server on 127.0.0.1:
announce to one city, move its jury by 30 minutes and see the countdowns, hide an abusive
message and suspend its author, give a participant a recovery code and sign them in on a second
profile, post a team update, and read it all back in the audit log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from nuittui.server.cli import main as server_main
from tests.sync.live import LiveServer

from .conftest import Run

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "event.toml"
JOIN = "repetition-2026"
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


def shifted_event(path: Path) -> Path:
    """The example event file, every time moved so the event started ten hours ago."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = datetime.fromisoformat(re.search(r"^starts_at = (\S+)", text, re.M)[1])  # type: ignore[index]
    shift = datetime.now(start.tzinfo) - timedelta(hours=10) - start
    shift = timedelta(minutes=round(shift.total_seconds() / 60))

    def moved(match: re.Match[str]) -> str:
        return (datetime.fromisoformat(match[0]) + shift).isoformat(timespec="seconds")

    path.write_text(STAMP.sub(moved, text), encoding="utf-8")
    return path


@pytest.fixture
def nuit_server(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``nuit-server ARGS`` in this process."""

    def run(*argv: str) -> Run:
        capsys.readouterr()
        code = server_main(list(argv))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err, captured.err
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def weekend(tmp_path: Path, nuit_server: Callable[..., Run]) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    """The shifted example event served on 127.0.0.1, and a token per city organizer."""
    db = tmp_path / "city.db"
    event = shifted_event(tmp_path / "event.toml")
    made = nuit_server("init", "--db", str(db), "--event", str(event), "--join-code", JOIN)
    assert made.code == 0, made.err
    tokens = {}
    for city in ("lyon", "bruxelles"):
        added = nuit_server("organizer", "add", f"orga-{city}", "--city", city, "--db", str(db))
        assert added.code == 0, added.err
        tokens[city] = added.out.strip().splitlines()[-1]
    live = LiveServer(db).start()
    yield live, tokens
    live.close()


def ok(result: Run) -> Run:
    assert result.code == 0, result.err
    return result


def seconds_to_jury(nuit: Callable[..., Run], profile: str) -> int:
    now = json.loads(ok(nuit("schedule", "--now", "--json", "--profile", profile)).out)
    return int(now["seconds_to_jury"])


def test_a_weekend_rehearsed_from_the_shell(weekend, nuit, nuit_server) -> None:
    server, tokens = weekend
    url = server.url
    ok(nuit("login", url, "--token", tokens["lyon"], "--profile", "orga-lyon"))
    ok(nuit("login", url, "--token", tokens["bruxelles"], "--profile", "orga-bxl"))
    for handle, city in (("ada", "lyon"), ("troll", "lyon"), ("bea", "bruxelles")):
        ok(nuit("login", url, "--code", JOIN, "--handle", handle, "--city", city, "--profile", handle))

    # Announce to one city: Lyon reads it, marked; Bruxelles does not get it.
    ok(nuit("org", "announce", "Pizzas à 20 h dans le hall", "--city", "lyon", "--profile", "orga-lyon"))
    refused = nuit("org", "announce", "Pas ma ville", "--city", "bruxelles", "--profile", "orga-lyon")
    assert refused.code != 0 and refused.err.count("\n") == 1  # a city organizer speaks to their city only
    lyon_chat = ok(nuit("chat", "read", "city:lyon", "--profile", "ada")).out
    assert "Pizzas à 20 h dans le hall" in lyon_chat
    assert "📣" in next(line for line in lyon_chat.splitlines() if "Pizzas" in line)
    assert "Pizzas" not in ok(nuit("chat", "read", "city:bruxelles", "--profile", "bea")).out
    assert "📣" in ok(nuit("status", "--line", "--profile", "ada")).out

    # Move Lyon's jury by 30 minutes: Lyon's countdown moves, Bruxelles' does not.
    before_lyon = seconds_to_jury(nuit, "ada")
    before_bxl = seconds_to_jury(nuit, "bea")
    items = json.loads(ok(nuit("schedule", "--json", "--profile", "orga-lyon")).out)
    jury = next(i for i in items if i["kind"] == "jury" and i["city"] == "lyon")
    ok(nuit("org", "move", str(jury["id"]), "--by", "+30m", "--profile", "orga-lyon"))
    after_lyon = seconds_to_jury(nuit, "ada")
    after_bxl = seconds_to_jury(nuit, "bea")
    assert 1800 - 120 <= after_lyon - before_lyon <= 1800  # 30 minutes later, less the time the test took
    assert -120 <= after_bxl - before_bxl <= 0
    schedule = ok(nuit("schedule", "--profile", "ada")).out
    assert "moved from" in next(line for line in schedule.splitlines() if jury["title"] in line)

    # An abusive message: hidden for everyone, its author suspended with effect at once.
    ok(nuit("chat", "send", "city:lyon", "message abusif à cacher", "--profile", "troll"))
    sent = json.loads(ok(nuit("chat", "read", "city:lyon", "--json", "--profile", "orga-lyon")).out)
    abusive = next(m for m in sent if "abusif" in m["body"])
    ok(nuit("org", "hide", str(abusive["id"]), "--reason", "insultes", "--profile", "orga-lyon"))
    ok(nuit("org", "suspend", "troll", "--reason", "insultes", "--profile", "orga-lyon"))
    seen = ok(nuit("chat", "read", "city:lyon", "--profile", "ada")).out
    assert "abusif" not in seen and "removed by the organizers" in seen
    again = nuit("chat", "send", "city:lyon", "encore", "--profile", "troll")
    assert again.code != 0 and "suspended" in again.err and again.err.count("\n") == 1
    assert "encore" not in ok(nuit("chat", "read", "city:lyon", "--profile", "ada")).out

    # A lost laptop: a recovery code, redeemed on a second profile.
    issued = ok(nuit("org", "recovery", "ada", "--profile", "orga-lyon")).out
    code = re.search(r"recovery code for ada: (\S+)", issued)[1]  # type: ignore[index]
    ok(nuit("login", url, "--recover", code, "--handle", "ada", "--profile", "ada-2"))
    assert "ada" in ok(nuit("status", "--profile", "ada-2")).out

    # The team's progress from the shell, seen by the organizers.
    projects = json.loads(ok(nuit("team", "list", "--looking", "--json", "--profile", "ada-2")).out)
    lyon_project = projects[0]
    assert lyon_project["city"] == "lyon"  # my city's, by default
    ok(nuit("team", "join", str(lyon_project["id"]), "--profile", "ada-2"))
    ok(nuit("team", "update", "La maquette tourne", "--profile", "ada-2"))
    report = server.call(tokens["bruxelles"], "GET", "/v1/progress").json()  # every city sees it live
    assert any(u["text"] == "La maquette tourne" for u in report["latest_updates"]), report

    audit = ok(nuit_server("audit", "--db", str(server.db_path))).out
    for action in ("announce", "schedule", "hide", "suspend", "recovery"):
        assert action in audit, audit
