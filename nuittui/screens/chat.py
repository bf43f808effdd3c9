"""Chat: the channels (all cities, my city, my team, swaps I am in, the others) and one open thread.

Unread counts come from the read markers the engine keeps (a channel is read
once shown); mentions of me are counted apart. Channel titles are city, team
and swap names: data, shown as ``Content``.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nuittui.i18n import _
from nuittui.readmodel.channels import ALL_CHANNEL
from nuittui.readmodel.rules import zone_name
from nuittui.readmodel.threads import ChannelLine
from nuittui.readmodel.threads import ThreadView as Thread
from nuittui.widgets.fitting import Fitted
from nuittui.widgets.status_bar import zone_named

from .base import SectionScreen
from .chat_data import read_channels, read_thread
from .thread import ThreadView

if TYPE_CHECKING:
    from nuittui.sync import Changed

__all__ = ["ChannelOption", "ChatScreen", "channel_prompt"]

LIST_KINDS = frozenset({"messages", "event", "projects", "swaps", "users"})
"""What the channel list shows comes from these tables: titles, my groups, unread counts."""

TITLE_WIDTH = 26
NARROW_TITLES = (18, 12, 8)
"""Shorter cuts of a channel's title, for a narrow list (a laptop's terminal)."""


def channel_prompt(entry: ChannelLine) -> Fitted:
    """``# Lyon          3 @1``: the title (cut to fit the list), unread messages and mentions of me."""
    return Fitted([_channel_line(entry, width) for width in (TITLE_WIDTH, *NARROW_TITLES)])


def _channel_line(entry: ChannelLine, width: int) -> Content:
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
    """A channel in the list; carries its line of the read model."""

    def __init__(self, entry: ChannelLine) -> None:
        super().__init__(channel_prompt(entry), id=f"ch-{entry.channel.id}")
        self.entry = entry


