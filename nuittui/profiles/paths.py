"""Where nuit-tui keeps its files, via platformdirs (so XDG_CONFIG_HOME / XDG_DATA_HOME apply).

- config dir: ``config.toml`` and, when no keyring is used, ``credentials.toml`` (0600);
- data dir: ``profiles/<name>/`` per profile, holding its cache and outbox. Not the
  cache dir: users clear that one, and the outbox holds writes not yet sent.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "config_dir",
    "config_path",
    "credentials_path",
    "data_dir",
    "display_path",
    "profile_data_dir",
]

APP_NAME = "nuit-tui"
CONFIG_FILE = "config.toml"
CREDENTIALS_FILE = "credentials.toml"


def config_dir() -> Path:
    """The user's config directory for nuit-tui (read from the environment on every call)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The user's data directory for nuit-tui (read from the environment on every call)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_path() -> Path:
    """The path of ``config.toml``."""
    return config_dir() / CONFIG_FILE


def credentials_path() -> Path:
    """The path of the credentials file used when tokens are not in a keyring."""
    return config_dir() / CREDENTIALS_FILE


def profile_data_dir(name: str) -> Path:
    """The directory holding one profile's cache and outbox; ``name`` must be a valid profile name."""
    return data_dir() / "profiles" / name


def display_path(path: Path) -> str:
    """``path`` as a user reads it in a message: under the home directory it starts with ``~``."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        # not under the home directory (or no home known): show it whole
        return str(path)
