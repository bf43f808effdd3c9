"""The sections' screens: which screen each section is, showing one, building the others ahead.

``SectionsAhead`` is a mixin of the app (before ``App`` in its bases). Each section is the root
screen of a Textual mode. Once the engine has started (``build_ahead``), the sections not shown
yet are built one at a time, hidden, drawn from the cache, then laid out and rendered while
hidden (``SectionScreen.built_hidden``), so a first visit paints like a revisit. A switch to a
section already built skips Textual's 50 ms hold (``delay_update``), which only hides a screen
still being composed; the holds running (a section not built yet, a command from the palette) end
as soon as a screen new on screen has drawn from the cache (``release_holds``). A language switch builds the
section on screen again and swaps it in, drawn, in one frame (``rebuild_shown``); the hidden
sections are then stale: dropped once the switch is painted, and built again ahead.

Once every section is built, the garbage collector freezes what lives (``gc.freeze``): its later
passes skip the screens' hundreds of thousands of objects, which otherwise made a full pass pause
the app for 100–300 ms at random moments. A language switch unfreezes them first, so the sections
it drops are collected.

This uses a few Textual internals (``_get_screen``, ``_load_screen_css``, ``_screen_stacks``,
``_modes``, ``_begin_batch``/``_end_batch``/``_batch_count``, ``_push_result_callback``,
``Screen._on_timer_update``); the pin ``textual>=8.2,<9`` and the app tests
(``test_sections_ahead.py``, ``test_sections_fresh.py``) guard them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import weakref
from functools import partial
from typing import TYPE_CHECKING, Any

from nuittui.screens.base import SECTIONS, SectionScreen

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from textual.app import App
    from textual.screen import Screen

__all__ = ["DRAW_WAIT", "FREEZE_AFTER", "PREBUILD_AFTER", "PREBUILD_GAP", "SectionsAhead", "section_screen"]

log = logging.getLogger("nuittui.screens.sections")

PREBUILD_AFTER = 0.2
"""Seconds after the engine started, or a language switch painted, before the hidden sections are
built."""
PREBUILD_GAP = 0.1
"""Seconds between two sections built ahead (keys are answered in between)."""
FREEZE_AFTER = 1.0
"""Seconds after the last section is built ahead before the collector freezes what lives (and
between two tries while a section dropped is still referenced)."""
FREEZE_TRIES = 5
"""Tries before freezing anyway: a section still held then (a timer it cancelled keeps it until the
timer's time) is freed after the next language switch unfreezes it."""
DRAW_WAIT = 0.5
"""At most this long (s) a section rebuilt on screen (a language switch) keeps the frame before
it while it is drawn."""

_SECTION_SCREENS: dict[str, tuple[str, str]] = {
    "home": ("nuittui.screens.home", "HomeScreen"),
    "projects": ("nuittui.screens.projects", "ProjectsScreen"),
    "swaps": ("nuittui.screens.swaps", "SwapBoardScreen"),
    "chat": ("nuittui.screens.chat", "ChatScreen"),
    "schedule": ("nuittui.screens.schedule", "ScheduleScreen"),
    "cities": ("nuittui.screens.cities", "CitiesScreen"),
}


def section_screen(section: str, kept: Mapping[str, Any] | None = None) -> Screen[Any]:
    """A new root screen for ``section``, its module imported on first use (start-up stays fast);
    with the choices ``kept`` from the screen it replaces (``SectionScreen.kept``)."""
    module_name, class_name = _SECTION_SCREENS[section]
    module = importlib.import_module(module_name)
    screen: Screen[Any] = getattr(module, class_name)()
    for name, value in (kept or {}).items():
        setattr(screen, name, value)
    return screen


def _kept(screens: list[Screen[Any]] | None) -> dict[str, Any]:
    """The choices kept from a section's stack (its root screen)."""
    root = screens[0] if screens else None
    return root.kept() if isinstance(root, SectionScreen) else {}


class SectionsAhead:
    """Mixin for the app: sections shown, built ahead, and rebuilt after a language switch."""

    _stale: set[str] | None = None
    _at_once = False
    _building: str | None = None
    _built_since_freeze = False
    _dropped: list[weakref.ref[Screen[Any]]] | None = None
    _held: list[Callable[[], None]] | None = None

    @property
    def _holds(self) -> list[Callable[[], None]]:
        """The ends of the holds on updates still running (``delay_update``)."""
        if self._held is None:
            self._held = []
        return self._held

    @property
    def _stale_sections(self) -> set[str]:
        """Sections still built in the language before the last switch: built again before shown."""
        if self._stale is None:
            self._stale = set()
        return self._stale

    @property
    def _app(self) -> App[Any]:
        return self  # type: ignore[return-value]

    async def show_section(self, section: str) -> None:
        """Switch to ``section``: at once when it is built, else built now (behind Textual's hold)."""
        app = self._app
        if app.current_mode == section:
            return
        await self._rebuild(section)  # if still in the previous language
        self._at_once = self._built(section)
        try:
            await app.switch_mode(section)
        finally:
            self._at_once = False

    def built_sections(self) -> set[str]:
        """The sections whose screen is built in the current language (shown before, or built ahead)."""
        return {s for s in SECTIONS if self._built(s) and s not in self._stale_sections}

    def _built(self, section: str) -> bool:
        stack = self._app._screen_stacks.get(section)
        return stack is not None and bool(stack) and stack[0].is_mounted

    def delay_update(self, delay: float = 0.05) -> None:
        """Hold the screen's updates (a screen switch, a command from the palette) for ``delay`` s,
        or until a section on screen first draws (``release_holds``); none for a switch to a
        section already built.

        Textual's hold, ended early: it hides a screen still being composed, and a section
        composed and drawn from the cache has nothing more to hide.
        """
        if self._at_once:
            return
        app = self._app
        holds = self._holds
        app._begin_batch()

        def end() -> None:
            if end in holds:
                holds.remove(end)
                app._end_batch()
                if not app._batch_count:
                    app.screen.refresh()

        holds.append(end)
        app.set_timer(delay, end, name="delay_update")

    def release_holds(self) -> None:
        """End every hold on updates now: what they hid is drawn."""
        for end in list(self._holds):
            end()

    def build_ahead(self, after: float = PREBUILD_AFTER) -> None:
        """Start building the sections not built yet, hidden, ``after`` seconds from now."""
        self._app.set_timer(after, self._build_next)

    async def rebuild_shown(self) -> None:
        """Build the section on screen again (a language switch) and show it in one frame, drawn.

        The frame before stays on screen until then (a batch, not a timed hold); what was
        stacked on the section closes. The other sections are dropped and built again ahead
        after that frame.
        """
        app = self._app
        current = app.current_mode
        if current in SECTIONS:
            with app.batch_update():
                self._dropping(app.screen_stack)
                while len(app.screen_stack) > 1:
                    await app.pop_screen()
                screen = section_screen(current, _kept(app.screen_stack))
                # switch_screen drops the result callback of the screen it replaces; a mode's
                # first screen was never pushed, so it has none: give it an empty one
                app.screen._push_result_callback(app.screen, None)
                await app.switch_screen(screen)
                if isinstance(screen, SectionScreen):
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(DRAW_WAIT):
                            await screen.drawn()
            app.screen.refresh()
            # paint now: Textual's update timer ticked for the frames the batch kept back, and
            # would wait for its next tick (up to a frame)
            app.screen._on_timer_update()
        self.stale_but(current)

    def _dropping(self, screens: list[Screen[Any]]) -> None:
        """``screens`` are about to be dropped: the collector is not frozen before they are freed."""
        if self._dropped is None:
            self._dropped = []
        first = self._app.default_screen  # Textual keeps it for the app's life: not waited for
        self._dropped += [weakref.ref(screen) for screen in screens if screen is not first]

    def stale_but(self, current: str) -> None:
        """A language switch rebuilt ``current``: the others are dropped ``PREBUILD_AFTER`` s later,
        once it is painted, and built again ahead."""
        self._stale = {s for s in SECTIONS if s != current}
        self._app.set_timer(PREBUILD_AFTER, self._rebuild_stale)

    async def _rebuild_stale(self) -> None:
        gc.unfreeze()  # the screens dropped are garbage to collect (frozen, they would never be)
        for section in sorted(self._stale_sections):
            if section != self._app.current_mode:
                await self._rebuild(section)
        self._build_next()

    def _leaving(self) -> bool:
        """Whether the app is closing: its screens are being closed, and no section may be added
        or dropped meanwhile (Textual walks the stacks as it closes them)."""
        return bool(self._app._exit) or not self._app.is_running

    async def _rebuild(self, section: str) -> None:
        """Drop ``section``'s screen (and what is stacked on it); it is built anew when next shown."""
        app = self._app
        if section not in self._stale_sections or self._leaving():
            return  # rebuilt meanwhile (shown while the others were being dropped), or closing
        self._stale_sections.discard(section)
        stack = app._screen_stacks.get(section)
        kept = _kept(stack)
        self._dropping(stack or [])
        await app.remove_mode(section)
        app.add_mode(section, partial(section_screen, section, kept))

    def _freeze_what_lives(self, tries: int) -> None:
        """Every section is built: freeze what lives (``gc.freeze``), the young garbage collected.

        The screens built live as long as the app (or until a language switch); frozen, the
        collector's later passes no longer scan their widgets and rendered lines (hundreds of
        thousands of objects), so none of them pauses the app long. No full pass here: it would be
        that very pause. A section a switch dropped and still referenced, or not collected yet,
        would stay frozen: the freeze waits for the collector to free them, ``tries`` more times
        at most (then they are freed after the next switch's ``gc.unfreeze``).
        """
        if self._dropped_alive() and tries > 1 and self._app.is_running:
            self._app.set_timer(FREEZE_AFTER, partial(self._freeze_what_lives, tries - 1))
            return
        self._dropped = None
        gc.collect(1)  # what the build left behind
        gc.freeze()

    def _dropped_alive(self) -> bool:
        """Whether a section a language switch dropped is still referenced (not freed yet)."""
        self._dropped = [screen for screen in self._dropped or [] if screen() is not None]
        return bool(self._dropped)

    def _build_next(self) -> None:
        """Build one section not built yet, hidden (the next one ``PREBUILD_GAP`` s later)."""
        app = self._app
        if self._building is not None or self._leaving():
            return
        for section in SECTIONS:
            if section in app._modes and section not in app._screen_stacks:
                self._building = section
                self._built_since_freeze = True
                app.run_worker(self._build_hidden(section), name=f"build-{section}", group="build-ahead")
                return
        if self._built_since_freeze:
            self._built_since_freeze = False
            app.set_timer(FREEZE_AFTER, partial(self._freeze_what_lives, FREEZE_TRIES))

    async def _build_hidden(self, section: str) -> None:
        app = self._app
        try:
            if section in app._screen_stacks or section not in app._modes:
                return  # visited meanwhile, or dropped by a language switch
            if self._leaving():
                return
            mode = app._modes[section]  # its factory: the choices a rebuild kept come with it
            screen, mounted = app._get_screen(mode() if callable(mode) else section_screen(section))
            app._load_screen_css(screen)
            app._screen_stacks[section] = [screen]
            await mounted
            if isinstance(screen, SectionScreen):
                screen.built_hidden()
        except Exception:  # the section is then built on its first visit, as it would be anyway
            log.exception("building the %s section ahead failed", section)
            if app.current_mode != section and not self._leaving():
                app._screen_stacks.pop(section, None)
            return
        finally:
            self._building = None
        app.set_timer(PREBUILD_GAP, self._build_next)
