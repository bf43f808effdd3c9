"""Fixtures for the shell: a private home, a real server on 127.0.0.1, and ``nuit(...)`` to run commands.

- ``home``: XDG config/data dirs in ``tmp_path``, no NUIT_* nor proxy variables, English, no keyring.
- ``server``: ``nuit-server`` (uvicorn) on a fresh database, stoppable (``LiveServer``);
  ``orga``: an organizer's token on it.
- ``nuit("swap", "list", stdin=...)``: runs ``nuittui.cli.main`` in this process → ``Run``.
- ``logged_in``: ``alice`` (lyon) logged in, her profile the default.
- ``run_cli``: the same as a real process (``python -m nuittui.cli``), for the end-to-end tests.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from nuittui.cli import main
from nuittui.i18n import current_language, set_language
from nuittui.server.accounts import add_organizer
from nuittui.server.store import Store
from nuittui.shell import session
from tests.server.conftest import JOIN_CODE, make_db
from tests.sync.live import LiveServer


@dataclass(frozen=True)
class Run:
    """One command's exit code and output."""

    code: int
    out: str
    err: str


class Piped(io.TextIOWrapper):
    """A stdin that is a pipe, not a terminal, carrying ``data``."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")

    def isatty(self) -> bool:
        return False


class Terminal(io.StringIO):
    """A stdin that is a terminal: commands must not read it."""

    def isatty(self) -> bool:
        return True

    def read(self, *args: object) -> str:
        raise AssertionError("a command read a terminal's stdin")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh home for every test."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / ".local" / "share"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in list(os.environ):
        if name.startswith("NUIT_") or name.lower().endswith("_proxy") or name in ("LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(name)
    language = current_language()
    set_language("en")
    keyring.set_keyring(null.Keyring())
    yield tmp_path
    set_language(language)


@pytest.fixture
def data_dir(home: Path) -> Callable[[str], Path]:
    """``data_dir("alice")``: a profile's data folder."""
    return lambda name: home / ".local" / "share" / "nuit-tui" / "profiles" / name


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh city database (lyon, toulouse, rennes), join code ``JOIN_CODE``."""
    return make_db(tmp_path / "city.db")


@pytest.fixture
def orga(db: Path) -> str:
    """The token of an event organizer (home lyon), made before the server starts."""
    store = Store.open(db)
    try:
        token, _user = add_organizer(store, "orga", city="lyon", name="Orga Lyon", event_wide=True)
    finally:
        store.close()
    return token


@pytest.fixture
def server(db: Path, orga: str) -> Iterator[LiveServer]:
    """The server on 127.0.0.1, running; ``server.stop()`` / ``server.start()`` in tests."""
    live = LiveServer(db).start()
    yield live
    live.close()


LOADED_QUICK_SYNC = 30.0
"""Seconds a read command gives the server in tests (the product's ``QUICK_SYNC`` is 2 s)."""


@pytest.fixture
def nuit(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run ``nuit-tui ARGS`` in this process; ``stdin`` (text or bytes) is piped in, else a terminal."""

    # A read gives the server QUICK_SYNC (2 s) before answering from the cache; a loaded test
    # machine, running the server in this process, can take longer. Tests of that fallback set
    # it lower again (``test_shell_faults``).
    monkeypatch.setattr(session, "QUICK_SYNC", LOADED_QUICK_SYNC)

    def run(*argv: str, stdin: str | bytes | None = None) -> Run:
        if stdin is None:
            monkeypatch.setattr(sys, "stdin", Terminal())
        else:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            monkeypatch.setattr(sys, "stdin", Piped(data))
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err, captured.err
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def logged_in(server: LiveServer, nuit: Callable[..., Run]) -> LiveServer:
    """``alice`` of lyon logged in on ``server`` (profile ``alice``, the default)."""
    result = nuit(
        "login", server.url, "--code", JOIN_CODE, "--handle", "alice", "--city", "lyon", "--profile", "alice"
    )
    assert result.code == 0, result.err
    return server


@pytest.fixture
def run_cli(home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``nuit-tui ARGS`` as a real process in the test home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUIT_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

    def run(*argv: str, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "nuittui.cli", *argv],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result

    return run
