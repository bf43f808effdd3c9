"""What the app does with a profile around its run, off the UI: its engine, the demo, and what it saves.

- ``engine_for``: the sync engine of a resolved profile, its token left to be read after
  the first paint; ``load_profile``: the config read, the profile resolved, its engine
  (what a start from the first paint runs in a worker thread);
- ``enter_demo``: the demo's server and participant, until an exit stack closes;
- ``save_ui_setting``: a theme or language picked in the app.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nuittui.profiles import ResolvedProfile
    from nuittui.sync import SyncEngine

__all__ = ["engine_for", "enter_demo", "load_profile", "save_ui_setting"]

log = logging.getLogger("nuittui.app")


def engine_for(profile: ResolvedProfile, **options: Any) -> SyncEngine:
    """The sync engine of a resolved profile; its token is read by ``NuitApp`` after the first paint.

    ``options`` go to ``SyncEngine.from_profile`` (tests pass the in-process server's transport).
    """
    from nuittui.sync import SyncEngine

    deferred = dataclasses.replace(profile)
    if not profile.env_token:
        # The keyring takes a third of a second to import: the cache needs no token to draw Home.
        deferred.__dict__["token"] = None
    return SyncEngine.from_profile(deferred, **options)


def load_profile(profile: str | None) -> tuple[ResolvedProfile, SyncEngine]:
    """The profile and engine of a start from the launch view (the config is as it was then)."""
    from nuittui.profiles import load_config, resolve_profile

    resolved = resolve_profile(profile, config=load_config())
    return resolved, engine_for(resolved)


def enter_demo(stack: contextlib.ExitStack, *, reset: bool) -> ResolvedProfile:
    """Start the demo (server, participant, simulated activity) until ``stack`` closes; its profile."""
    from nuittui.demo import run_demo

    return stack.enter_context(run_demo(reset)).profile


def save_ui_setting(**changes: str) -> None:
    """Save ``[ui]`` settings (theme, language) in config.toml; a failure is logged, not raised."""
    from nuittui.profiles import ProfileError, load_config, save_config

    try:
        config = load_config()
        for key, value in changes.items():
            setattr(config.ui, key, value)
        save_config(config)
    except (ProfileError, OSError, ValueError):
        log.exception("saving the settings failed")
