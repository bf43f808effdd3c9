"""The first paint: Home read from the profile's cache before the engine and the contract load.

At start-up the app draws Home from the cache's stored rows through the read model
(``nuittui.readmodel``), the same projection every later paint uses, with the
profile and the interface settings read straight from ``config.toml``
(``nuittui.profiles.lean``). The engine, the contract's models and the config's
validators load after that paint, in a worker. No pydantic, httpx or keyring is
loaded here. Whatever this cannot vouch for (no profile chosen, nothing cached yet, a
profile the fast reader does not understand) returns None, and the app starts the
long way, which explains any problem.

A start whose server comes up with the app (``nuit-tui --demo``) asks for an ``empty``
Home when there is no cache to draw (its first start, ``--reset``, a demo seeded
again): the panels and the status line at once, filled by the first sync.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from nuittui.cache.folder import CacheFolder
from nuittui.cache.layout import STATE_FILE
from nuittui.cache.outbox import Outbox
from nuittui.profiles.lean import lean_language, lean_profile, read_config
from nuittui.profiles.paths import data_dir
from nuittui.readmodel.home import HomeView, home_view
from nuittui.readmodel.schedule import parse_time

from .markers import read_dismissed, read_markers
from .state import ConnectionState

__all__ = ["FirstPaint", "first_paint"]


class FirstPaint(NamedTuple):
    """What the app needs to draw its first screen before the engine is loaded."""

    folder: Path
    """The profile's data folder the rows were read from."""
    language: str | None
    """The ``--lang`` flag or the config's language (None: follow the locale)."""
    theme: str | None
    keys: dict[str, str]
    """The config's key remapping."""
    state: ConnectionState
    """The status bar as a new engine on this cache starts (offline, stale since the last sync)."""
    home: HomeView


def first_paint(profile: str | None, language: str | None, *, empty: bool = False) -> FirstPaint | None:
    """Home and the status bar of ``nuit-tui [--profile profile]`` from the cache; None: go the long way.

    ``empty`` (with a ``profile`` named): Home with nothing in it and "never synced", the
    cache left unread (there is none yet, or it is about to be replaced), even with no
    ``config.toml`` yet; for a start that brings its own server up (the demo), never for
    one that may not reach a server.
    """
    config = read_config()
    settings = _settings(config)
    if settings is None:
        return None
    theme, keys = settings
    chosen = lean_profile(profile, config)
    if empty or chosen is None or not (chosen.data_dir / STATE_FILE).is_file():
        if not empty or profile is None:
            return None
        return FirstPaint(
            folder=data_dir() / "profiles" / profile,
            language=language or lean_language(config),
            theme=theme,
            keys=keys,
            state=ConnectionState("offline"),
            home=HomeView(),
        )
    rows = CacheFolder(chosen.data_dir)
    outbox = Outbox.in_folder(chosen.data_dir)
    pending = outbox.pending()
    synced = parse_time(rows.last_synced_text())
    return FirstPaint(
        folder=chosen.data_dir,
        language=language or lean_language(config),
        theme=theme,
        keys=keys,
        state=ConnectionState(
            "offline",
            last_synced_at=synced,
            stale_since=synced,
            queued=len(pending),
            dead_letters=outbox.dead_count(),
        ),
        home=home_view(
            rows, chosen.handle, pending, read_markers(chosen.data_dir), read_dismissed(chosen.data_dir)
        ),
    )


def _settings(config: Mapping[str, object] | None) -> tuple[str | None, dict[str, str]] | None:
    """The theme and the key remapping of ``config``; None when the long way must explain them."""
    if config is None:
        return None, {}  # no config.toml at all: nothing to explain
    ui = config.get("ui") if isinstance(config.get("ui"), Mapping) else {}
    theme = ui.get("theme") if isinstance(ui, Mapping) else None
    keys = config.get("keys", {})
    if not isinstance(keys, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        return None
    return (theme if isinstance(theme, str) else None), dict(keys)
