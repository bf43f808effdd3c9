"""What the app does with a profile around its run, off the UI: its engine, the demo, and what it saves.

- ``engine_for``: the sync engine of a resolved profile, its token left to be read after
  the first paint; ``load_profile``: the config read, the profile resolved, its engine
  (what a start from the first paint runs in a worker thread);
- ``demo_first_paint`` and ``DemoStart``: ``nuit-tui --demo`` as a normal start, Home
  drawn from the demo's cache (or empty, on its first start) while ``DemoStart``, the
  loader, starts the server and the participant in a worker thread;
- ``enter_demo``: the demo's server and participant, until an exit stack closes;
- ``save_ui_setting``: a theme or language picked in the app.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nuittui.demo import DemoRuntime
    from nuittui.profiles import ResolvedProfile
    from nuittui.sync import SyncEngine
    from nuittui.sync.first_paint import FirstPaint

__all__ = [
    "DemoStart",
    "demo_first_paint",
    "engine_for",
    "enter_demo",
    "load_profile",
    "save_ui_setting",
]

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


def demo_first_paint(language: str | None, *, reset: bool) -> FirstPaint | None:
    """What ``nuit-tui --demo`` draws before its server is up: the demo's cache, else an empty Home.

    The cache is drawn only when the demo's database stays as it is (not ``reset``, not too
    old): otherwise the start replaces both. None: take the long way (a ``config.toml``
    the fast reader cannot vouch for), which explains the problem.
    """
    from nuittui.demo.sandbox import DEMO_PROFILE, demo_is_fresh
    from nuittui.sync.first_paint import first_paint

    if not reset and demo_is_fresh():
        paint = first_paint(DEMO_PROFILE, language)
        if paint is not None:
            return paint
    return first_paint(DEMO_PROFILE, language, empty=True)


class DemoStart:
    """``nuit-tui --demo``'s loader: start the demo, then give its profile and an engine on it.

    Called once, in a worker thread after the first paint (``NuitApp(loader=…)``): it starts
    the in-process server (seeding its database when needed), logs the demo participant in
    and starts the simulated crowd (``simulate``), as ``run_demo`` does. ``close()``, when the
    app exits, stops all of it; called while the demo is still starting, it makes the start
    stop what it started as soon as its current step ends, and raise ``DemoCancelled``
    (``nuittui.demo.errors``).
    Failures are ``DemoError`` (one line), or the profile's and client's own errors.
    """

    def __init__(self, *, reset: bool, simulate: bool = True) -> None:
        self.reset = reset
        self.simulate = simulate
        self._lock = threading.Lock()
        self._running: DemoRuntime | None = None
        self._closed = False

    def __call__(self) -> tuple[ResolvedProfile, SyncEngine]:
        """Start the demo (blocking: call it in a thread); its profile and engine."""
        from nuittui.demo import DemoCancelled, run_demo

        runtime = run_demo(self.reset, simulate=self.simulate)
        session = runtime.start(cancelled=self._is_closed)
        with self._lock:
            if not self._closed:
                self._running = runtime
        if self._running is not runtime:
            runtime.__exit__(None, None, None)
            raise DemoCancelled("the app quit while the demo started")
        return session.profile, engine_for(session.profile)

    def _is_closed(self) -> bool:
        with self._lock:
            return self._closed

    def close(self) -> None:
        """Stop the demo (server, participant's crowd), or have its start stop; safe to call twice."""
        with self._lock:
            self._closed = True
            running, self._running = self._running, None
        if running is not None:
            running.__exit__(None, None, None)


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
