"""``nuit-server``: init, organizer add, join-code and serve, with their one-line errors."""

from __future__ import annotations

import json
import logging
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from nuittui.server.accounts import add_organizer
from nuittui.server.app import create_app
from nuittui.server.cli import main
from nuittui.server.store import Store
from tests.ports import reserve_port

from .conftest import BASE_URL, make_event


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_prints_the_join_code_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "city.db"

    created = _run(capsys, "init", "--db", str(db), "--join-code", "soiree")
    again = _run(capsys, "init", "--db", str(db))
    forced = _run(capsys, "init", "--db", str(db), "--force")

    assert created[0] == 0 and "join code: soiree" in created[1]
    assert again[0] == 1 and again[1] == ""
    assert again[2].count("\n") == 1 and "--force" in again[2]
    assert forced[0] == 0 and "join code: " in forced[1]


def test_init_with_an_event_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event_file = tmp_path / "event.json"
    event_file.write_text(make_event().model_dump_json())
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps({"name": "Sans dates"}))

    good = _run(capsys, "init", "--db", str(tmp_path / "a.db"), "--event", str(event_file))
    bad = _run(capsys, "init", "--db", str(tmp_path / "b.db"), "--event", str(bad_file))

    assert good[0] == 0 and "3 cities" in good[1]
    assert bad[0] == 1 and f"{bad_file}: starts_at: Field required" in bad[2].splitlines()
    assert not (tmp_path / "b.db").exists()


async def test_organizer_token_works_against_the_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "city.db"
    _run(capsys, "init", "--db", str(db), "--event", str(_event_file(tmp_path)))

    code, out, _ = _run(
        capsys, "organizer", "add", "Claire", "--city", "rennes", "--name", "Claire O.", "--db", str(db)
    )
    unknown_city = _run(capsys, "organizer", "add", "paul", "--city", "atlantis", "--db", str(db))

    assert code == 0
    token = out.strip().splitlines()[-1]
    assert token.startswith("nuit_")
    assert unknown_city[0] == 1 and "unknown city" in unknown_city[2]
    app = create_app(db_path=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=BASE_URL,
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        me = (await client.get("/v1/me")).json()
    app.state.store.close()
    assert (me["handle"], me["role"], me["city"], me["display_name"]) == (
        "claire",
        "organizer",
        "rennes",
        "Claire O.",
    )


async def test_rotated_join_code_replaces_the_old_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "city.db"
    _run(capsys, "init", "--db", str(db), "--join-code", "ancien", "--event", str(_event_file(tmp_path)))

    shown = _run(capsys, "join-code", "--db", str(db))
    rotated = _run(capsys, "join-code", "--rotate", "--db", str(db))

    assert shown[1].strip() == "ancien"
    new_code = rotated[1].strip()
    assert new_code and new_code != "ancien"
    app = create_app(db_path=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as client:
        old = await client.post(
            "/v1/auth/register",
            json={"join_code": "ancien", "handle": "zoe", "display_name": "Zoé", "city": "lyon"},
        )
        new = await client.post(
            "/v1/auth/register",
            json={"join_code": new_code, "handle": "zoe", "display_name": "Zoé", "city": "lyon"},
        )
    app.state.store.close()
    assert (old.status_code, new.status_code) == (403, 201)


def test_missing_database_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.db"

    for argv in (("serve", "--db", str(missing)), ("join-code", "--db", str(missing))):
        code, out, err = _run(capsys, *argv)
        assert code == 1 and out == ""
        assert (
            err
            == f"nuit-server: error: no database at {missing}; run `nuit-server init --db {missing}` first\n"
        )


def test_not_a_database_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("ceci n'est pas une base")

    code, _, err = _run(capsys, "join-code", "--db", str(junk))

    assert code == 1 and "is not a nuit-server database" in err and err.count("\n") == 1


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["organizer", "add", "bob"])
    assert exit_info.value.code == 2
    assert "--city" in capsys.readouterr().err


def test_port_in_use_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "city.db"
    _run(capsys, "init", "--db", str(db), "--event", str(_event_file(tmp_path)))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        code, _, err = _run(capsys, "serve", "--db", str(db), "--port", str(port))

    assert code == 1
    assert (
        err == f"nuit-server: error: port {port} on 127.0.0.1 is already in use; pick another with --port\n"
    )


def test_serve_answers_the_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "city.db"
    _run(capsys, "init", "--db", str(db), "--demo")
    port_held = reserve_port()  # held until the end: nobody else takes the port meanwhile
    port = port_held.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "nuittui.server.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60  # a failure bound: a busy machine starts Python slowly
        while True:
            try:  # refused until it listens; once it does, its answers may be slow, never cut short
                event = httpx.get(f"{url}/v1/event", timeout=30).json()
                break
            except httpx.ConnectError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "nuit-server serve did not listen within 60 s"
                time.sleep(0.1)
        docs = httpx.get(f"{url}/openapi.json", timeout=30).json()
        assert len(event["cities"]) == 7
        assert "/v1/sync" in docs["paths"]
    finally:
        server.terminate()
        server.communicate(timeout=30)
        port_held.close()


def test_serve_bounds_the_request_head(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "city.db"
    _run(capsys, "init", "--db", str(db), "--event", str(_event_file(tmp_path)))
    refused = _run(capsys, "serve", "--db", str(db), "--max-header-bytes", "0")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = ["serve", "--db", str(db), "--port", str(port), "--max-header-bytes", "2048"]
    server = subprocess.Popen(
        [sys.executable, "-m", "nuittui.server.cli", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        small = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and small is None:
            try:
                small = httpx.get(f"http://127.0.0.1:{port}/v1/event", headers={"X-Pad": "p" * 1500})
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.1)
        large = httpx.get(f"http://127.0.0.1:{port}/v1/event", headers={"X-Pad": "p" * 2500})
    finally:
        server.terminate()
        _, log = server.communicate(timeout=10)

    assert refused[0] == 1 and "--max-header-bytes" in refused[2] and refused[2].count("\n") == 1
    assert small is not None and small.status_code == 200
    assert large.status_code == 431 and large.json()["status"] == 431
    assert b"431: the request line and header fields are over 2048 bytes" in log


def _modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.glob("city.db*")}


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_database_and_its_side_files_are_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "city.db"
    event_file = _event_file(tmp_path)
    umask = os.umask(0)  # the most permissive: the modes must not depend on it
    try:
        _run(capsys, "init", "--db", str(db), "--event", str(event_file))
        after_init = _modes(tmp_path)
        store = Store.open(db)  # as ``serve`` opens it
        try:
            add_organizer(store, "orga", city="lyon")  # a write: -wal and -shm are there now
            while_serving = _modes(tmp_path)
        finally:
            store.close()
    finally:
        os.umask(umask)

    assert after_init == {"city.db": 0o600}
    assert while_serving == {"city.db": 0o600, "city.db-wal": 0o600, "city.db-shm": 0o600}


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_older_readable_database_is_made_private_when_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "city.db"
    _run(capsys, "init", "--db", str(db), "--event", str(_event_file(tmp_path)))
    db.chmod(0o644)

    with caplog.at_level(logging.WARNING):
        Store.open(db).close()

    assert _modes(tmp_path) == {"city.db": 0o600}
    assert "readable by others" in caplog.text


def _event_file(tmp_path: Path) -> Path:
    path = tmp_path / "event.json"
    path.write_text(make_event().model_dump_json())
    return path