class ChatScreen(SectionScreen):
    """The channel list on the left, the open channel's messages and compose box on the right."""

    SECTION = "chat"
    KEPT = ("channel",)

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
        self._entries: tuple[ChannelLine, ...] = ()
        self._titles: dict[str, str] = {}
        self._asked = _Ask(ALL_CHANNEL, 0, False)
        """What the next read reads: taken on the UI loop, read in the worker."""
        self._asked_taken = True
        """The worker took ``_asked`` (a newer ask need not read what the previous one asked)."""
        self._to_open_channel = True
        """Move the list's highlight to the open channel at the next redraw (else the user's stays)."""
        self._queue_seen: tuple[int, int, str | None] = (0, 0, None)
        """The outbox's queued and dead counts, and why the oldest waits, when last seen."""
        self._new = 0
        """Messages cached for the open channel since its thread was last shown: read on top of
        what is shown, so the oldest shown stays on top (and the list only appends)."""
        self._compose_when_shown = False
        """A channel was just opened: the compose box takes the focus with its messages."""

    def compose_section(self) -> ComposeResult:
        """Channels, then the thread."""
        with Horizontal(id="chat-body"):
            yield OptionList(id="channels", markup=False)
            yield ThreadView(id="thread")

    def on_mount(self) -> None:
        """Start on the channel list, so the section keys still work; ``i`` or a channel writes."""
        self.query_one("#channels", OptionList).border_title = Content(_("Channels"))
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        if self.focused is None:  # a channel opened at once (the palette, a mention) has the focus
            self.action_focus_channels()

    def refresh_data(self) -> None:
        """Read the open channel and the list again (what to read is taken here, on the UI loop)."""
        self._read(thread=True, channels=True)

    def on_engine_change(self, changed: Changed) -> None:
        """Read again only what the change touched: the open thread when its channel got messages
        (or my queued writes changed), the list when a table it shows changed; nothing otherwise."""
        state, result = changed.state, changed.result
        queue, seen = (state.queued, state.dead_letters, state.queued_reason), self._queue_seen
        # A write queued (maybe by another process), refused or failing again shows at once; one
        # just sent stays pending until the server's copy arrives with the next pull, in its place.
        queue_moved = queue[0] > seen[0] or queue[1] != seen[1] or (queue[0] > 0 and queue[2] != seen[2])
        self._queue_seen = queue
        if result is None:
            if queue_moved:
                self._read(thread=True, channels=False)
            return
        if result.reset:
            self.refresh_data()
            return
        touched = result.changed_ids.get("messages", set())
        thread = queue_moved or ("messages" in result.changed_kinds and self.channel in touched)
        channels = bool(result.changed_kinds & LIST_KINDS)
        self._new += len(result.new_messages.get(self.channel, ()))
        if thread or channels:
            self._read(thread=thread, channels=channels)

    def on_connection_change(self, changed: Changed) -> None:
        """A new reason why my queued message waits (a failed try) is one for the thread: its
        pending line says why."""
        state = changed.state
        if state.queued and state.queued_reason != self._queue_seen[2]:
            self.on_engine_change(changed)

    def _read(self, *, thread: bool, channels: bool) -> None:
        previous = self._asked
        if not self._asked_taken and previous.channel == self.channel:
            # the previous ask is not read yet: this read reads what it would have as well
            thread, channels = thread or previous.thread, channels or previous.channels
        self._asked_taken = False
        limit = self.query_one(ThreadView).limit_for(self.channel, self._new)
        title = self._titles.get(self.channel)
        self._asked = _Ask(self.channel, limit, self.is_current, thread, channels, title)
        if thread:
            state = self.engine.state
            self._queue_seen = (state.queued, state.dead_letters, state.queued_reason)
        super().refresh_data()

    def read_view(self) -> tuple[ChannelLine, ...] | None:
        """The open channel's messages, shown as soon as they are read (and marked read while the
        chat is on screen), then every channel's unread counts: read off the UI loop."""
        engine = self.engine
        asked, self._asked_taken = self._asked, True
        read: dict[str, int] = {}
        if asked.thread:
            thread = read_thread(engine, asked.channel, asked.limit, asked.title)
            self.post_message(self.ThreadRead(thread, zone_named(zone_name(engine.rows().event_row()))))
            newest = thread.newest_seq
            if asked.shown and newest is not None:
                read[asked.channel] = newest
        if not asked.channels and not read:
            return None
        entries = read_channels(engine, read)
        for channel, seq in read.items():
            engine.mark_read(channel, seq)
        return entries

    class ThreadRead(Message):
        """The open channel's messages, read off the UI loop."""

        def __init__(self, thread: Thread, zone: tzinfo) -> None:
            super().__init__()
            self.thread, self.zone = thread, zone

    @on(ThreadRead)
    def _thread_read(self, message: ThreadRead) -> None:
        channel = message.thread.channel
        if channel == self.channel and self.is_mounted and self.app.is_running:
            self._new = 0
            title = self._titles.get(channel, message.thread.title)
            self.query_one(ThreadView).show_thread(message.thread, title, message.zone)
            self._focus_compose_if_opened()

    def show_view(self, view: tuple[ChannelLine, ...] | None) -> None:
        """Redraw the channel list (and the thread's title, now known)."""
        if view is None:
            return
        self._entries = view
        self._titles = {e.channel.id: e.channel.title for e in view}
        thread = self.query_one(ThreadView)
        if thread.channel == self.channel:
            thread.retitle(self._titles.get(self.channel, self.channel))
        self._show_channels()

    def _show_channels(self) -> None:
        channel_list = self.query_one("#channels", OptionList)
        previous = channel_list.highlighted_option
        kept = previous.entry.channel.id if isinstance(previous, ChannelOption) else None
        if not self._redraw_in_place(channel_list):
            options: list[Option | None] = []
            group = None
            for entry in self._entries:
                if entry.group != group:
                    group = entry.group
                    options.append(Option(Content.styled(group, "bold $text-muted"), disabled=True))
                options.append(ChannelOption(entry))
            channel_list.set_options(options)
        elif not self._to_open_channel:
            return  # the same lines in place: the highlight and the scroll stay as the user left them
        # A sync redraws the list: the highlight stays where the user put it, so Enter opens that one.
        wanted = self.channel if self._to_open_channel or kept is None else kept
        index = self._index_of(wanted)
        if index is None:
            index = self._index_of(self.channel)
        if index is not None:
            if channel_list.highlighted != index:
                channel_list.highlighted = index
            self._to_open_channel = False

    def _redraw_in_place(self, channel_list: OptionList) -> bool:
        """The same channels in the same groups: only the lines that changed are redrawn (the
        highlight and the scroll stay as they are). False when the list must be built again."""
        shown = [option for option in channel_list.options if isinstance(option, ChannelOption)]
        if [(o.entry.channel.id, o.entry.group) for o in shown] != [
            (e.channel.id, e.group) for e in self._entries
        ]:
            return False
        index = 0
        for option_index, option in enumerate(channel_list.options):
            if not isinstance(option, ChannelOption):
                continue
            entry = self._entries[index]
            index += 1
            if entry != option.entry:
                option.entry = entry
                channel_list.replace_option_prompt_at_index(option_index, channel_prompt(entry))
        return True

    def _index_of(self, channel: str) -> int | None:
        channel_list = self.query_one("#channels", OptionList)
        for index, option in enumerate(channel_list.options):
            if isinstance(option, ChannelOption) and option.entry.channel.id == channel:
                return index
        return None

    def open_channel(self, channel: str) -> None:
        """Show ``channel`` (from the list, a mention or the command palette) and write in it."""
        self.channel = channel
        self._new = 0
        self._to_open_channel = True
        # The focus moves with the messages, in the same frame: moved first, it restyles and lays
        # out the screen once more, a frame before the messages come (and a slow read is waited
        # for no longer than FOCUS_WAIT).
        self._compose_when_shown = True
        self.set_timer(FOCUS_WAIT, self._focus_compose_if_opened)
        if self.is_current:
            self.refresh_data()
        else:
            self._stale = True

    def _focus_compose_if_opened(self) -> None:
        if self._compose_when_shown:
            self._compose_when_shown = False
            self.action_focus_compose()

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


FOCUS_WAIT = 0.25
"""At most this long (s) an opened channel's compose box waits for its messages to take the focus."""


class _Ask(NamedTuple):
    """What the chat's next read reads."""

    channel: str
    limit: int
    shown: bool
    """The chat is on screen: the thread read is marked read."""
    thread: bool = True
    channels: bool = True
    title: str | None = None
