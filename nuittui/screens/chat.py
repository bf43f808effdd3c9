"""Chat: the channels (all cities, my city, my team, swaps I am in, the others) and one open thread.

Unread counts come from the read markers the engine keeps (a channel is read
once shown); mentions of me are counted apart. Channel titles are city, team
and swap names: data, shown as ``Content``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nuittui.i18n import _
from nuittui.models import ALL_CHANNEL
from nuittui.widgets import MessageLike
from nuittui.widgets.fitting import Fitted

from .base import SectionScreen
from .chat_data import ChannelEntry, channel_groups, message_rows
from .thread import ThreadView

__all__ = ["ChannelOption", "ChatScreen", "channel_prompt"]

TITLE_WIDTH = 26
NARROW_TITLES = (18, 12, 8)
"""Shorter cuts of a channel's title, for a narrow list (a laptop's terminal)."""


def channel_prompt(entry: ChannelEntry) -> Fitted:
    """``# Lyon          3 @1``: the title (cut to fit the list), unread messages and mentions of me."""
    return Fitted([_channel_line(entry, width) for width in (TITLE_WIDTH, *NARROW_TITLES)])


def _channel_line(entry: ChannelEntry, width: int) -> Content:
    title = entry.channel.title
    if len(title) > width:
        title = title[: width - 1] + "…"
    parts = [Content("# "), Content(title.ljust(width))]
    if entry.unread:
        parts.append(Content.styled(f" {entry.unread:>3}", "bold"))
    if entry.mentions:
        parts.append(Content.styled(f" @{entry.mentions}", "bold $warning"))
    prompt = Content.assemble(*parts)
    return prompt.stylize("bold") if entry.unread else prompt


class ChannelOption(Option):
    """A channel in the list; carries its entry."""

    def __init__(self, entry: ChannelEntry) -> None:
        super().__init__(channel_prompt(entry), id=f"ch-{entry.channel.id}")
        self.entry = entry


class ChatScreen(SectionScreen):
    """The channel list on the left, the open channel's messages and compose box on the right."""

    SECTION = "chat"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "focus_channels", "Channels", id="chat.channels", tooltip="Move to the channel list"),
        Binding("i", "focus_compose", "Write", id="chat.write", tooltip="Write in the open channel"),
        Binding("escape", "focus_messages", "Messages", show=False, id="chat.messages"),
    ]

    DEFAULT_CSS = """
    ChatScreen #chat-body { height: 1fr; }
    ChatScreen #channels {
        width: 35%; max-width: 42; min-width: 22; height: 1fr; border: round $primary-darken-2;
    }
    ChatScreen #channels:focus { border: round $accent; }
    ChatScreen #thread { width: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.channel = ALL_CHANNEL
        self._entries: list[ChannelEntry] = []
        self._titles: dict[str, str] = {}
        self._asked: tuple[str, int, bool] = (ALL_CHANNEL, 0, False)
        """The channel, how many of its messages, and whether to mark it read: the next read's."""
        self._to_open_channel = True
        """Move the list's highlight to the open channel at the next redraw (else the user's stays)."""

    def compose_section(self) -> ComposeResult:
        """Channels, then the thread."""
        with Horizontal(id="chat-body"):
            yield OptionList(id="channels", markup=False)
            yield ThreadView(id="thread")

    def on_mount(self) -> None:
        """Start on the channel list, so the section keys still work; ``i`` or a channel writes."""
        self.query_one("#channels", OptionList).border_title = Content(_("Channels"))
        self.call_after_refresh(self.action_focus_channels)

    def refresh_data(self) -> None:
        """Read the open channel and the list again (what to read is taken here, on the UI loop)."""
        self._asked = (self.channel, self.query_one(ThreadView).limit_for(self.channel), self.is_current)
        super().refresh_data()

    def read_view(self) -> list[ChannelEntry]:
        """The open channel's messages, shown as soon as they are read (and marked read while the
        chat is on screen), then every channel's unread counts: read off the UI loop."""
        engine = self.engine
        channel, limit, shown = self._asked
        me = engine.me()
        rows = message_rows(engine, channel, limit)
        self.post_message(self.ThreadRead(channel, rows, me.handle if me else None, self.zone()))
        seqs = [seq for seq in (getattr(row, "seq", None) for row in rows) if isinstance(seq, int)]
        newest = max(seqs, default=None)
        read = {channel: newest} if shown and newest is not None else {}
        entries = channel_groups(engine, read)
        if read:
            engine.mark_read(channel, newest)
        return entries

    class ThreadRead(Message):
        """The open channel's messages, read off the UI loop."""

        def __init__(self, channel: str, rows: Sequence[MessageLike], me: str | None, zone: tzinfo) -> None:
            super().__init__()
            self.channel, self.rows, self.me, self.zone = channel, rows, me, zone

    @on(ThreadRead)
    def _thread_read(self, message: ThreadRead) -> None:
        if message.channel == self.channel and self.is_mounted:
            title = self._titles.get(message.channel, message.channel)
            self.query_one(ThreadView).show_rows(
                message.channel, title, message.zone, message.rows, message.me
            )

    def show_view(self, view: list[ChannelEntry]) -> None:
        """Redraw the channel list (and the thread's title, now known)."""
        self._entries = view
        self._titles = {e.channel.id: e.channel.title for e in view}
        thread = self.query_one(ThreadView)
        if thread.channel == self.channel:
            thread.retitle(self._titles.get(self.channel, self.channel))
        self._show_channels()

    def _show_channels(self) -> None:
        options: list[Option | None] = []
        group = None
        for entry in self._entries:
            if entry.group != group:
                group = entry.group
                options.append(Option(Content.styled(group, "bold $text-muted"), disabled=True))
            options.append(ChannelOption(entry))
        channel_list = self.query_one("#channels", OptionList)
        previous = channel_list.highlighted_option
        kept = previous.entry.channel.id if isinstance(previous, ChannelOption) else None
        channel_list.set_options(options)
        # A sync redraws the list: the highlight stays where the user put it, so Enter opens that one.
        wanted = self.channel if self._to_open_channel or kept is None else kept
        index = self._index_of(wanted)
        if index is None:
            index = self._index_of(self.channel)
        if index is not None:
            channel_list.highlighted = index
            self._to_open_channel = False

    def _index_of(self, channel: str) -> int | None:
        channel_list = self.query_one("#channels", OptionList)
        for index, option in enumerate(channel_list.options):
            if isinstance(option, ChannelOption) and option.entry.channel.id == channel:
                return index
        return None

    def open_channel(self, channel: str) -> None:
        """Show ``channel`` (from the list, a mention or the command palette) and write in it."""
        self.channel = channel
        self._to_open_channel = True
        if self.is_current:
            self.refresh_data()
        else:
            self._stale = True
        self.call_after_refresh(self.action_focus_compose)

    @on(OptionList.OptionSelected, "#channels")
    def _channel_chosen(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, ChannelOption):
            self.open_channel(event.option.entry.channel.id)

    def action_focus_channels(self) -> None:
        """Move to the channel list."""
        self.query_one("#channels", OptionList).focus()

    def action_focus_compose(self) -> None:
        """Move to the compose box."""
        self.query_one(ThreadView).compose_area.focus()

    def action_focus_messages(self) -> None:
        """Move to the messages (to scroll, pick one and copy it)."""
        self.query_one(ThreadView).messages.focus()
