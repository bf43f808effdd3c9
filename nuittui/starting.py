"""What the app does with a profile around its run, off the UI: its engine, the demo, and what it saves.

- ``engine_for``: the sync engine of a resolved profile, its token left to be read after
  the first paint; ``load_profile``: the config read, the profile resolved, its engine
  (what a start from the launch view runs in a worker thread);
- ``enter_demo``: the demo's server and participant, until an exit stack closes;
- ``save_launch_view``: what Home shows, saved at exit for the next start
  (``nuittui.sync.launch``); ``save_ui_setting``: a theme or language picked in the app.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nuittui.profiles import ResolvedProfile
    from nuittui.sync import SyncEngine

__all__ = ["engine_for", "enter_demo", "load_profile", "save_launch_view", "save_ui_setting"]

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


def save_launch_view(engine: SyncEngine, profile: str | None, lang: str | None) -> None:
    """Save what Home shows for the next ``nuit-tui [--profile profile] [--lang lang]``; failures are logged.

    Call it once ``engine`` has stopped (nothing of it writes after ``stop()``). If another
    process writes to the folder meanwhile, the key moves and nothing is saved.
    """
    from nuittui.profiles import load_config, resolve_profile
    from nuittui.screens.home_data import home_view
    from nuittui.sync import launch

    try:
        key = launch.launch_key(profile, lang, engine.folder)  # before reading: writes void it
        config = load_config()
        if resolve_profile(profile, config=config).data_dir != engine.folder:
            launch.forget_view(profile)  # the config now chooses another profile
            return
        home = home_view(engine)
        view = launch.LaunchView(
            folder=engine.folder,
            language=lang or config.ui.language,
            theme=config.ui.theme,
            keys=dict(config.keys),
            state=engine.resting_state(),
            zone=home.zone,
            screen=home.to_json(),
        )
        launch.save_view(profile, lang, key, view)
    except Exception:  # the next start goes the long way; leaving must never fail
        log.exception("saving the launch view failed")
        launch.forget_view(profile)
