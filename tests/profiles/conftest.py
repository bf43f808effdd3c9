"""Fixtures for the profiles tests: a private home with XDG dirs, and keyring backends.

The OS keyring cannot run here, so the keyring path uses a small in-memory backend;
every other part (files, permissions, TOML) is the real thing in ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from nuittui.i18n import current_language, set_language

from .fake_keyrings import LockedKeyring, MemoryKeyring


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh home: XDG config and data dirs in it, no NUIT_* variables, English messages, no keyring."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / ".local" / "share"))
    for name in ("NUIT_PROFILE", "NUIT_API_URL", "NUIT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    language = current_language()
    set_language("en")
    keyring.set_keyring(null.Keyring())
    yield tmp_path
    keyring.set_keyring(null.Keyring())
    set_language(language)


@pytest.fixture
def config_file(home: Path) -> Path:
    """Where ``config.toml`` lives in the test home."""
    return home / ".config" / "nuit-tui" / "config.toml"


@pytest.fixture
def credentials_file(home: Path) -> Path:
    """Where ``credentials.toml`` lives in the test home."""
    return home / ".config" / "nuit-tui" / "credentials.toml"


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    """A working keyring backend, installed for the test."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def locked_keyring() -> LockedKeyring:
    """A keyring backend that fails every operation, installed for the test."""
    backend = LockedKeyring()
    keyring.set_keyring(backend)
    return backend
