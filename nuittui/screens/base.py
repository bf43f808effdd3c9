"""What every section screen shares: the app and engine accessors, the live refresh, the frame.

A section (Home, Projects, Swaps, Chat, Schedule, Cities) subclasses
``SectionScreen``, yields its widgets from ``compose_section()`` and redraws them
from the sync façade in ``refresh_data()``. The base subscribes to the engine on
mount and unsubscribes on unmount; a change that lands while the screen is not
shown is applied when it comes back, so hidden screens cost nothing.

A screen that reads the cache off the UI loop implements ``read_view()`` (run in a
worker thread: every read the screen needs, returned as one value) and
``show_view(view)`` (on the loop: draws it, touching no file) instead of
``refresh_data()``; the base runs the one after the other.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult, ScreenStackError
from textual.binding import BindingsMap
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from nuittui.i18n import _
from nuittui.readmodel.rows import me_row
from nuittui.readmodel.rules import city_names, who_line, zone_name
from nuittui.widgets.fitting import Fitted
from nuittui.widgets.keybar import KeyBar
from nuittui.widgets.status_bar import StatusBar, zone_named

if TYPE_CHECKING:
    from nuittui.app import NuitApp
    from nuittui.sync import Changed, SyncEngine
    from nuittui.sync.first_paint import FirstPaint

__all__ = [
    "SECTIONS",
    "SectionBar",
    "SectionScreen",
    "section_label",
    "styled_as_current",
    "translate_bindings",
]

log = logging.getLogger("nuittui.screens")

SECTIONS: tuple[str, ...] = ("home", "projects", "swaps", "chat", "schedule", "cities")
"""The app's modes, in the order of their keys (1 to 6)."""


def section_label(section: str) -> str:
    """A section's name, translated."""
    labels = {
        "home": _("Home"),
        "projects": _("Projects"),
        "swaps": _("Bug swaps"),
        "chat": _("Chat"),
        "schedule": _("Schedule"),
        "cities": _("Cities"),
    }
    return labels.get(section, section)


def translate_bindings(node: DOMNode) -> None:
    """Translate the descriptions and tooltips of ``node``'s bindings into the language now in force.

    Textual merges ``BINDINGS`` when the class is defined, so strings written
    there are in the language of import time; this runs per instance, after
    ``set_language``, and again when the language changes. Source strings are English.
    """
    source = getattr(node, "_nuit_source_bindings", None)
    if source is None:
        source = node._nuit_source_bindings = node._bindings  # type: ignore[attr-defined]
    keys = {
        key: [
            dataclasses.replace(
                binding,
                description=_(binding.description) if binding.description else "",
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            )
            for binding in bindings
        ]
        for key, bindings in source.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)


