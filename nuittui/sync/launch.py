"""The launch view: what the app's first screen showed when it last quit, to show it again at once.

Most of a start-up goes to loading the engine, the contract's models and the config's
validators. When nothing the first screen depends on has changed since the app last
quit, the app draws Home from this view first, then loads all that and redraws from
the cache: the same screen, moved on only by the clock. "Nothing changed" means the
same arguments, environment (profile, API URL, XDG folders, locale), ``config.toml``,
version, and every file of the profile's data folder (cache, outbox, read markers) with the
same size and modification time. Anything else, or a view that does not read, and the
app starts the long way: the view is a shortcut, never a source of data.

One file per profile argument, ``<data dir>/launch/<name>.json``, written by the app
at exit once its engine has stopped, readable by its owner only; it holds no token.
This module needs only the standard library and ``nuittui.profiles.paths`` (no
pydantic), so reading it costs a few milliseconds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, get_args

from nuittui import __version__
from nuittui.profiles.paths import config_path, data_dir

from .state import ConnectionState, Status

__all__ = ["FORMAT", "LaunchView", "forget_view", "launch_key", "load_view", "save_view", "view_path"]

log = logging.getLogger("nuittui.sync.launch")

FORMAT = 1
"""The file's layout; a view of another layout is ignored (and replaced at the next exit)."""
_ENVIRONMENT = (
    *("NUIT_PROFILE", "NUIT_API_URL", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "HOME"),
    *("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"),
)
"""What chooses the profile, its folder and the language (not ``NUIT_TOKEN``: it changes nothing shown)."""
_SKIPPED_SUFFIXES = (".lock", ".tmp")
"""Lock files and temporary files hold no data: taking a lock must not invalidate the view."""


class LaunchView(NamedTuple):
    """What the first screen needs before the engine is loaded."""

    folder: Path
    """The profile's data folder (cache, outbox, markers) the view was read from."""
    language: str | None
    """What the app passed to ``set_language`` (the ``--lang`` flag or the config's)."""
    theme: str | None
    """The config's theme."""
    keys: dict[str, str]
    """The config's key remapping."""
    state: ConnectionState
    """The status bar as a new engine on this cache starts (offline, stale since the last sync)."""
    zone: str | None
    """The event's time zone."""
    screen: dict[str, Any]
    """The first screen's own view (JSON), written and read by that screen."""


def view_path(profile: str | None) -> Path:
    """Where the launch view of ``nuit-tui`` (``--profile profile``) is kept."""
    name = f"profile-{profile}" if profile else "default"
    return data_dir() / "launch" / f"{name}.json"


def launch_key(profile: str | None, language: str | None, folder: Path) -> dict[str, Any]:
    """Everything a launch view depends on, as it is now (reads the folder's file list)."""
    return {
        "format": FORMAT,
        "version": __version__,
        "profile": profile,
        "lang": language,
        "env": [os.environ.get(name) for name in _ENVIRONMENT],
        "config": _stamp(config_path()),
        "folder": str(folder),
        "files": _folder_files(folder),
    }


def load_view(profile: str | None, language: str | None) -> LaunchView | None:
    """The launch view for these arguments if nothing it depends on changed, else ``None``.

    A file that does not read as a view is removed (it is rewritten at the next exit).
    """
    path = view_path(profile)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        data = json.loads(raw)
        folder = Path(data["key"]["folder"])
        if data["key"] != launch_key(profile, language, folder):
            return None
        return _view_from(data["view"], folder)
    except (ValueError, KeyError, TypeError, AttributeError):
        log.warning("ignoring an unreadable launch view: %s", path)
        forget_view(profile)
        return None


def save_view(profile: str | None, language: str | None, key: dict[str, Any], view: LaunchView) -> bool:
    """Write ``view``, read under ``key``; skipped (False) if anything moved since ``key`` was taken.

    Take ``key`` with ``launch_key`` before reading what the view shows: a write by another
    process in between then makes the keys differ, and no stale view is saved.
    """
    if launch_key(profile, language, view.folder) != key:
        forget_view(profile)
        return False
    from nuittui.profiles.atomic import atomic_write

    data = {"key": key, "view": _view_to(view)}
    atomic_write(view_path(profile), json.dumps(data, ensure_ascii=False).encode(), private=True)
    return True


def forget_view(profile: str | None) -> None:
    """Remove the launch view for ``profile`` (the next start goes the long way)."""
    with contextlib.suppress(OSError):
        view_path(profile).unlink(missing_ok=True)


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _folder_files(folder: Path) -> list[list[Any]]:
    """``[relative path, size, mtime_ns]`` of every data file under ``folder``, sorted."""
    found: list[list[Any]] = []
    root = os.path.join(folder, "")
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif not entry.name.endswith(_SKIPPED_SUFFIXES):
                with contextlib.suppress(OSError):
                    stat = entry.stat(follow_symlinks=False)
                    found.append([entry.path[len(root) :], stat.st_size, stat.st_mtime_ns])
    found.sort()
    return found


def _view_to(view: LaunchView) -> dict[str, Any]:
    state = view.state._asdict()
    for name in ("last_synced_at", "stale_since"):
        if state[name] is not None:
            state[name] = state[name].isoformat()
    return {
        "language": view.language,
        "theme": view.theme,
        "keys": view.keys,
        "state": state,
        "zone": view.zone,
        "screen": view.screen,
    }


def _view_from(data: dict[str, Any], folder: Path) -> LaunchView:
    state = dict(data["state"])
    for name in ("last_synced_at", "stale_since"):
        if state[name] is not None:
            state[name] = datetime.fromisoformat(state[name])
    if state["status"] not in get_args(Status):
        raise ValueError(f"unknown status {state['status']!r}")
    keys = data["keys"]
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise TypeError("keys must map strings to strings")
    screen = data["screen"]
    if not isinstance(screen, dict):
        raise TypeError("the screen's view must be an object")
    return LaunchView(
        folder=folder,
        language=_optional_str(data["language"]),
        theme=_optional_str(data["theme"]),
        keys=keys,
        state=ConnectionState(**state),
        zone=_optional_str(data["zone"]),
        screen=screen,
    )


def _optional_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value
