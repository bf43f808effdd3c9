"""Importing the package stays cheap: no keyring (slow) until a token is needed, no UI or HTTP library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("keyring", "textual", "httpx", "tinydb")


def run(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, env=env, check=True
    )


def test_import_does_not_load_keyring_nor_ui_libraries(home: Path) -> None:
    done = run(
        "import sys, nuittui.profiles\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))",
        home,
    )

    assert done.stdout.strip() == "[]"
    imported = [line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "nuittui.profiles" in imported
    assert not [name for name in imported if name.split(".")[0] in HEAVY]


def test_resolving_for_the_status_line_does_not_load_keyring(home: Path) -> None:
    done = run(
        "import sys\n"
        "from nuittui.profiles import resolve_profile, save_profile\n"
        "save_profile('lyon', 'https://lyon.example', 'ada', 'lyon')\n"
        "profile = resolve_profile(environ={})\n"
        "print(profile.name, profile.data_dir.name, 'keyring' in sys.modules)",
        home,
    )

    assert done.stdout.split() == ["lyon", "lyon", "False"]
