"""End to end in a real terminal: ``nuit-tui --demo --reset`` in tmux, every section visited, then quit.

The app runs as a user would start it (the installed ``nuit-tui`` script, 120×40,
its own XDG folders), driven by ``tmux send-keys`` and read with
``tmux capture-pane``. A private tmux server (``-L``) keeps it apart from any
other tmux on the machine.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux is not installed: the end-to-end test needs it"
    ),
]

STARTUP_TIMEOUT = 120.0
"""Seconds for the demo to start and Home to paint (seeding, server, first sync): a failure bound,
generous for a busy machine; the test goes on as soon as Home shows."""
STEP_TIMEOUT = 60.0
"""Seconds for one step to show (a failure bound, like ``STARTUP_TIMEOUT``)."""
EXITED = "nuit-tui-exited-with"
NUIT_TUI = Path(sys.executable).with_name("nuit-tui")


@dataclass
class Terminal:
    """One tmux pane running a command, on a private tmux server."""

    socket_name: str
    session: str

    def tmux(self, *args: str) -> str:
        """Run a tmux command on the private server; its output."""
        done = subprocess.run(
            ["tmux", "-L", self.socket_name, *args], capture_output=True, text=True, timeout=10, check=False
        )
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def screen(self, *, history: bool = False) -> str:
        """What the pane shows now; with ``history``, what scrolled off the top too."""
        extra = ["-S", "-"] if history else []
        return self.tmux("capture-pane", "-p", "-t", self.session, *extra)

    def press(self, *keys: str) -> None:
        """Type keys (tmux key names: ``Enter``, ``Escape``, ``q``…)."""
        self.tmux("send-keys", "-t", self.session, *keys)

    def wait_for(self, what: str, found: Callable[[str], bool], timeout: float = STEP_TIMEOUT) -> str:
        """Poll the pane until ``found(screen)``; fail with the last screen after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if found(shown):
                return shown
            time.sleep(0.2)
        raise AssertionError(f"timed out after {timeout} s waiting for {what}; the screen was:\n{shown}")

    def wait_for_maybe(self, found: Callable[[str], bool], timeout: float) -> bool:
        """Poll the pane until ``found(screen)``; False after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found(self.screen()):
                return True
            time.sleep(0.2)
        return False

    def wait_text(self, *texts: str, timeout: float = STEP_TIMEOUT) -> str:
        """Poll until every one of ``texts`` is on screen."""
        return self.wait_for(" and ".join(map(repr, texts)), lambda s: all(t in s for t in texts), timeout)

    def pane(self, field: str) -> str:
        """A pane format variable, e.g. ``pane_dead``."""
        return self.tmux("display-message", "-p", "-t", self.session, f"#{{{field}}}").strip()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """``nuit-tui --demo --reset`` in a 120×40 tmux pane that stays readable after the app exits."""
    home = tmp_path / "home"
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "LANG": "C.UTF-8",
        "TERM": "tmux-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    home.mkdir()
    assignments = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    app = f"env -i {assignments} {shlex.quote(str(NUIT_TUI))} --demo --reset"
    command = f"{app}; echo {EXITED} $?"  # the exit code, printed under whatever the app left
    config = tmp_path / "tmux.conf"
    # remain-on-exit: the pane stays readable after the app exits; escape-time 0: Escape is sent at once
    config.write_text("set -g remain-on-exit on\nset -sg escape-time 0\n")
    term = Terminal(socket_name=f"nuit-e2e-{uuid.uuid4().hex[:10]}", session="demo")
    subprocess.run(
        ["tmux", "-L", term.socket_name, "-f", str(config), "new-session", "-d", "-x", "120", "-y", "40",
         "-s", term.session, command],
        check=True,
        timeout=10,
    )  # fmt: skip
    try:
        yield term
    finally:
        subprocess.run(
            ["tmux", "-L", term.socket_name, "kill-server"], capture_output=True, timeout=10, check=False
        )


def demo_port(tmp_path: Path) -> int:
    """The port of the demo server, from the ``demo`` profile the demo saved."""
    config = tomllib.loads((tmp_path / "config" / "nuit-tui" / "config.toml").read_text())
    url = config["profiles"]["demo"]["api_url"]
    return int(url.rsplit(":", 1)[1])


def port_is_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_the_demo_opens_every_section_and_quits_cleanly(terminal: Terminal, tmp_path: Path) -> None:
    home = terminal.wait_text("Countdown to the jury", "@moi", timeout=STARTUP_TIMEOUT)
    assert "Traceback" not in home
    port = demo_port(tmp_path)
    assert port_is_open(port)

    terminal.press("2")
    terminal.wait_text("Démocratie numérique", "Vie de nos campagnes", "my city (c to change)")
    terminal.press("Enter")  # a theme: on to its projects
    terminal.press("Enter")  # a project: its page
    # a second Enter typed before the focus reached the projects picks the theme again: press once more
    for _attempt in range(3):
        if terminal.wait_for_maybe(lambda s: "Skills needed" in s and "Team" in s, timeout=3):
            break
        terminal.press("Enter")
    terminal.wait_text("Skills needed", "Team")
    terminal.press("Escape")
    terminal.wait_text("Vie de nos campagnes", "c My city / all")
    terminal.press("c")  # every city's projects
    terminal.wait_text("all cities (c to change)")

    terminal.press("3")
    terminal.wait_for("the swap board", lambda s: "swaps" in s and "Django" in s)

    terminal.press("4")
    terminal.wait_text("Channels", "Toulouse", "Rennes")

    terminal.wait_text("i Write", "5 Schedule")  # Chat opens on its channel list: section keys work
    terminal.press("5")
    terminal.wait_text("Passage devant le jury", "now ", "La nuit du code")

    terminal.press("6")
    terminal.wait_text("Participants", "Genève", "Bruxelles", "Latest team updates")

    terminal.press("q")
    after = terminal.wait_for("the app to exit", lambda _: EXITED in terminal.screen(history=True))
    after = terminal.screen(history=True)
    assert f"{EXITED} 0" in after, after
    deadline = time.monotonic() + 30
    while port_is_open(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not port_is_open(port), "the demo server still listens after quitting"
    assert "Traceback" not in after, f"quitting printed a traceback:\n{after}"
