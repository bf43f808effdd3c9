"""The nuit-tui app: six sections as Textual modes, on top of the sync engine's façade.

``NuitApp`` composes; it does not do the work. Each section is a screen in
``nuittui.screens`` that reads the local cache through the engine and writes
through its outbox, so the app is instant and works offline. ``run()`` is what
``nuit-tui`` with no subcommand calls: it resolves the profile (or opens the
welcome screen, or starts the demo), builds the engine and runs the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from nuittui.demo.errors import DemoCancelled
from nuittui.i18n import _, set_language
from nuittui.screens.alerts import SyncAlerts
from nuittui.screens.base import SECTIONS, translate_bindings
from nuittui.screens.keyorder import KeysInOrder
from nuittui.screens.sections import SectionsAhead, section_screen
from nuittui.starting import (
    DemoStart,
    demo_first_paint,
    engine_for,
    enter_demo,
    load_profile,
    save_ui_setting,
)

if TYPE_CHECKING:
    from textual.command import Provider

    from nuittui.profiles import ResolvedProfile
    from nuittui.sync import SyncEngine
    from nuittui.sync.first_paint import FirstPaint

    Loader = Callable[[], tuple[ResolvedProfile, SyncEngine]]

__all__ = ["NuitApp", "run"]

log = logging.getLogger("nuittui.app")

POKE_EVERY = 2.0
"""While offline, a key or a click tries the server at once, at most this often (seconds)."""


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the app's clock outside tests)."""
    return datetime.now(UTC)


def _commands() -> type[Provider]:
    from nuittui.commands import NuitCommands

    return NuitCommands


def _mode_binding(number: int, section: str) -> Binding:
    labels = {
        "home": ("Home", "Now, next, my team, my swaps, mentions"),
        "projects": ("Projects", "Themes, projects and teams"),
        "swaps": ("Swaps", "The bug swap board"),
        "chat": ("Chat", "Channels of every city, team and swap"),
        "schedule": ("Schedule", "The event's schedule"),
        "cities": ("Cities", "How every city is doing"),
    }
    label, tooltip = labels[section]
    # Out of the footer: the top bar names every section with its key (F1 lists them too).
    return Binding(
        str(number), f"section('{section}')", label, id=f"mode.{section}", tooltip=tooltip, show=False
    )


