"""``nuit-server`` as a person runs it: real processes, a real port, one-line errors.

``test_server_cli.py`` checks each subcommand through ``main()`` in-process; this file runs the
program itself, end to end, and checks that no failure leaks a traceback. Each process pays the
server's imports, so independent commands run side by side.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import httpx
import pytest

from tests.ports import reserve_port

NUIT_SERVER = [sys.executable, "-m", "nuittui.server.cli"]
POLL_TIMEOUT = 60
"""The long poll waiting when Ctrl+C comes (the API's longest)."""


def start(*argv: str | Path) -> subprocess.Popen[str]:
    """Start ``nuit-server`` with its output captured."""
    return subprocess.Popen(
        [*NUIT_SERVER, *map(str, argv)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    """Wait for a started ``nuit-server``."""
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def run_all(*commands: tuple[str | Path, ...]) -> list[subprocess.CompletedProcess[str]]:
    """Run independent commands side by side; their results in order."""
    return [finish(p) for p in [start(*argv) for argv in commands]]


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit 1, nothing on stdout, one ``nuit-server: error:`` line on stderr, no traceback."""
    assert result.returncode == 1, result
    assert result.stdout == "", result
    assert result.stderr.startswith("nuit-server: error: ") and result.stderr.count("\n") == 1, result
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``nuit-server init --demo``, once for the module."""
    db = tmp_path_factory.mktemp("cli") / "city.db"
    [created] = run_all(("init", "--db", db, "--demo"))
    assert created.returncode == 0, created.stderr
    assert "7 cities, with the demo content" in created.stdout and "join code: nuit2017" in created.stdout
    return db


def _wait_for_event(client: httpx.Client, process: subprocess.Popen[str]) -> dict[str, object]:
    deadline = time.monotonic() + 60  # generous: a busy machine starts Python slowly
    while True:
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "nuit-server serve did not answer within 60 s"
        with suppress(httpx.TransportError):
            return client.get("/v1/event").json()
        time.sleep(0.1)


@pytest.mark.skipif(os.name != "posix", reason="stops the server with SIGINT, as Ctrl+C does")
def test_the_demo_served_with_an_organizer_and_a_rotated_code(demo_db: Path) -> None:
    added, shown = run_all(
        ("organizer", "add", "Camille", "--city", "lyon", "--name", "Camille L.", "--db", demo_db),
        ("join-code", "--db", demo_db),
    )
    [rotated] = run_all(("join-code", "--rotate", "--db", demo_db))
    assert added.returncode == shown.returncode == rotated.returncode == 0
    token = added.stdout.strip().splitlines()[-1]
    new_code = rotated.stdout.strip()
    assert token.startswith("nuit_") and shown.stdout == "nuit2017\n" and new_code not in ("", "nuit2017")

    port_held = reserve_port()  # until the end: nobody else takes the port meanwhile
    port = port_held.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = start("serve", "--db", demo_db, "--port", port)
    try:
        with httpx.Client(base_url=url, timeout=10) as client:
            event = _wait_for_event(client, server)
            organizer = {"Authorization": f"Bearer {token}"}
            me = client.get("/v1/me", headers=organizer)
            register = {"handle": "zoe", "display_name": "Zoé", "city": "rennes"}
            old = client.post("/v1/auth/register", json=register | {"join_code": "nuit2017"})
            new = client.post("/v1/auth/register", json=register | {"join_code": new_code})
            cursor = client.get("/v1/sync", headers=organizer).json()["cursor"]

        # A long poll waits on the server when Ctrl+C comes. Sent first on its own connection: the
        # server takes connections and reads requests in the order they came, so once a request sent
        # after it on a second connection is answered, the server holds the poll (no fixed sleep).
        waiting = http.client.HTTPConnection("127.0.0.1", port, timeout=POLL_TIMEOUT + 10)
        waiting.request("GET", f"/v1/sync?since={cursor}&timeout={POLL_TIMEOUT}", headers=organizer)
        with httpx.Client(base_url=url, timeout=10) as client:
            assert client.get("/v1/event").status_code == 200
        stopping = time.monotonic()
        server.send_signal(signal.SIGINT)  # Ctrl+C, while the long poll waits
        answer = waiting.getresponse()
        polled = (answer.status, json.loads(answer.read()))
        waiting.close()
        stopped = finish(server)
        stop_time = time.monotonic() - stopping
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate(timeout=10)
        port_held.close()

    assert (len(event["cities"]), len(event["themes"])) == (7, 6)  # type: ignore[arg-type]
    assert me.status_code == 200
    assert (me.json()["handle"], me.json()["role"], me.json()["display_name"]) == (
        "camille",
        "organizer",
        "Camille L.",
    )
    assert (old.status_code, new.status_code) == (403, 201)
    # Not a speed: a poll that held Ctrl+C would hold it for its whole timeout.
    assert stop_time < POLL_TIMEOUT / 2, "a waiting poll held Ctrl+C"
    assert stopped.returncode == 0 and "Traceback" not in stopped.stderr
    # The waiting poll got a plain answer (nothing new), not a cut connection or a 500.
    assert (polled[0], polled[1]["events"], polled[1]["cursor"]) == (200, [], cursor)


def test_clear_one_line_errors(tmp_path: Path, demo_db: Path) -> None:
    missing = tmp_path / "nope.db"
    size = demo_db.stat().st_size
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cases = [
            (("init", "--db", demo_db), ("already exists", "--force")),
            (("serve", "--db", missing), (f"no database at {missing}", f"nuit-server init --db {missing}")),
            (("init", "--db", tmp_path / "no" / "such" / "city.db"), ("no directory",)),
            (("init", "--db", tmp_path), ("is a directory",)),
            (("serve", "--db", demo_db, "--port", port), (f"port {port} on 127.0.0.1 is already in use",)),
        ]
        results = run_all(*(argv for argv, _ in cases))

    for (_, fragments), result in zip(cases, results, strict=True):
        assert_one_line_error(result, *fragments)
    assert demo_db.stat().st_size == size, "the refused init left the database alone"
    assert not missing.exists(), "nothing was created by a command that failed"
