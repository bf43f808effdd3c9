"""The command palette (Ctrl+P): every command of the app, named ``area: Verb``.

Besides the fixed commands (sections, post a swap, theme, language, help),
the palette finds channels, swaps and teams by name. Those names are data:
they are shown as ``Content`` built from plain text, with the matched letters
styled by hand — never through markup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.style import Style

from nuittui.i18n import _
from nuittui.readmodel.board import board_view
from nuittui.readmodel.channels import channel_titles
from nuittui.readmodel.organizer import OrganizerView, organizer_view
from nuittui.readmodel.projects import project_detail, projects_view
from nuittui.readmodel.rows import me_row
from nuittui.screens.base import SECTIONS, section_label

if TYPE_CHECKING:
    from nuittui.app import NuitApp

__all__ = ["NuitCommand", "NuitCommands", "highlight"]

MATCH_STYLE = Style(bold=True, underline=True)


@dataclass(frozen=True, slots=True)
class NuitCommand:
    """One palette entry: its name (``area: Verb …``), what it does, and a line of help."""

    name: str
    run: Callable[[], Any]
    help: str = ""
    discover: bool = True
    """Listed when the palette opens with nothing typed (the fixed commands)."""


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` as plain content, the letters ``matcher`` matched in bold (no markup is parsed)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(MATCH_STYLE, offset, offset + 1)
    return content


class NuitCommands(Provider):
    """The app's commands, then a channel, a swap or a team found by name."""

    @property
    def nuit(self) -> NuitApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        """Read the cache once per opening of the palette, not once per key typed (the organizer's
        view in a thread: off the UI loop)."""
        self._organizer_view = await asyncio.to_thread(self._read_organizer_view)
        self._known = list(self.commands())

    def _read_organizer_view(self) -> OrganizerView:
        """Whether I organize, and what: the read model's projection of the cache (reads files)."""
        app = self.nuit
        if not app.has_engine:
            return OrganizerView()
        engine = app.engine
        return organizer_view(engine.rows(), engine.handle, engine.unconfirmed())

    def commands(self) -> Iterator[NuitCommand]:
        """Every command available now."""
        app = self.nuit
        yield NuitCommand(_("app: Help"), app.action_help, _("Every key of the current screen"))
        yield NuitCommand(_("app: Switch theme"), app.action_change_theme, _("Pick the colour theme"))
        for code, native, named in (("en", "English", _("English")), ("fr", "Français", _("French"))):
            # by its own name, and by its name in the language shown: "french" finds Français
            name = native if named.casefold() == native.casefold() else f"{native} ({named})"
            yield NuitCommand(
                _("app: Language: {name}", name=name),
                partial(app.switch_language, code),
                _("Interface language"),
            )
        if not app.has_engine:
            return
        for section in SECTIONS:
            yield NuitCommand(
                _("app: Go to {section}", section=section_label(section)),
                partial(app.action_section, section),
            )
        yield NuitCommand(_("swap: Post"), self._post_swap, _("Ask for help with a bug"))
        yield NuitCommand(_("chat: Jump to channel"), partial(app.action_section, "chat"), _("Open the chat"))
        yield from self._organizer()
        if app.outbox_damage:
            yield NuitCommand(
                _("outbox: Acknowledge damage report"),
                app.acknowledge_outbox_damage,
                _("Stop reporting the damaged outbox file (its copy is kept)"),
            )
        yield from self._found()

    def _organizer(self) -> Iterator[NuitCommand]:
        """An organizer's commands (``organizer: …``); nothing for a participant."""
        from nuittui.screens.organizer import Organizer, selected_message

        view = getattr(self, "_organizer_view", None)
        if view is None or not view.organizer:  # read when the palette opened (``startup``)
            return
        organizer = Organizer(self.nuit, view)
        message, message_id = selected_message(self.screen)
        yield NuitCommand(
            _("organizer: Announce"), organizer.announce, _("Post an announcement to everyone or one city")
        )
        yield NuitCommand(
            _("organizer: Move schedule item"), organizer.move, _("Move an item by a shift or to a time")
        )
        yield NuitCommand(
            _("organizer: Hide message"),
            partial(organizer.hide, message, message_id),
            _("Hide the selected message for everyone")
            if message is not None
            else _("Open a channel and select a message first"),
        )
        yield NuitCommand(
            _("organizer: Suspend"), organizer.suspend, _("Refuse every request of a participant")
        )
        yield NuitCommand(
            _("organizer: Lift suspension"),
            partial(organizer.suspend, lift=True),
            _("Let a suspended participant back in"),
        )
        yield NuitCommand(
            _("organizer: Recovery code"),
            organizer.recovery,
            _("A one-time code to sign in again on a new laptop"),
        )

    def _found(self) -> Iterator[NuitCommand]:
        """Commands made from the cache: channels, swaps, teams, refused writes."""
        engine = self.nuit.engine
        rows = engine.rows()
        for channel, title in channel_titles(rows, rows.event_row()).items():
            yield NuitCommand(
                _("chat: Jump to #{channel}", channel=title),
                partial(self._open_channel, channel),
                discover=False,
            )
        for swap in board_view(rows, engine.handle, ()).swaps:
            yield NuitCommand(
                _("swap: Open #{id} {title}", id=swap.id, title=swap.title),
                partial(self._open_swap, swap.id),
                discover=False,
            )
        yield from self._team_commands()
        for entry in engine.dead_letters():
            yield NuitCommand(
                _("outbox: Retry {summary}", summary=entry.summary),
                partial(self._retry, entry.key),
                discover=False,
            )
            yield NuitCommand(
                _("outbox: Discard {summary}", summary=entry.summary),
                partial(self._discard, entry.key),
                discover=False,
            )

    def _team_commands(self) -> Iterator[NuitCommand]:
        """Join any team when I have none; leave mine, post its progress, say if it is looking."""
        engine = self.nuit.engine
        rows, pending = engine.rows(), engine.unconfirmed()
        view = projects_view(rows, engine.handle, pending)
        if engine.handle is None or me_row(rows, engine.handle, pending) is None:
            return
        for project in view.projects:
            if view.my_team == project.id:
                yield NuitCommand(
                    _("team: Leave {title}", title=project.title),
                    partial(self._team, "leave_team", project.id),
                    discover=False,
                )
            elif view.my_team is None:
                yield NuitCommand(
                    _("team: Join {title}", title=project.title),
                    partial(self._team, "join_team", project.id),
                    discover=False,
                )
        mine = (
            project_detail(rows, engine.handle, pending, view.my_team) if view.my_team is not None else None
        )
        if mine is None or not mine.member:
            return
        yield NuitCommand(
            _("team: Post update"),
            partial(self._in_section, "projects", "open_project", mine.id, "post_update"),
            _("Post where {title} stands", title=mine.title),
        )
        yield NuitCommand(
            _("team: Looking for members"),
            partial(self._write, engine.set_looking, mine.id, not mine.looking),
            _("Now on: switch it off") if mine.looking else _("Now off: switch it on"),
        )

    def _all(self) -> list[NuitCommand]:
        known = getattr(self, "_known", None)
        return known if known is not None else list(self.commands())

    async def discover(self) -> Hits:
        """The fixed commands, when nothing is typed yet."""
        for command in self._all():
            if command.discover:
                yield DiscoveryHit(
                    Content(command.name), command.run, text=command.name, help=command.help or None
                )

    async def search(self, query: str) -> Hits:
        """Commands whose name matches ``query``."""
        matcher = self.matcher(query)
        for command in self._all():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, command.name),
                    command.run,
                    text=command.name,
                    help=Content(command.help) if command.help else None,  # type: ignore[arg-type]
                )

    # -- what the found commands do --------------------------------------------------------
    async def _post_swap(self) -> None:
        await self._in_section("swaps", "action_new_swap")

    async def _open_channel(self, channel: str) -> None:
        await self._in_section("chat", "open_channel", channel)

    async def _open_swap(self, swap_id: int) -> None:
        await self._in_section("swaps", "open_swap", swap_id)

    async def _in_section(self, section: str, method: str, *args: Any) -> None:
        app = self.nuit
        await app.action_section(section)
        while len(app.screen_stack) > 1 and not hasattr(app.screen, method):
            app.pop_screen()
        handler = getattr(app.screen, method, None)
        if handler is not None:
            result = handler(*args)
            if isinstance(result, Awaitable):
                await result

    async def _team(self, action: str, project_id: int) -> None:
        await self._write(getattr(self.nuit.engine, action), project_id)

    async def _retry(self, key: str) -> None:
        await self._write(self.nuit.engine.retry_dead, key)

    async def _discard(self, key: str) -> None:
        await self._write(self.nuit.engine.discard_dead, key)

    async def _write(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            result = fn(*args)
            if isinstance(result, Awaitable):
                await result
        except Exception as error:  # one line in a toast, never a traceback
            self.app.notify(str(error), severity="error", markup=False)
            return
        self.app.notify(_("Done: it is queued and will reach the server."), markup=False)
