"""``nuit-server organizer add|list|remove|token`` and ``nuit-server audit``, against a served database:
what the command line changes takes effect on the running server without a restart."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path

import httpx
import pytest

from nuittui.server.cli import main
from nuittui.server.store import Store

from .conftest import JOIN_CODE, make_db


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _token(out: str) -> str:
    token = out.strip().splitlines()[-1]
    assert token.startswith("nuit_")
    return token


def _rows(out: str) -> list[list[str]]:
    return [re.split(r"\s{2,}", line.strip()) for line in out.splitlines()]


async def _status(url: str, token: str, path: str = "/v1/me") -> int:
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        return (await client.get(path)).status_code


async def _eventually_status(url: str, token: str, status: int) -> None:
    """The server sees what another process committed within its watcher's interval (no restart)."""
    for _ in range(300):
        if await _status(url, token) == status:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never {status}")


def test_add_list_and_the_scope_each_organizer_gets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "city.db")

    city = _run(capsys, "organizer", "add", "Nina", "--city", "rennes", "--name", "Nina R.", "--db", db)
    event = _run(capsys, "organizer", "add", "chef", "--event-wide", "--db", db)
    homed = _run(capsys, "organizer", "add", "adjoint", "--event-wide", "toulouse", "--db", db)
    listed = _run(capsys, "organizer", "list", "--db", db)

    assert city[0] == event[0] == homed[0] == 0
    assert "organizer nina of city rennes created" in city[1]
    assert "organizer chef of every city (home lyon) created" in event[1]  # the event's first city
    assert "every city (home toulouse)" in homed[1]
    assert _token(city[1]) != _token(event[1])
    assert _rows(listed[1]) == [
        ["adjoint", "every city (home toulouse)", "1 token", "adjoint"],
        ["chef", "every city (home lyon)", "1 token", "chef"],
        ["nina", "city rennes", "1 token", "Nina R."],
    ]


def test_a_taken_handle_is_never_promoted_by_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "city.db")
    store = Store.open(db)
    try:
        store.create_user(handle="camille", display_name="Camille", city="lyon")
    finally:
        store.close()

    taken = _run(capsys, "organizer", "add", "camille", "--city", "lyon", "--db", db)
    elsewhere = _run(capsys, "organizer", "add", "camille", "--city", "rennes", "--existing", "--db", db)
    promoted = _run(capsys, "organizer", "add", "camille", "--city", "lyon", "--existing", "--db", db)
    widened = _run(capsys, "organizer", "add", "camille", "--event-wide", "--existing", "--db", db)
    listed = _run(capsys, "organizer", "list", "--db", db)

    assert taken[0] == 1 and "--existing" in taken[2] and taken[2].count("\n") == 1
    assert elsewhere[0] == 1 and "registered in lyon" in elsewhere[2]
    assert promoted == (0, "camille is now an organizer of city lyon; their tokens are unchanged\n", "")
    assert widened[0] == 0 and "every city (home lyon)" in widened[1]
    assert _rows(listed[1]) == [["camille", "every city (home lyon)", "0 tokens", "Camille"]]