class SectionBar(Widget):
    """The top line: the app, the sections with the current one marked, and who I am.

    Every section keeps its number and name at any width: on a narrow terminal the
    app's name goes first, then the city, the spacing, who I am, and last the
    sections wrap onto a second line.
    """

    DEFAULT_CSS = """
    SectionBar { height: auto; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, section: str) -> None:
        super().__init__(id="section-bar")
        self.section = section
        self.who = ""

    def show(self, who: str) -> None:
        """Show ``who`` (handle and city: data) on the right."""
        if who != self.who:
            self.who = who
            self.refresh(layout=True)

    def _sections(self, numbers: Sequence[int], *, compact: bool) -> Content:
        parts: list[Content] = []
        for number in numbers:
            section = SECTIONS[number - 1]
            text = f"{number} {section_label(section)}"
            if section == self.section:
                parts.append(Content(f" {text} ").stylize("bold reverse"))
            else:
                parts.append(Content(text if compact else f" {text} "))
        return Content(" " if compact else "").join(parts)

    def render(self) -> Fitted:
        """The sections on the left, the participant on the right edge, in the first form that fits."""
        everything = range(1, len(SECTIONS) + 1)
        full = self._sections(everything, compact=False)
        compact = self._sections(everything, compact=True)
        brand = Content.assemble(Content.styled("nuit-tui", "bold $accent"), "  ")
        who = Content(self.who)
        handle = Content(self.who.split(" · ")[0])
        half = (len(SECTIONS) + 1) // 2
        return Fitted(
            [
                (brand + full, who),
                (full, who),
                (full, handle),
                (compact, handle),
                (compact, Content("")),
                Content("\n").join(
                    [
                        self._sections(everything[:half], compact=True),
                        self._sections(everything[half:], compact=True),
                    ]
                ),
            ]
        )


PINNED_ACTIONS = frozenset({"help", "quit", "retry_now"})
"""Keys the footer always shows, on its right edge: help, quit, and "retry now" while offline."""


def styled_as_current(screen: Screen[Any]) -> Screen[Any]:
    """Mark a new screen as styled from the app's current stylesheet (it is, when it mounts).

    Textual marks a new mode's screen out of date instead, and on its first show reparses every
    rule and restyles the whole app, twice: a third of a section's first visit. The stylesheet is
    always current (a theme change refreshes it at once), so the new screen is too.
    """
    with contextlib.suppress(RuntimeError):  # built outside an app (no app to follow)
        screen._css_update_count = screen.app._css_update_count
    return screen


class SectionFooter(KeyBar):
    """The footer: the screen's keys on the left, and on the right, always visible, F1, q and Ctrl+P.

    On a narrow terminal the screen's keys are cut on the right (F1 lists them all) but help and
    quit stay. One widget drawn in place (``KeyBar``): a section shown again redraws nothing here.
    """

    def __init__(self) -> None:
        super().__init__(PINNED_ACTIONS)


class SectionScreen(Screen[None]):
    """A section of the app: its widgets, the status bar and the footer; redrawn from the cache."""

    SECTION: ClassVar[str] = ""
    """The mode this screen is the root of (one of ``SECTIONS``)."""
    SHOWS: ClassVar[frozenset[str] | None] = None
    """The cache's kinds (``nuittui.cache.result.KINDS``) the screen draws from: a sync change that
    touches none of them neither redraws it nor makes it stale (None: every kind)."""
    KEPT: ClassVar[tuple[str, ...]] = ()
    """The attributes holding the user's choices on the section (the open channel, a scope): a
    rebuild of the section (a language switch) keeps them (``kept``, ``section_screen``)."""

    DEFAULT_CSS = """
    SectionScreen #section-body { height: 1fr; }
    """

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        translate_bindings(self)
        styled_as_current(self)
        self._unsubscribe: Callable[[], None] | None = None
        self._stale = False
        self._counts: tuple[int, int, int] | None = None
        self._resumed_once = False
        self._drawn: tuple[int, int] | None = None
        """``_drawn_from()`` when the screen last read the cache."""
        self._left = False
        self._warm_timer: Timer | None = None
        self._view_shown = False
        self._warming = False
        """Built hidden, and not laid out and rendered yet."""
        self._drew = asyncio.Event()
        """Set once the screen has drawn what it read from the cache."""

    def kept(self) -> dict[str, Any]:
        """The user's choices on the section, for the screen that replaces it (``KEPT``)."""
        return {name: getattr(self, name) for name in self.KEPT}

    # -- accessors ------------------------------------------------------------------------
    @property
    def nuit(self) -> NuitApp:
        """The app, typed."""
        return cast("NuitApp", self.app)

    @property
    def engine(self) -> SyncEngine:
        """The sync façade: every read and write of the screen goes through it."""
        return self.nuit.engine

    def now(self) -> datetime:
        """The app's clock (frozen in snapshot tests)."""
        return self.nuit.clock()

    def zone(self) -> tzinfo:
        """The event's time zone: every time is shown in it (UTC until the event is cached)."""
        return zone_named(zone_name(self.engine.rows().event_row()))

    def who(self) -> str:
        """``@handle · City`` of the participant, for the top bar (reads the cache: best off the loop)."""
        engine = self.engine
        rows = engine.rows()
        me = me_row(rows, engine.handle, engine.unconfirmed())
        if me is None:
            return ""
        city = me.get("city")
        return who_line(
            str(me["handle"]), city if isinstance(city, str) else None, city_names(rows.event_row())
        )

    def _uses_read_view(self) -> bool:
        return type(self).read_view is not SectionScreen.read_view

    def _show_who(self) -> None:
        """The top bar's ``@handle · City``; a screen read off the loop draws it with its view."""
        if not self._uses_read_view():
            self.query_one(SectionBar).show(self.who())

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """The section bar, the section's own widgets, the status bar and the footer."""
        yield SectionBar(self.SECTION)
        with Vertical(id="section-body"):
            yield from self.compose_section()
        yield StatusBar()
        yield SectionFooter()

    def compose_section(self) -> ComposeResult:
        """The section's widgets; override."""
        yield from ()

    def refresh_data(self) -> None:
        """Redraw from the sync façade's reads; override (or ``read_view``/``show_view``).

        Called on mount and after every change. By default, reads ``read_view()`` in a worker
        thread and draws it with ``show_view()`` when it arrives.
        """
        if self._uses_read_view():
            self._read_off_the_loop()

    def read_view(self) -> Any:
        """Everything the screen shows, read from the cache; runs in a worker thread. Override."""
        return None

    def show_view(self, view: Any) -> None:
        """Draw what ``read_view`` read (on the UI loop, no file read). Override with ``read_view``."""

    class ViewRead(Message):
        """A section's view, read off the UI loop."""

        def __init__(self, view: Any, who: str) -> None:
            super().__init__()
            self.view = view
            self.who = who

    @work(thread=True, exclusive=True, exit_on_error=False, group="section-view")
    def _read_off_the_loop(self) -> None:
        try:
            view = self.read_view()
            who = self.who()
        except Exception as error:  # one broken read must not take the app down: say it
            log.exception("reading %s's view failed", type(self).__name__)
            self.app.call_from_thread(
                self.notify,
                _("Could not show the latest data: {error}", error=str(error)),
                severity="error",
                markup=False,
            )
            return
        self.post_message(self.ViewRead(view, who))

    @on(ViewRead)
    def _view_read(self, message: ViewRead) -> None:
        message.stop()
        if self.is_mounted and self.app.is_running:  # not while the app closes its screens
            self._safely(self.show_view, message.view)
            self.query_one(SectionBar).show(message.who)
            self._view_shown = True
            self.drew()

    def drew(self) -> None:
        """The screen has drawn what it read from the cache (a screen with its own reads says so).

        The first time, on screen: the hold on updates that hid it while it was composed ends.
        """
        if not self._drew.is_set() and self.is_current:
            self.nuit.release_holds()
        self._drew.set()
        self._drawn_hidden()

    async def drawn(self) -> None:
        """Wait until the screen has drawn from the cache once."""
        await self._drew.wait()

    # -- built ahead, hidden --------------------------------------------------------------
    SETTLE: ClassVar[float] = 0.15
    """Seconds without a new drawing before a section built ahead is laid out and rendered."""
    RESIZED: ClassVar[float] = 0.02
    """Seconds for the widgets of a hidden screen just laid out to answer their new sizes."""

    def built_hidden(self) -> None:
        """Built ahead of its first visit, not shown: lay it out and render it once it is drawn
        (``SETTLE`` seconds after its last drawing).

        Its first visit then paints from warm caches, like a revisit. It reads the cache again
        after that first paint (what changed meanwhile; a thread seen is marked read then).
        """
        self._resumed_once = True  # styled and drawn already: shown again as it is
        self._stale = True
        self._warming = True
        self._drawn_hidden()

    def _drawn_hidden(self) -> None:
        """Something was drawn; if the screen is hidden and still to be warmed, warm it once the
        drawings settle."""
        if not self._warming or not self._hidden():
            return
        if self._uses_read_view() and not self._view_shown:
            return  # its view is still being read: warmed once it is drawn
        if self._warm_timer is None:
            self._warm_timer = self.set_timer(self.SETTLE, self._warm_up)
        else:
            self._warm_timer.reset()

    def _hidden(self) -> bool:
        """Mounted and not on screen (False while the app closes: it has no screen then)."""
        try:
            return self.is_mounted and self.app.screen is not self
        except ScreenStackError:
            return False

    def _warm_up(self) -> None:
        """Lay out the hidden screen at the terminal's size; render it once its widgets have
        answered their new sizes (a list lays its lines out again on a resize)."""
        self._warm_timer = None
        if not self._hidden():
            return
        self._refresh_layout(self.app.size)
        self.set_timer(self.RESIZED, self._warm_render)

    def _warm_render(self) -> None:
        """Render the hidden screen, keeping what every widget rendered for its first paint."""
        if not self._warming or not self._hidden():
            return
        if self._layout_required:
            self._refresh_layout(self.app.size)
        self._compositor.render_update(full=True)
        self._warming = False

    def on_engine_change(self, changed: Changed) -> None:
        """React to one change of the cache or the connection; by default, redraw everything."""
        self.refresh_data()

    def on_connection_change(self, changed: Changed) -> None:
        """The connection alone changed (the status bar shows it; nothing cached did), on screen;
        override to show it elsewhere (e.g. why a queued write waits)."""

    # -- live refresh ---------------------------------------------------------------------
    def show_first_paint(self, paint: FirstPaint) -> bool:
        """Draw from the cache's rows before the engine is loaded; override.

        Returns whether it drew (a section without one draws once the engine is there).
        """
        return False

    def on_mount(self) -> None:
        """Draw the first time and follow the engine (until it is loaded, draw the first paint)."""
        paint = self.nuit.first_paint
        if not self.nuit.has_engine and paint is not None:
            self._safely(self.show_first_paint, paint)
            self.query_one(SectionBar).show(self.who())
        self.nuit.when_engine(self._follow_engine)

    def _follow_engine(self) -> None:
        """The engine is there: subscribe and draw from the cache."""
        if self._left:
            return  # removed while the engine loaded
        self._unsubscribe = self.engine.subscribe(self._engine_changed)
        self._drawn = self._drawn_from()
        self._safely(self.refresh_data)
        self._show_who()

    def on_unmount(self) -> None:
        """Stop listening: a popped or removed screen must not be called back."""
        self._left = True
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    async def on_event(self, event: events.Event) -> None:
        """Back on screen with the stylesheet unchanged: skip restyling every widget (and built
        while the app closes: skip setting up).

        Textual restyles a whole screen each time it is shown again, in case the CSS changed
        while it was hidden; that, and the render caches it drops, was most of a section
        switch. It already refreshes the CSS of a screen that missed a change (a theme switch)
        when it comes back (``App.switch_mode``), so a screen whose styles are as current as the
        app's keeps them; classes changed while hidden were applied when they changed.
        """
        if (
            isinstance(event, events.ScreenResume)
            and event.refresh_styles
            and self._resumed_once
            and self._css_update_count == self.app._css_update_count
        ):
            event.refresh_styles = False
        if isinstance(event, events.Mount) and not self.app.is_running:
            return  # the app closed while this screen was being built (ahead): nothing to set up
        await super().on_event(event)

    def _drawn_from(self) -> tuple[int, int]:
        """What a drawing depends on besides the cache's changes: my read markers, the minute."""
        return (self.engine.local_marks, int(self.now().timestamp()) // 60)

    def on_screen_resume(self) -> None:
        """Back on screen: shown at once as it was; read again after that only if it is out of date.

        Out of date: a change landed while it was hidden, a read marker moved (a thread was read)
        or the minute turned (times and countdowns). Otherwise, a section shown again does no
        work at all: reading the cache, even after the paint, delayed that paint.
        """
        if not self._resumed_once:
            self._resumed_once = True
            return  # shown for the first time: on_mount draws
        if not self.nuit.has_engine:
            return  # back from help before the engine loaded: the first paint is still right
        if self._stale or self._drawn_from() != self._drawn:
            self.call_after_refresh(self._reread)

    def _reread(self) -> None:
        """The cache read again, once the screen as it was is painted (the key shows at once)."""
        if not self.is_mounted or self.app.screen is not self:
            return  # left again before its first frame: read when it comes back
        self._stale = False
        self._drawn = self._drawn_from()
        self._safely(self.refresh_data)
        self._show_who()

    def _engine_changed(self, changed: Changed) -> None:
        # Called by the engine in its own task: hand over to this screen's message queue.
        self.call_later(self._apply_change, changed)

    def _apply_change(self, changed: Changed) -> None:
        if not self.is_mounted:
            return
        counts = (changed.state.queued, changed.state.dead_letters, changed.state.echoing)
        moved, self._counts = counts != self._counts, counts
        result = changed.result
        if not moved and (result is None or not result.changed):
            if self.app.screen is self:
                self._safely(self.on_connection_change, changed)
            return  # only the connection changed: the status bar shows it
        if not moved and self._draws_nothing_of(changed):
            return  # nothing this screen draws from changed (a chat message, for the schedule)
        if self.app.screen is not self:
            self._stale = True
            return
        self._safely(self.on_engine_change, changed)
        self._show_who()

    def _draws_nothing_of(self, changed: Changed) -> bool:
        """Whether the change's apply touched none of the kinds this screen draws (``SHOWS``)."""
        result = changed.result
        if self.SHOWS is None or result is None or result.reset:
            return False
        return not result.changed_kinds & self.SHOWS

    def _safely(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run a redraw; a failure is a toast, never a crash of the app."""
        try:
            fn(*args)
        except Exception as error:  # one broken view must not take the app down
            log.exception("refreshing %s failed", type(self).__name__)
            self.notify(
                _("Could not show the latest data: {error}", error=str(error)),
                severity="error",
                markup=False,
            )
