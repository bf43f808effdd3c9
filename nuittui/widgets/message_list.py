"""The chat message view: a line-API virtual list that shows 100,000 messages without mounting any.

Each message is a header line (``HH:MM author``, a ``⧗`` while pending) and its
body wrapped to the width; fenced code keeps its lines and is cut with an
ellipsis. Text is data: lines are built from ``Segment``s with our own styles,
never from markup, so ``[@click=…]`` or an escape sequence in a message shows
literally and does nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, tzinfo
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from nuittui.i18n import _
from nuittui.readmodel.rules import mention_pattern

from .message_layout import BODY_INDENT, BodyLine, LineIndex, body_height, layout_body, removed_body
from .message_paint import COMPONENTS, MESSAGE_LIST_CSS, MessagePainter
from .message_row import MessageLike, MessageRow, find_key

if TYPE_CHECKING:
    import re

__all__ = ["MessageLike", "MessageList", "MessageRow"]

_LAYOUT_SLICE = 0.005
COPY_ACTION = "copy_message"
"""The action a screen binds to copy the chosen message: on a hidden message, the list answers it."""
"""Seconds of background layout per timer tick, so typing stays smooth."""


class _ListMessage(Message):
    """A message from a ``MessageList``; ``control`` is the list, for ``@on(..., "#id")``."""

    def __init__(self, message_list: MessageList) -> None:
        super().__init__()
        self.message_list = message_list

    @property
    def control(self) -> MessageList:
        """The list that posted it."""
        return self.message_list


class MessageList(ScrollView, can_focus=True):
    """Chat history, newest at the bottom, with a message cursor (up/down/home/end/page keys).

    Messages: ``ReachedTop`` (load older history), ``Selected`` (the cursor
    moved), ``UnreadChanged`` (messages arrived below the view).
    """

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous message", show=False, id="message_list.up"),
        Binding("down", "cursor_down", "Next message", show=False, id="message_list.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="message_list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="message_list.page_down"),
        Binding("home", "first", "Oldest message", show=False, id="message_list.first"),
        Binding("end", "last", "Newest message", show=False, id="message_list.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"message-list--{name}" for name in COMPONENTS}
    DEFAULT_CSS = MESSAGE_LIST_CSS

    unread: var[int] = var(0, init=False)
    """Messages appended while the view was scrolled up; back to 0 at the bottom."""

    class ReachedTop(_ListMessage):
        """The user is at the oldest message shown: time to load older history."""

    class Selected(_ListMessage):
        """The cursor moved to ``row`` (at ``index``)."""

        def __init__(self, message_list: MessageList, row: MessageLike, index: int) -> None:
            super().__init__(message_list)
            self.row = row
            self.index = index

    class UnreadChanged(_ListMessage):
        """``count`` messages arrived below the view (0: the user is at the bottom again)."""

        def __init__(self, message_list: MessageList, count: int) -> None:
            super().__init__(message_list)
            self.count = count

    def __init__(
        self,
        *,
        timezone: tzinfo = UTC,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._rows: list[MessageLike] = []
        self._me: str | None = None
        self._mention: re.Pattern[str] | None = None
        self._timezone: tzinfo = timezone
        self._width = 0
        self._avail = 1
        self._index = LineIndex(self._row_height)
        self._layouts: LRUCache[int, list[BodyLine]] = LRUCache(1024)
        self._strips: LRUCache[tuple[int, int, bool], Strip] = LRUCache(2048)
        self._painter: MessagePainter | None = None
        self._follow = True
        self._reflowing = False
        self._top_posted = False
        self._layout_timer: Timer | None = None
        self.cursor: int | None = None
        """Index of the message under the cursor, if any."""

    # -- public API -------------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[MessageLike]:
        """The messages shown, oldest first (read only)."""
        return self._rows

    @property
    def me(self) -> str | None:
        """The handle whose messages and mentions are highlighted."""
        return self._me

    @property
    def timezone(self) -> tzinfo:
        """The zone message times are shown in (the event's)."""
        return self._timezone

    @timezone.setter
    def timezone(self, value: tzinfo) -> None:
        self._timezone = value
        self._painter = None
        self._strips.clear()
        self.refresh()

    @property
    def layout_complete(self) -> bool:
        """Whether every message's height is exact (estimates are refined in the background)."""
        return self._index.exact

    @property
    def cursor_row(self) -> MessageLike | None:
        """The message under the cursor, if any."""
        return self._rows[self.cursor] if self.cursor is not None else None

    def set_messages(self, rows: Sequence[MessageLike], *, me: str | None) -> None:
        """Show ``rows`` (oldest first): a channel opens at the bottom; a refresh keeps the view."""
        old_rows = self._rows
        anchor_key = cursor_key = None
        anchor_row = anchor_line = 0
        if old_rows and not self._follow and self._width:
            anchor_row, anchor_line = self._index.locate(self._scroll_top())
            anchor_key = old_rows[anchor_row].key
        if self.cursor is not None:
            cursor_key = old_rows[self.cursor].key
        self._rows = list(rows)
        self._forget_rendering(painter=me != self._me)
        self._me = me
        self._mention = mention_pattern(me) if me else None
        self._top_posted = False
        self.unread = 0
        # a refresh keeps cursor and view; looked for nearby only, so opening another channel stays O(1)
        self.cursor = find_key(self._rows, cursor_key, self.cursor, everywhere=False)
        anchor = find_key(self._rows, anchor_key, anchor_row if anchor_key else None, everywhere=False)
        self._follow = anchor is None
        if not self._width:
            return  # laid out on the first paint, when the width is known
        self._index.reset(self._rows)
        self._settle(anchor if anchor is not None else 0, anchor_line)

    def append(self, rows: Sequence[MessageLike]) -> None:
        """New messages: the view follows them at the bottom, else they count as ``unread``."""
        if not rows:
            return
        self._rows.extend(rows)
        if not self._width:
            return
        following = self._follow
        self._reflow(lambda: self._index.extend(len(rows)))
        if not following:
            self.unread += len(rows)

    def prepend(self, rows: Sequence[MessageLike]) -> None:
        """Older history: inserted above, and the view stays on the message it showed."""
        if not rows:
            return
        count = len(rows)
        self._rows[:0] = rows
        if self.cursor is not None:
            self.cursor += count
        self._forget_rendering()
        self._top_posted = False
        if not self._width:
            return
        self._reflow(lambda: self._index.insert_front(count), shift=count)

    def update(self, rows: Sequence[MessageLike], *, me: str | None) -> None:
        """Show ``rows`` (oldest first) changing only what differs from what is shown.

        Older history found above the shown messages is prepended, a changed message (a pending
        copy now confirmed, one the organizers hid) is replaced in place, new ones are appended;
        the rows that did not change stay as they are, and so do the cursor and the view. A list
        that does not line up that way (a pending message dropped, another window) is shown anew
        with ``set_messages``, which keeps the view on the same message.
        """
        old = self._rows
        if me != self._me or not old or not rows:
            self.set_messages(rows, me=me)
            return
        first = old[0].key
        if rows[0].key != first:
            above = find_key(rows, first, 0, everywhere=False)
            if above is None or above == 0:
                self.set_messages(rows, me=me)
                return
            self.prepend(rows[:above])
            old = self._rows
        if len(rows) < len(old) or rows[0].key != old[0].key:
            self.set_messages(rows, me=me)
            return
        for index in range(len(old)):
            if old[index] is not rows[index] and old[index] != rows[index]:
                self._replace_at(index, rows[index])
        self.append(rows[len(old) :])

    def _replace_at(self, index: int, row: MessageLike) -> None:
        self._rows[index] = row
        self._layouts.discard(index)
        self._strips.clear()
        if self._width:
            self._reflow(lambda: self._index.row_changed(index))
        if index == self.cursor:
            self.post_message(self.Selected(self, row, index))

    def scroll_to_latest(self) -> None:
        """Jump to the newest message and follow new ones again."""
        self._follow = True
        if self._width:
            self._settle(0, 0)

    # -- Textual hooks ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        """Start the background layout timer (paused until there are estimated blocks)."""
        self._layout_timer = self.set_interval(0.02, self._layout_in_background, pause=True)
        if self._width and not self._index.exact:
            self._layout_timer.resume()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: styles are read again."""
        super().notify_style_update()
        self._forget_rendering()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap when the width changes; stay at the bottom when following."""
        self._sync_width()
        if self._follow and self._width:
            self._settle(0, 0)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Lay out what is about to be shown, then draw it line by line."""
        self._sync_width()
        self._lay_out_view()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One line of the view: a message header or a body line."""
        virtual_y = self._scroll_top() + y
        width = self._width or self.scrollable_content_region.width
        if not self._rows or virtual_y >= self._index.height or not self._width:
            return Strip.blank(width, self.rich_style)
        row_index, line = self._index.locate(virtual_y)
        is_cursor = row_index == self.cursor and self.has_focus
        key = (row_index, line, is_cursor)
        strip = self._strips.get(key)
        if strip is None:
            body = self._body_lines(row_index) if line else []
            strip = self._get_painter().line(self._rows[row_index], body, line, cursor=is_cursor)
            self._strips[key] = strip
        return strip

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Lay out messages scrolling into view; track following, unread and the top."""
        super().watch_scroll_y(old_value, new_value)
        if self._reflowing or not self._width:
            return
        top = round(new_value)
        self._follow = top >= self.max_scroll_y
        if self._follow and self.unread:
            self.unread = 0
        self._lay_out_view()
        if top == 0 and self._rows:
            self._reached_top()
        else:
            self._top_posted = False

    def watch_unread(self, count: int) -> None:
        """Tell the screen how many messages wait below."""
        self.post_message(self.UnreadChanged(self, count))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Scrolling up at the top asks for older history."""
        if self._scroll_top() == 0 and self._rows:
            self._reached_top()

    def on_key(self, event: events.Key) -> None:
        """The copy key on a message the organizers hid copies nothing, and says so."""
        row = self.cursor_row
        if row is None or not row.hidden:
            return
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.binding.action != COPY_ACTION:
            return
        event.stop()
        event.prevent_default()
        self.notify(_("Nothing copied: this message was removed by the organizers."), markup=False)

    def on_click(self, event: events.Click) -> None:
        """Put the cursor on the clicked message (text never carries actions)."""
        offset = event.get_content_offset(self)
        if offset is None or not self._rows or not self._width:
            return
        virtual_y = self._scroll_top() + offset.y
        if virtual_y < self._index.height:
            self._set_cursor(self._index.locate(virtual_y)[0])

    # -- actions ----------------------------------------------------------------------------------
    def action_cursor_up(self) -> None:
        """Cursor to the previous message."""
        if self.cursor == 0 or not self._rows:
            self._reached_top()
        self._move_cursor(-1)

    def action_cursor_down(self) -> None:
        """Cursor to the next message."""
        self._move_cursor(1)

    def action_page_up(self) -> None:
        """Cursor one screen up."""
        self._move_page(-1)

    def action_page_down(self) -> None:
        """Cursor one screen down."""
        self._move_page(1)

    def action_first(self) -> None:
        """Cursor to the oldest message shown."""
        if self._rows:
            self._set_cursor(0)

    def action_last(self) -> None:
        """Cursor to the newest message."""
        if self._rows:
            self._set_cursor(len(self._rows) - 1)

    # -- cursor -----------------------------------------------------------------------------------
    def _move_cursor(self, delta: int) -> None:
        if not self._rows or not self._width:
            return
        if self.cursor is None:
            start, end = self._view_span(margin=0)
            target = self._index.locate(end - 1 if delta < 0 else start)[0]
        else:
            target = self.cursor + delta
        self._set_cursor(min(max(target, 0), len(self._rows) - 1))

    def _move_page(self, direction: int) -> None:
        if not self._rows or not self._width:
            return
        page = max(1, self.scrollable_content_region.height - 1)
        origin = self._index.y_of(self.cursor) if self.cursor is not None else self._scroll_top()
        self._set_cursor(self._index.locate(origin + direction * page)[0])

    def _set_cursor(self, index: int) -> None:
        self.cursor = index
        self._scroll_to_row(index)
        self.refresh()
        self.post_message(self.Selected(self, self._rows[index], index))

    def _scroll_to_row(self, index: int) -> None:
        """Scroll the least that shows the whole message (its top when taller than the view)."""
        if not self._width:
            return
        self._lay_out_lines(self._index.y_of(index), self._index.y_of(index) + 1)
        top, height = self._index.y_of(index), self._index.row_height(index)
        view_top, view_height = self._scroll_top(), self.scrollable_content_region.height
        if top < view_top:
            self.scroll_to(y=top, animate=False)
        elif top + height > view_top + view_height:
            self.scroll_to(y=min(top, top + height - view_height), animate=False)

    def _reached_top(self) -> None:
        if not self._top_posted:
            self._top_posted = True
            self.post_message(self.ReachedTop(self))

    # -- layout -----------------------------------------------------------------------------------
    def _row_height(self, row: MessageLike) -> int:
        return 2 if row.hidden else 1 + body_height(row.body, self._avail)

    def _scroll_top(self) -> int:
        return round(self.scroll_y)

    def _view_span(self, margin: int | None = None) -> tuple[int, int]:
        """Virtual lines in view, with a margin of one screen each side by default."""
        height = max(self.scrollable_content_region.height, 1)
        pad = height if margin is None else margin
        top = self._scroll_top()
        return top - pad, top + height + pad

    def _sync_width(self) -> None:
        """Re-wrap everything (lazily) when the available width changes."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        anchor = self._index.locate(self._scroll_top()) if self._width and self._rows else (0, 0)
        self._width = width
        self._avail = max(1, width - BODY_INDENT)
        self._forget_rendering()
        self._index.reset(self._rows)
        self._settle(anchor[0], 0)

    def _lay_out_view(self) -> None:
        """Make the messages in (and a screen around) the view exact, keeping the view still."""
        self._lay_out_lines(*self._view_span())

    def _lay_out_lines(self, start: int, end: int) -> None:
        if self._width and (blocks := self._index.estimated_blocks(start, end)):
            self._reflow(lambda: self._index.layout_blocks(blocks))

    def _reflow(self, change: Callable[[], object], *, shift: int = 0) -> None:
        """Apply a layout change, keeping the same message at the top (or the bottom when following)."""
        row, line = self._index.locate(self._scroll_top()) if self._rows else (0, 0)
        change()
        self._settle(row + shift, line)

    def _settle(self, row: int, line: int) -> None:
        """Lay out the target view exactly, then scroll to ``row``/``line`` (or the end when following)."""
        view_height = self.scrollable_content_region.height
        for _pass in range(4):  # each pass makes the target's blocks exact; two passes suffice in practice
            if self._follow:
                target = self._index.height - view_height
            else:
                line = min(line, max(self._index.row_height(row) - 1, 0)) if self._rows else 0
                target = self._index.y_of(row) + line
            pending = self._index.estimated_blocks(target - view_height, target + 2 * view_height)
            if not pending:
                break
            self._index.layout_blocks(pending)
        self.virtual_size = Size(self._width, self._index.height)
        self._reflowing = True
        try:
            self.scroll_to(y=max(target, 0), animate=False, immediate=True)
        finally:
            self._reflowing = False
        if self._follow and self.unread:
            self.unread = 0
        self.refresh()
        if not self._index.exact and self._layout_timer is not None:
            self._layout_timer.resume()

    def _layout_in_background(self) -> None:
        """Turn estimated blocks exact a few at a time, nearest to the view first."""
        if not self._width or self._index.exact:
            if self._layout_timer is not None:
                self._layout_timer.pause()
            return
        if self.is_vertical_scrollbar_grabbed or self.app.animator.is_being_animated(self, "scroll_y"):
            return  # do not move the content under a dragging or animating user
        deadline = time.perf_counter() + _LAYOUT_SLICE
        while time.perf_counter() < deadline:
            blocks = self._index.nearest_estimated(self._scroll_top(), 1)
            if not blocks:
                break
            self._reflow(partial(self._index.layout_blocks, blocks))

    def _forget_rendering(self, *, painter: bool = True) -> None:
        """Drop what was drawn; ``painter``: and the painter (its styles, width, reader and zone)."""
        if painter:
            self._painter = None
        self._layouts.clear()
        self._strips.clear()

    # -- drawing ----------------------------------------------------------------------------------
    def _get_painter(self) -> MessagePainter:
        if self._painter is None:
            styles = {name: self._component_style(f"message-list--{name}") for name in COMPONENTS}
            self._painter = MessagePainter(
                styles=styles, base=self.rich_style, width=self._width, me=self._me, timezone=self._timezone
            )
        return self._painter

    def _component_style(self, name: str) -> Style:
        """The part's own attributes, with colours blended as the CSS says (``$text-muted`` has alpha)."""
        partial = self.get_component_rich_style(name, partial=True)
        full = self.get_component_rich_style(name)
        colours = Style(
            color=full.color if partial.color else None, bgcolor=full.bgcolor if partial.bgcolor else None
        )
        return partial + colours

    def _body_lines(self, row_index: int) -> list[BodyLine]:
        lines = self._layouts.get(row_index)
        if lines is None:
            row = self._rows[row_index]
            if row.hidden:
                lines = removed_body(_("removed by the organizers"))
            else:
                lines = layout_body(row.body, self._avail, self._mention)
            self._layouts[row_index] = lines
        return lines
