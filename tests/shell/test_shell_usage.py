"""The command line itself: usage errors, help, the app seam, and what the hot paths import."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest

from .conftest import JOIN_CODE


@pytest.mark.parametrize(
    "argv",
    [
        ["swap", "post"],
        ["swap", "list", "--status", "lost"],
        ["swap", "claim", "un"],
        ["swap", "resolve", "1", "--rating", "6"],
        ["schedule", "--bogus"],
        ["chat"],
        ["outbox", "--retry", "a", "--discard", "b"],
        ["nope"],
        ["--demo", "swap", "list"],
    ],
)
def test_bad_command_lines_are_one_line_and_exit_2(nuit, argv: list[str]) -> None:
    result = nuit(*argv)

    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("nuit-tui")
    assert "usage:" not in result.err


def test_help_and_french(nuit) -> None:
    english = nuit("--help")
    french = nuit("--lang", "fr", "swap", "post")

    assert english.code == 0 and "swap" in english.out and "status" in english.out
    assert french.code == 2 and "voir nuit-tui swap post --help" in french.err


def test_no_command_opens_the_app_with_the_flags_passed_on(nuit, monkeypatch) -> None:
    calls: list[dict[str, object]] = []
    stand_in = types.ModuleType("nuittui.app")
    stand_in.run = lambda **options: calls.append(options) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nuittui.app", stand_in)

    result = nuit("--demo", "--reset", "--profile", "lyon", "--lang", "en")

    assert result.code == 0
    assert calls == [{"profile": "lyon", "demo": True, "reset": True, "lang": "en"}]


def test_without_the_app_the_shell_says_so(nuit, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "nuittui.app", None)  # as if the module did not exist

    result = nuit()

    assert result.code == 1 and result.err.count("\n") == 1 and "the app is not built yet" in result.err


def _imported(argv: list[str], home, stdin: str = "") -> set[str]:
    """The modules a real ``nuit-tui ARGV`` process imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUIT_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nuittui.cli", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "import time:" in line}


def test_the_hot_paths_stay_lean_and_no_command_imports_textual(logged_in, nuit, home) -> None:
    nuit(
        "login", logged_in.url, "--code", JOIN_CODE, "--handle", "bob", "--city", "rennes", "--profile", "bob"
    )

    post = _imported(["swap", "post", "léger", "--tag", "perf"], home, stdin="some output\n")
    line = _imported(["status", "--line"], home)
    listing = _imported(["swap", "list"], home)

    for heavy in ("textual", "httpx", "httpcore", "nuittui.client", "asyncio"):
        assert heavy not in post, heavy
    # The post checks the server's answer with the contract's models, and nothing more of them.
    assert "nuittui.models.answers" in post and "nuittui.sync.engine" not in post
    for heavy in ("textual", "pydantic", "httpx", "httpcore", "nuittui.models", "nuittui.client", "asyncio"):
        assert heavy not in line, heavy
    assert "filelock" not in line and "tinydb" not in line
    assert "nuittui.models" in listing and "textual" not in listing


def test_login_mistakes_are_one_clear_line(server, nuit) -> None:
    no_city = nuit("login", server.url, "--code", JOIN_CODE, "--handle", "ada")
    bad_code = nuit("login", server.url, "--code", "faux", "--handle", "ada", "--city", "lyon")
    bad_city = nuit("login", server.url, "--code", JOIN_CODE, "--handle", "ada", "--city", "paris")
    bad_url = nuit("login", "ftp://example", "--code", JOIN_CODE, "--handle", "ada")

    for result in (no_city, bad_code, bad_city, bad_url):
        assert result.code == 1 and result.out == "" and result.err.count("\n") == 1
    assert "choose one with --city (lyon, toulouse, rennes)" in no_city.err
    assert "unknown city paris: this event's cities are lyon, toulouse, rennes" in bad_city.err
    assert "http(s)" in bad_url.err


def test_failures_are_described_in_one_line() -> None:
    import errno

    from nuittui.shell.output import clean, one_line
    from nuittui.shell.run import describe

    assert describe(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full: nothing was saved"
    assert describe(PermissionError(errno.EACCES, "Permission denied", "/x")) == "/x: Permission denied"
    assert describe(RuntimeError("boom")) == "unexpected error (RuntimeError): boom"
    assert clean("a\x1b[31mb\u202ec\x07") == "a[31mbc"
    assert one_line("deux\nlignes\tet  espaces", 12) == "deux lignes…"
