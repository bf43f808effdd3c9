"""The issue's "done when", as real ``nuit-tui`` processes against a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from .conftest import JOIN_CODE


def test_done_when_post_offline_then_sync_gives_each_swap_once(server, run_cli) -> None:
    login = run_cli("login", server.url, "--code", JOIN_CODE, "--handle", "ada", "--city", "rennes")
    traceback = "Traceback (most recent call last):\n  File \"main.py\", line 9\nKeyError: 'lyon'\n"
    first = run_cli("swap", "post", "KeyError au démarrage", "--tag", "python", stdin=traceback)
    listed = run_cli("swap", "list")
    server.stop()
    queued = run_cli("swap", "post", "et maintenant plus de réseau", stdin="ping: network is unreachable\n")
    server.start()
    synced = run_cli("sync")
    final = run_cli("swap", "list", "--json")

    assert login.returncode == 0, login.stderr
    assert first.returncode == 0 and first.stdout.startswith("posted swap #1: KeyError au démarrage")
    assert listed.returncode == 0 and "KeyError au démarrage [python]" in listed.stdout
    assert queued.returncode == 0 and queued.stdout == ""
    assert "queued: cannot reach the server" in queued.stderr and queued.stderr.count("\n") == 1
    assert synced.returncode == 0 and "sent 1 queued writes" in synced.stdout
    swaps = json.loads(final.stdout)
    assert sorted(s["title"] for s in swaps) == ["KeyError au démarrage", "et maintenant plus de réseau"]
    assert len({s["id"] for s in swaps}) == 2 and all(s["status"] == "open" for s in swaps)
    assert "```\nping: network is unreachable\n```" in next(s["body"] for s in swaps if s["id"] == 2)


def test_swap_post_wait_prints_who_is_coming(server, run_cli, home) -> None:
    assert (
        run_cli("login", server.url, "--code", JOIN_CODE, "--handle", "ada", "--city", "lyon").returncode == 0
    )
    helper = server.register("bob", city="rennes", name="Bob Martin")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUIT_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    waiting = subprocess.Popen(
        [sys.executable, "-m", "nuittui.cli", "swap", "post", "qui peut m'aider ?", "--wait"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not server.call(helper, "GET", "/v1/swaps").json():
            assert waiting.poll() is None and time.monotonic() < deadline, "the swap never arrived"
            time.sleep(0.05)
        claim = server.call(helper, "POST", "/v1/swaps/1/claim")
        out, err = waiting.communicate(timeout=30)
    finally:
        waiting.kill()

    assert claim.status_code == 200
    assert waiting.returncode == 0, err
    assert out.splitlines() == [
        "posted swap #1: qui peut m'aider ?",
        "swap #1 claimed by Bob Martin (bob) from Rennes: they are coming to help",
    ]
    assert "waiting for someone to claim swap #1" in err and "Traceback" not in err
