"""Fixtures for the demo tests: a private home (XDG dirs in ``tmp_path``), no keyring, no NUIT_*.

The demo writes where a user's demo would go (``<data>/nuit-tui/demo/demo.db``, the
``demo`` profile in ``config.toml``, its token in ``credentials.toml``), so every test
gets its own home. The OS keyring cannot run here: tokens go to the 0600 file.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from nuittui.demo.sandbox import prepare_demo_db
from nuittui.i18n import current_language, set_language


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh home with XDG config and data dirs, English messages, and no keyring."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / ".local" / "share"))
    for name in ("NUIT_PROFILE", "NUIT_API_URL", "NUIT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    language = current_language()
    set_language("en")
    keyring.set_keyring(null.Keyring())
    yield tmp_path
    set_language(language)


@pytest.fixture
def data_home(home: Path) -> Path:
    """nuit-tui's data directory in the test home."""
    return home / ".local" / "share" / "nuit-tui"


def port_is_closed(port: int) -> bool:
    """Whether nothing accepts connections on 127.0.0.1:``port`` any more."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database seeded once per session, for the tests that are not about seeding."""
    root = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as patch:
        # Seeding also wipes the demo profile's cache: keep it away from the real home.
        patch.setenv("XDG_DATA_HOME", str(root / "data"))
        prepare_demo_db(root / "demo.db")
    return root


@pytest.fixture
def seeded_sandbox(seeded_template: Path, data_home: Path) -> Path:
    """The test home's demo database, already seeded (a copy of ``seeded_template``)."""
    target = data_home / "demo"
    target.mkdir(parents=True)
    for path in seeded_template.glob("demo.db*"):
        shutil.copy2(path, target / path.name)
    return target / "demo.db"