def test_usage_names_both_ways_of_scoping(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["organizer", "add", "bob", "--city", "lyon", "--event-wide", "--db", "x.db"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


async def test_remove_and_token_take_effect_on_the_running_server(
    live_url: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _token(_run(capsys, "organizer", "add", "orga", "--city", "lyon", "--db", db_path)[1])
    assert await _status(live_url, first) == 200  # known (cached) by the server

    renewed = _run(capsys, "organizer", "token", "orga", "--db", db_path)
    second = _token(renewed[1])
    await _eventually_status(live_url, first, 401)
    kept = _token(_run(capsys, "organizer", "token", "orga", "--keep-others", "--db", db_path)[1])
    removed = _run(capsys, "organizer", "remove", "orga", "--db", db_path)
    await _eventually_status(live_url, second, 401)
    again = _run(capsys, "organizer", "remove", "orga", "--db", db_path)

    assert "1 older token(s) revoked" in renewed[1]
    assert await _status(live_url, kept) == 401
    assert removed == (0, "orga is no longer an organizer; 2 token(s) revoked\n", "")
    assert again[0] == 1 and "not an organizer" in again[2]
    async with httpx.AsyncClient(base_url=live_url) as client:
        person = await client.post(
            "/v1/auth/register",
            json={"join_code": JOIN_CODE, "handle": "zoe", "display_name": "Zoé", "city": "lyon"},
        )
        token = person.json()["token"]
        seen = await client.get("/v1/users/orga", headers={"Authorization": f"Bearer {token}"})
    assert (seen.json()["role"], seen.json()["organizer_scope"]) == ("participant", None)


async def test_the_audit_log_says_who_did_what_on_what_and_when(
    live_url: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chef = _token(_run(capsys, "organizer", "add", "chef", "--event-wide", "--db", db_path)[1])
    lyon = _token(_run(capsys, "organizer", "add", "lea", "--city", "lyon", "--db", db_path)[1])
    async with httpx.AsyncClient(base_url=live_url) as client:
        registered = await client.post(
            "/v1/auth/register",
            json={"join_code": JOIN_CODE, "handle": "troll", "display_name": "T", "city": "lyon"},
        )
        troll = {"Authorization": f"Bearer {registered.json()['token']}"}
        posted = await client.post("/v1/channels/city:lyon/messages", json={"body": "pub"}, headers=troll)
        as_lea = {"Authorization": f"Bearer {lyon}"}
        as_chef = {"Authorization": f"Bearer {chef}"}
        await client.post(f"/v1/messages/{posted.json()['id']}/hide", json={"reason": "pub"}, headers=as_lea)
        await client.post("/v1/users/troll/suspend", json={"reason": "récidive"}, headers=as_lea)
        await client.post(
            "/v1/channels/all/messages", json={"body": "Jury à 14 h", "announcement": True}, headers=as_chef
        )
        await client.patch("/v1/event", json={"name": "Nuit 2017"}, headers=as_chef)

    everything = _run(capsys, "audit", "--db", db_path)
    lyon_only = _run(capsys, "audit", "--city", "lyon", "--limit", "2", "--db", db_path)

    lines = everything[1].splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ"
    assert all(re.match(stamp, line) for line in lines)
    shown = [re.sub(stamp + "  ", "", line) for line in lines]
    assert shown == [
        "nuit-server  organizer.add  user chef  lyon  organizer of every city",
        "nuit-server  organizer.add  user lea  lyon  organizer of city lyon",
        f"lea  message.hide  message {posted.json()['id']}  lyon  in city:lyon by troll: pub",
        "lea  user.suspend  user troll  lyon  récidive",
        "chef  announcement  message " + str(posted.json()["id"] + 1) + "  -  Jury à 14 h",
        "chef  event.update  event  -  name Nuit du Code Citoyen (test) -> Nuit 2017",
    ]
    assert [re.sub(stamp + "  ", "", line) for line in lyon_only[1].splitlines()] == shown[2:4]


def test_an_empty_log_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "audit", "--db", make_db(tmp_path / "city.db")) == (
        0,
        "no organizer action recorded yet\n",
        "",
    )


def test_a_version_2_database_is_upgraded_and_its_organizers_keep_their_city(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "old.db")
    _run(capsys, "organizer", "add", "ancien", "--event-wide", "--db", db)
    _downgrade_to_version_2(db)

    listed = _run(capsys, "organizer", "list", "--db", db)

    assert _rows(listed[1]) == [["ancien", "city lyon", "1 token", "ancien"]], (
        "made before scopes: their city"
    )
    with sqlite3.connect(db) as conn:
        version = conn.execute("SELECT value FROM settings WHERE key = 'schema_version'").fetchone()
        jury = conn.execute("SELECT jury_by_city FROM event").fetchone()
        epoch = int(conn.execute("SELECT value FROM settings WHERE key = 'auth_epoch'").fetchone()[0])
        conn.execute("DELETE FROM tokens")
        after = int(conn.execute("SELECT value FROM settings WHERE key = 'auth_epoch'").fetchone()[0])
    assert version == ("3",)
    assert set(json.loads(jury[0])) == {"lyon", "toulouse", "rennes"}
    assert after == epoch + 1, "the triggers are there"


def _downgrade_to_version_2(db: Path) -> None:
    """What a database made before organizers had scopes looks like."""
    with sqlite3.connect(db) as conn:
        for trigger in ("auth_epoch_token_gone", "auth_epoch_user_changed", "auth_epoch_user_gone"):
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("DROP TABLE audit")
        conn.execute("DROP TABLE recovery_codes")
        conn.execute("DELETE FROM settings WHERE key = 'auth_epoch'")
        for table, column in (
            ("users", "organizer_scope"),
            ("users", "suspended_at"),
            ("messages", "hidden_at"),
            ("event", "jury_by_city"),
            ("schedule", "cancelled"),
            ("schedule", "changed_at"),
            ("schedule", "changed_fields"),
            ("schedule", "previous_starts_at"),
            ("schedule", "previous_ends_at"),
        ):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("UPDATE settings SET value = '2' WHERE key = 'schema_version'")
