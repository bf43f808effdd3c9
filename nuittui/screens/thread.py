"""A chat thread: the message list and the box to write in, shared by the chat and a swap's detail.

The list is ``nuittui.widgets.MessageList`` (line API, no widget per message).
Sending goes through the engine's outbox: my message shows at once, marked
pending, until the server's copy replaces it. ``ComposeArea`` sends on Enter,
adds a line on Shift+Enter or Ctrl+J, and opens ``$EDITOR`` on Ctrl+E.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TextArea

from nuittui.i18n import _
from nuittui.widgets import MessageLike, MessageList
from nuittui.widgets.fitting import Fitted

from .base import translate_bindings
from .chat_data import read_thread

if TYPE_CHECKING:
    from nuittui.app import NuitApp
    from nuittui.readmodel.threads import ThreadView as Thread

__all__ = ["ComposeArea", "ThreadView", "message_markdown"]

PAGE = 200
"""Messages shown when a channel opens; each trip to the top shows this many more."""


def message_markdown(row: MessageLike, channel_title: str, zone: Any) -> str:
    """One message as Markdown, for the clipboard."""
    stamp = row.created_at.astimezone(zone).strftime("%H:%M")
    return f"**@{row.author}** ({stamp}, #{channel_title}):\n\n{row.body}\n"


class ComposeArea(TextArea):
    """Where a message is written: Enter sends, Shift+Enter or Ctrl+J adds a line, Ctrl+E opens $EDITOR."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "open_editor", "Editor", id="compose.editor", tooltip="Write in $EDITOR"),
        Binding("ctrl+j", "newline", "New line", show=False, id="compose.newline"),
    ]

    class Submitted(Message):
        """Enter was pressed on a non-empty message."""

        def __init__(self, area: ComposeArea, text: str) -> None:
            super().__init__()
            self.area = area
            self.text = text

        @property
        def control(self) -> ComposeArea:
            """The area that sent it."""
            return self.area

    def __init__(self, *, id: str | None = None, placeholder: str = "") -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus", placeholder=placeholder)
        translate_bindings(self)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if self.text.strip():
                self.post_message(self.Submitted(self, self.text))
            return
        if event.key == "shift+enter":
            event.stop()
            event.prevent_default()
            self.action_newline()
            return
        await super()._on_key(event)

    def action_newline(self) -> None:
        """Insert a line break where the cursor is."""
        start, end = self.selection
        self.replace("\n", start, end, maintain_selection_offset=False)

    def action_open_editor(self) -> None:
        """Edit the message in ``$VISUAL`` / ``$EDITOR`` (the app steps aside meanwhile)."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as handle:
            handle.write(self.text)
            path = Path(handle.name)
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(command), str(path)], check=False)  # noqa: S603 (the user's editor)
            self.text = path.read_text(encoding="utf-8").rstrip("\n")
            self.move_cursor(self.document.end)
        except Exception as error:  # no terminal to give (tests, web) or no such editor
            self.notify(
                _("Cannot open the editor: {error}", error=str(error)), severity="error", markup=False
            )
        finally:
            with contextlib.suppress(OSError):
                path.unlink()


class ThreadView(Vertical):
    """One channel's messages (newest at the bottom) and the compose box under them."""

    DEFAULT_CSS = """
    ThreadView { height: 1fr; }
    ThreadView > MessageList { height: 1fr; border: round $primary-darken-2; }
    ThreadView > MessageList:focus { border: round $accent; }
    ThreadView > #thread-compose { height: auto; min-height: 3; max-height: 8; }
    ThreadView > #thread-hint { height: 1; color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy_message", "Copy", id="thread.copy", tooltip="Copy the chosen message as Markdown"),
        Binding("i", "compose", "Write", id="thread.write", tooltip="Write a message"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.channel: str | None = None
        self.title = ""
        self.limit = PAGE
        self._at_oldest = False
        self._messages: MessageList | None = None

    @property
    def nuit(self) -> NuitApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """The messages, a hint line and the compose box."""
        self._messages = MessageList(id="thread-messages")
        yield self._messages
        yield Static(
            Fitted(
                [
                    Content(_("Enter: send · Shift+Enter or Ctrl+J: new line · Ctrl+E: $EDITOR")),
                    Content(_("Enter: send · Ctrl+J: new line · Ctrl+E: editor")),
                    Content(_("Enter: send · Ctrl+J: new line")),
                ]
            ),
            id="thread-hint",
        )
        yield ComposeArea(id="thread-compose", placeholder=_("Write a message…"))

    @property
    def messages(self) -> MessageList:
        """The message list."""
        return self._messages if self._messages is not None else self.query_one(MessageList)

    @property
    def compose_area(self) -> ComposeArea:
        """The box to write in."""
        return self.query_one(ComposeArea)

    def show_channel(self, channel: str, title: str, zone: Any) -> None:
        """Open ``channel`` at its newest message (read from the cache off the loop)."""
        self._open(channel, title, zone)
        self.reload()

    def show_thread(self, thread: Thread, title: str, zone: Any) -> None:
        """Show ``thread`` (read by ``limit_for``): opened at its newest message, or, when it is the
        open channel, with only what changed redrawn (new messages appended, a pending copy
        replaced in place by the server's, the view and the cursor kept)."""
        if self._messages is None:  # read before this view composed (its screen mounts first)
            self.call_later(self.show_thread, thread, title, zone)
            return
        opened = self._open(thread.channel, title, zone, clear=False)
        if opened:
            self.messages.set_messages(thread.lines, me=thread.me)  # another channel: no diff to make
            self.limit = max(self.limit, len(thread.messages))
        else:
            self._show(thread)

    def _show(self, thread: Thread) -> None:
        self.messages.update(thread.lines, me=thread.me)
        self.limit = max(self.limit, len(thread.messages))

    def retitle(self, title: str) -> None:
        """The open channel's title (the chat learns it with the channel list)."""
        self.title = title
        self.messages.border_title = Content("#" + title)

    def limit_for(self, channel: str, new: int = 0) -> int:
        """How many messages to read for ``channel``: what is shown of it and the ``new`` ones just
        cached (so the oldest shown stays on top), or a first page."""
        return self.limit + new if channel == self.channel else PAGE

    def _open(self, channel: str, title: str, zone: Any, *, clear: bool = True) -> bool:
        """Make ``channel`` the open one; whether it was another (then shown empty if ``clear``)."""
        changed = channel != self.channel
        self.channel, self.title = channel, title
        if changed:
            self.limit = PAGE
            self._at_oldest = False
            if zone != self.messages.timezone:
                self.messages.timezone = zone
            if clear:
                self.messages.set_messages([], me=self.messages.me)
        self.messages.border_title = Content("#" + title)
        return changed

    def reload(self) -> None:
        """Redraw from the cache (confirmed messages, then mine still pending) and mark the channel read.

        The cache is read, and the marker written, in a worker thread: the UI loop never waits on
        the disk. The newest call wins.
        """
        self._reload()

    @work(exclusive=True, exit_on_error=False, group="thread-read")
    async def _reload(self) -> None:
        await self.reread()

    async def reread(self) -> None:
        """``reload``, awaited: the messages are shown when it returns."""
        channel, limit = self.channel, self.limit
        if channel is None:
            return
        engine = self.nuit.engine
        mark = self.screen.is_current

        def read() -> Thread:
            thread = read_thread(engine, channel, limit)
            newest = thread.newest_seq
            if mark and newest is not None:
                engine.mark_read(channel, newest)
            return thread

        thread = await asyncio.to_thread(read)
        if channel == self.channel and self.is_mounted and self.app.is_running:
            self._show(thread)

    @on(ComposeArea.Submitted)
    def _send(self, event: ComposeArea.Submitted) -> None:
        event.stop()
        if self.channel is not None:
            self.send(self.channel, event.text)

    @work(exclusive=False, exit_on_error=False, group="send")
    async def send(self, channel: str, text: str) -> None:
        """Queue a message (durable before it shows) and show it as pending."""
        engine = self.nuit.engine
        try:
            result = engine.send_message(channel, text)
            if inspect.isawaitable(result):
                await result
        except ValueError as error:  # the model's reason: too long, empty…
            self.notify(_("Not sent: {error}", error=_one_line(error)), severity="error", markup=False)
            return
        except Exception as error:  # the outbox could not be written (disk full…)
            self.notify(_("Not sent: {error}", error=str(error)), severity="error", markup=False)
            return
        self.compose_area.clear()
        self.messages.scroll_to_latest()
        self.reload()

    @on(MessageList.ReachedTop)
    def _reached_top(self, event: MessageList.ReachedTop) -> None:
        event.stop()
        if self.channel is not None and not self._at_oldest:
            self.load_older(self.channel)

    @work(exclusive=True, exit_on_error=False, group="history")
    async def load_older(self, channel: str) -> None:
        """Show more of the cached history, and fetch an older page from the server when online."""
        engine = self.nuit.engine
        shown = len(self.messages.rows)
        try:
            result = engine.load_older(channel)
            if inspect.isawaitable(result):
                await result
        except Exception as error:  # offline: the cache still shows what it has
            self.notify(_("Could not load older messages: {error}", error=str(error)), markup=False)
        if channel != self.channel:
            return
        self.limit += PAGE
        await self.reread()
        self._at_oldest = len(self.messages.rows) <= shown

    def action_copy_message(self) -> None:
        """Copy the message under the cursor as Markdown (or say why nothing was copied)."""
        messages = self.messages
        row = messages.cursor_row
        if row is None:
            why = (
                _("Nothing copied: choose a message first with ↑ ↓ (End: the newest).")
                if messages.rows
                else _("Nothing copied: there is no message here yet.")
            )
            self.notify(why, markup=False)
            return
        self.app.copy_to_clipboard(message_markdown(row, self.title, messages.timezone))
        stamp = row.created_at.astimezone(messages.timezone).strftime("%H:%M")
        self.notify(
            _("Copied as Markdown: the message of @{author} at {time}", author=row.author, time=stamp),
            markup=False,
        )

    def action_compose(self) -> None:
        """Move to the compose box."""
        self.compose_area.focus()


def _one_line(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        with contextlib.suppress(Exception):
            first = errors(include_url=False)[0]
            return str(first["msg"])
    return str(error).splitlines()[0] if str(error) else type(error).__name__