class NuitApp(KeysInOrder, SectionsAhead, SyncAlerts, App[None]):
    """The participant's app: Home, Projects, Bug swaps, Chat, Schedule and Cities, live and offline.

    ``engine`` is the sync façade (started on mount, stopped on exit); ``clock``
    gives the time shown (frozen in tests). With no engine, the app opens on
    the welcome screen, which connects to a city or starts the demo, unless it
    has a ``first_paint`` and a ``loader``: then Home is drawn from the cache's rows
    at once (``nuittui.sync.first_paint``), and the loader (run in a thread after
    that paint) gives the profile and the engine. A loader with a ``close()`` (the demo's
    ``DemoStart``, which starts a server) is closed when the app exits.
    """

    TITLE = "nuit-tui"
    CSS = """
    Screen { background: $background; }
    .panel { border: round $primary-darken-2; border-title-color: $accent; padding: 0 1; }
    """

    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        section: partial(section_screen, section) for section in SECTIONS if section != "home"
    }
    """The sections but Home, which is added on mount: the app starts on Home as its default
    screen (``get_default_screen``), because Textual sets up the first screen of a mode with a
    reparse of the whole stylesheet, and the first frame would wait for it."""
    COMMANDS = App.COMMANDS | {_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        *(_mode_binding(number, section) for number, section in enumerate(SECTIONS, start=1)),
        Binding("f1", "help", "Help", id="app.help", tooltip="Every key of this screen"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            id="app.palette",
            tooltip="Search every command",
        ),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave nuit-tui"),
        Binding(
            "ctrl+r",
            "retry_now",
            "Retry now",
            id="app.retry",
            tooltip="Offline: try to reach the server now",
        ),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_now"),
        Binding(
            "ctrl+t", "change_theme", "Theme", show=False, id="app.theme", tooltip="Switch the colour theme"
        ),
    ]

    def __init__(
        self,
        *,
        engine: SyncEngine | None,
        clock: Callable[[], datetime] = utcnow,
        keymap: dict[str, str] | None = None,
        theme: str | None = None,
        profile: ResolvedProfile | None = None,
        first_paint: FirstPaint | None = None,
        loader: Loader | None = None,
    ) -> None:
        if engine is not None or (first_paint is not None and loader is not None):
            # Home is the first screen composed: no blank screen before it.
            self.DEFAULT_MODE = "home"  # type: ignore[misc]
        super().__init__()
        translate_bindings(self)
        self._engine = engine
        self.clock = clock
        """The time shown everywhere (the event's countdown, "stale since")."""
        self.profile = profile
        """The profile the app runs with, when it came from the config (None in tests)."""
        self.bells = 0
        """How many times the app rang the terminal bell (a claim on my swap rings it)."""
        self._exit_stack = contextlib.ExitStack()
        self._shutting_down = False
        self._unsubscribe: Callable[[], None] | None = None
        self._engine_started = False
        self._theme_to_save = False
        self._dead_seen = 0
        self.outbox_damage = 0
        """Damage reports of the outbox file not acknowledged yet (the palette offers to acknowledge them)."""
        self.first_paint = first_paint if engine is None and loader is not None else None
        """What Home shows until the engine is loaded (read from the cache's rows), else None."""
        self._loader = loader if self.first_paint is not None else None
        close = getattr(self._loader, "close", None)
        if callable(close):
            self._exit_stack.callback(close)  # a loader that holds something (the demo's server) lets it go
        self._asked_section: str | None = None
        self._engine_waiters: list[Callable[[], None]] = []
        self.drafts: dict[str, Any] = {}
        """What was typed in a form closed without sending, by form: back when it opens again."""
        self._offline = False
        self._poked_at = float("-inf")
        if keymap:
            self.set_keymap(keymap)
        if theme and theme in self.available_themes:
            self.theme = theme

    # -- the engine ---------------------------------------------------------------------
    @property
    def engine(self) -> SyncEngine:
        """The sync façade; the app has one as soon as it is past the welcome screen."""
        if self._engine is None:
            raise RuntimeError("the app has no engine yet")
        return self._engine

    @property
    def has_engine(self) -> bool:
        """Whether the app is connected to a profile (false on the welcome screen)."""
        return self._engine is not None

    def when_engine(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the app has its engine: now, or as soon as it is loaded."""
        if self._engine is not None:
            callback()
        else:
            self._engine_waiters.append(callback)

    def _set_engine(self, engine: SyncEngine, profile: ResolvedProfile | None) -> None:
        self._engine = engine
        self.profile = profile or self.profile
        waiters, self._engine_waiters = self._engine_waiters, []
        for callback in waiters:
            callback()

    def get_default_screen(self) -> Screen[Any]:
        """Home when the app starts on it; else Textual's blank screen, under the welcome screen."""
        if self.DEFAULT_MODE == "home":
            return section_screen("home")
        return super().get_default_screen()

    async def on_mount(self) -> None:
        """Start syncing and show Home; with no profile yet, the welcome screen."""
        self.add_mode("home", partial(section_screen, "home"))  # started on (if so), or switched to later
        self._theme_to_save = True
        if self._loader is not None:
            # Home is drawn from the cache's rows; the profile, models and engine load after that paint,
            # in a worker: keys (help, quit, a section for later) are answered meanwhile.
            self.call_after_refresh(self.run_worker, self._load_engine, name="load-engine")
            return
        self.call_after_refresh(_resume_collector)
        if self._engine is None:
            await self._show_welcome()
            return
        # Home is drawn from the cache first; the network (and the keyring) come after the first paint.
        self.call_after_refresh(self._start_engine)

    async def _load_engine(self) -> None:
        """Load the config, the profile and the engine in a thread, then draw from the cache."""
        loader, self._loader = self._loader, None
        assert loader is not None
        try:
            profile, engine = await asyncio.to_thread(loader)
        except DemoCancelled:
            return  # the app is quitting: what the demo started is stopped
        except Exception as error:  # what the long way says before the app opens
            log.exception("loading the profile and the engine failed")
            from rich.text import Text

            self.exit(return_code=1, message=Text(f"nuit-tui: {error}"))
            return
        finally:
            _resume_collector()
        self._set_engine(engine, profile)
        section, self._asked_section = self._asked_section, None
        if section is not None:
            await self.action_section(section)
        await self._start_engine()

    async def _start_engine(self) -> None:
        engine = self.engine
        self._dead_seen = engine.state.dead_letters
        self._unsubscribe = engine.subscribe(self._on_engine_change)
        profile = self.profile
        try:
            client = await engine.connect()  # the HTTP stack loads in a worker thread, after the first paint
        except Exception as error:  # e.g. an unreadable certificate bundle: the cache still reads, offline
            log.exception("making the HTTP client failed")
            self.notify(str(error), title=_("Could not connect"), severity="error", markup=False)
            return
        if profile is not None and client.token is None:
            try:
                client.token = await asyncio.to_thread(lambda: profile.token)
            except Exception as error:  # a broken keyring: the cache still reads, the status bar says why
                log.exception("reading the token failed")
                engine.token_unreadable(str(error))  # the status bar says why, not "not logged in"
                self.notify(
                    str(error),
                    title=_("Could not read the token"),
                    severity="error",
                    markup=False,
                    timeout=30,
                )
        await engine.start()
        self._engine_started = True
        self.build_ahead()
        await self._report_outbox_damage()

    async def _report_outbox_damage(self) -> None:
        """A damaged outbox file was recovered: say what was kept, what was lost, where the copy is."""
        engine = self.engine
        try:
            reports = await asyncio.to_thread(engine.outbox_recoveries)
        except Exception:  # a report that cannot be read must not stop the app
            log.exception("reading the outbox's damage reports failed")
            return
        self.outbox_damage = len(reports)
        for report in reports:
            text = _(
                "{recovered} writes recovered, {damaged} unreadable records; "
                "the damaged copy is kept at {path}",
                recovered=report.recovered,
                damaged=report.damaged,
                path=str(report.kept_at),
            )
            self.notify(
                text, title=_("The outbox file was damaged"), severity="warning", timeout=30, markup=False
            )

    async def acknowledge_outbox_damage(self) -> None:
        """The user has read the damage reports: stop showing them (the damaged copies stay)."""
        count = await self.engine.acknowledge_recoveries()
        self.outbox_damage = 0
        self.notify(_("{count} damage reports acknowledged", count=count), markup=False)

    async def adopt_engine(self, engine: SyncEngine, profile: ResolvedProfile | None = None) -> None:
        """Run on ``engine`` from now on (after the welcome screen connected or started the demo)."""
        self._set_engine(engine, profile)
        await self._start_engine()
        await self.switch_mode("home")

    async def _shutdown(self) -> None:
        self._shutting_down = True
        await super()._shutdown()

    def _handle_exception(self, error: Exception) -> None:
        """An error raised while the app closes its screens (a widget still mounting, say, in a
        section built ahead) is logged: the user is leaving, and it must not print a traceback."""
        if self._shutting_down:
            log.warning("ignored while closing: %r", error)
            return
        super()._handle_exception(error)

    async def on_unmount(self) -> None:
        """Stop syncing (the outbox is on disk: nothing is lost) and release what the app held."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        engine = self._engine
        if engine is not None:
            try:
                if self._engine_started:
                    await engine.aclose()  # stops syncing; closes the connection if the engine opened it
            except Exception:  # leaving must never fail
                log.exception("stopping the sync engine failed")
        self._exit_stack.close()
        gc.unfreeze()  # what the app froze (its screens) can be collected once it is gone

    # -- welcome ------------------------------------------------------------------------
    async def _show_welcome(self) -> None:
        from nuittui.screens.welcome import WelcomeScreen

        await self.push_screen(WelcomeScreen(), callback=self._welcome_done)

    async def _welcome_done(self, result: Any) -> None:
        """The welcome screen connected a profile (``"connected"``) or asked for the demo (``"demo"``)."""
        from nuittui.profiles import resolve_profile

        try:
            if result == "demo":
                profile = await asyncio.to_thread(lambda: enter_demo(self._exit_stack, reset=False))
            elif result == "connected":
                profile = resolve_profile(None)
            else:
                self.exit()
                return
            await self.adopt_engine(engine_for(profile), profile)
        except Exception as error:  # a failure is one line on the welcome screen, never a traceback
            log.exception("starting after the welcome screen failed")
            self.notify(str(error), title=_("Could not start"), severity="error", markup=False)
            await self._show_welcome()

    # -- actions ------------------------------------------------------------------------
    async def action_section(self, section: str) -> None:
        """Show a section (its own screen stack is kept as it was)."""
        if self._engine is None and self.first_paint is not None:
            self._asked_section = section  # pressed while the engine loads: shown once it is there
            return
        if not self.has_engine or section not in SECTIONS:
            return
        await self.show_section(section)

    def get_key_display(self, binding: Binding) -> str:
        """How a key is written in the footer and the help: function keys as ``F1``."""
        display = super().get_key_display(binding)
        return display.upper() if display[:1] == "f" and display[1:].isdigit() else display

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "Retry now" only while offline."""
        if action == "retry_now":
            return self._engine is not None and self._engine.state.status == "offline"
        return True

    def action_retry_now(self) -> None:
        """Try to reach the server now instead of waiting for the next try."""
        engine = self._engine
        if engine is None:
            return
        engine.retry_now()
        self._poked_at = time.monotonic()
        self.notify(_("Trying to reach the server…"), timeout=3, markup=False)

    async def on_event(self, event: events.Event) -> None:
        """While offline, any key or click tries the server at once (at most every ``POKE_EVERY`` s)."""
        if isinstance(event, events.Key | events.MouseDown) and self._offline and self._engine is not None:
            moment = time.monotonic()
            if moment - self._poked_at >= POKE_EVERY:
                self._poked_at = moment
                self._engine.retry_now()
        await super().on_event(event)

    def action_help(self) -> None:
        """Every key of the current screen, from the live bindings."""
        from nuittui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def switch_language(self, language: str) -> None:
        """Change the interface language now, and remember it."""
        set_language(language)
        if self.profile is not None:
            save_ui_setting(language=language)
        translate_bindings(self)
        if not self.has_engine:
            return
        await self.rebuild_shown()

    def watch_theme(self, theme: str) -> None:
        """Remember a theme the user picked."""
        if self._theme_to_save and self.profile is not None:
            save_ui_setting(theme=theme)


def _resume_collector() -> None:
    """Turn the garbage collector back on if ``nuit-tui`` paused it while the app loaded.

    What loaded is frozen first (``gc.freeze``): modules, classes and styles live as long as the
    app, and later passes no longer scan them, which keeps them short.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run(
    *, profile: str | None = None, demo: bool = False, reset: bool = False, lang: str | None = None
) -> int:
    """``nuit-tui`` with no subcommand: open the app; returns the exit code, errors are one line.

    Home is drawn from the profile's cache first (``nuittui.sync.first_paint``); the config,
    profile and engine load after that paint. With nothing cached yet, they load first. The
    demo starts the same way: Home from the demo's cache (empty on its first start) at once,
    its server started after that paint (``nuittui.starting.DemoStart``).
    """
    if demo:
        paint = demo_first_paint(lang, reset=reset)
        if paint is not None:
            set_language(paint.language)
            starting = paint.state._replace(last_error=_("starting the demo…"))
            return _run_first_painted(paint._replace(state=starting), DemoStart(reset=reset))
    else:
        from nuittui.sync.first_paint import first_paint

        paint = first_paint(profile, lang)
        if paint is not None:
            set_language(paint.language)
            return _run_first_painted(paint, partial(load_profile, profile))

    from nuittui.profiles import NoProfileError, ProfileError, load_config, resolve_profile

    try:
        config = load_config()
    except ProfileError as error:
        print(f"nuit-tui: {error}", file=sys.stderr)
        return 1
    set_language(lang or config.ui.language)
    with contextlib.ExitStack() as stack:
        try:
            resolved: ResolvedProfile | None
            if demo:
                resolved = enter_demo(stack, reset=reset)
                config = resolved.config
            else:
                try:
                    resolved = resolve_profile(profile, config=config)
                except NoProfileError:
                    if profile or config.profiles:
                        raise
                    resolved = None  # a first run: the welcome screen connects or starts the demo
            engine = engine_for(resolved) if resolved is not None else None
            app = NuitApp(
                engine=engine,
                keymap=config.keys,
                theme=config.ui.theme,
                profile=resolved,
            )
        except KeyboardInterrupt:
            return 130
        except Exception as error:  # a bad profile, config, cache or a missing demo: one line, no traceback
            print(f"nuit-tui: {error}", file=sys.stderr)
            return 1
        app.run()
        return app.return_code or 0


def _run_first_painted(paint: FirstPaint, loader: Loader) -> int:
    """Run the app on Home drawn from ``paint``, the profile and engine given by ``loader`` after it."""
    app = NuitApp(engine=None, keymap=paint.keys, theme=paint.theme, first_paint=paint, loader=loader)
    app.run()
    return app.return_code or 0
