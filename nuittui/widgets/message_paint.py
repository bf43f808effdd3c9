"""Drawing one line of a chat message as a ``Strip``: segments with our styles, text always as data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nuittui.i18n import _

from .message_layout import BODY_INDENT, CODE, FENCE, REMOVED, BodyLine
from .message_row import MessageLike
from .text import crop_with_ellipsis, display_line

__all__ = [
    "ANNOUNCEMENT_MARK",
    "COMPONENTS",
    "CURSOR_MARK",
    "MESSAGE_LIST_CSS",
    "PENDING_MARK",
    "MessagePainter",
]

PENDING_MARK = "⧗"
ANNOUNCEMENT_MARK = "★"
CURSOR_MARK = "▌"

COMPONENTS = (
    "time",
    "author",
    "author-me",
    "pending",
    "announcement",
    "hidden",
    "mention",
    "code",
    "fence",
    "cursor",
)
"""Styled parts of a message; the widget's component classes are ``message-list--<name>``."""

MESSAGE_LIST_CSS = """
MessageList {
    background: $surface;
    color: $foreground;
    overflow-x: hidden;
    overflow-y: scroll;
    & > .message-list--time { color: $text-muted; }
    & > .message-list--author { color: $text-primary; text-style: bold; }
    & > .message-list--author-me { color: $text-accent; text-style: bold; }
    & > .message-list--pending { color: $text-warning; }
    & > .message-list--announcement { background: $success-muted; }
    & > .message-list--hidden { color: $text-muted; text-style: italic dim; }
    & > .message-list--mention { background: $accent-muted; text-style: bold; }
    & > .message-list--code { background: $panel; }
    & > .message-list--fence { background: $panel; color: $text-muted; }
    & > .message-list--cursor { background: $primary-muted; }
}
"""
"""The list's default look; themes and app CSS override any ``message-list--*`` part."""


class MessagePainter:
    """Draws message lines at one width, with the widget's styles, for one reader (``me``).

    ``styles`` maps the component names (``time``, ``author``, ``author-me``,
    ``pending``, ``announcement``, ``hidden``, ``mention``, ``code``, ``fence``, ``cursor``)
    to partial styles laid over ``base``. A hidden message's body line (``REMOVED``) is
    drawn in the ``hidden`` style.
    """

    def __init__(
        self,
        *,
        styles: Mapping[str, Style],
        base: Style,
        width: int,
        me: str | None,
        timezone: tzinfo,
    ) -> None:
        self._styles = styles
        self._base = base
        self._width = width
        self._avail = max(1, width - BODY_INDENT)
        self._me = me.lower() if me else None
        self._timezone = timezone

    def line(self, row: MessageLike, body: list[BodyLine], line: int, *, cursor: bool) -> Strip:
        """Line ``line`` of ``row`` (0 is the header, then ``body``), padded or cut to the width."""
        base = self._base
        if row.announcement:
            base += self._styles["announcement"]
        if cursor:
            base += self._styles["cursor"]
        segments = [Segment(CURSOR_MARK if cursor else " ", base)]
        if line == 0:
            segments += self._header(row, base)
        elif line - 1 < len(body):
            segments.append(Segment(" " * (BODY_INDENT - 1), base))
            segments += self._body(body[line - 1], base)
        return Strip(segments).adjust_cell_length(self._width, base)

    def _header(self, row: MessageLike, base: Style) -> list[Segment]:
        author = display_line(row.author)
        mine = self._me is not None and author.lower() == self._me
        stamp = row.created_at.astimezone(self._timezone).strftime("%H:%M")
        segments = [
            Segment(stamp, base + self._styles["time"]),
            Segment(" ", base),
            Segment(author, base + self._styles["author-me" if mine else "author"]),
        ]
        if row.pending:
            segments.append(Segment(" " + PENDING_MARK, base + self._styles["pending"]))
            error = getattr(row, "last_error", None)  # the read model's pending lines carry it
            if error:
                why = _("not sent yet: {error}", error=display_line(str(error)))
                segments.append(Segment(" " + why, base + self._styles["pending"]))
        if row.announcement:
            segments.append(Segment(" " + ANNOUNCEMENT_MARK, base + self._styles["pending"]))
        return segments

    def _body(self, body_line: BodyLine, base: Style) -> list[Segment]:
        if body_line.kind == REMOVED:
            return [Segment(crop_with_ellipsis(body_line.text, self._avail), base + self._styles["hidden"])]
        if body_line.kind in (CODE, FENCE):
            style = base + self._styles["code" if body_line.kind == CODE else "fence"]
            code = crop_with_ellipsis(body_line.text, self._avail)
            # the code background runs to the edge, so a block reads as one block
            return [Segment(code + " " * max(0, self._avail - cell_len(code)), style)]
        text = body_line.text
        if not body_line.marks:
            return [Segment(text, base)]
        mention = base + self._styles["mention"]
        segments: list[Segment] = []
        position = 0
        for start, end in body_line.marks:
            if start > position:
                segments.append(Segment(text[position:start], base))
            segments.append(Segment(text[start:end], mention))
            position = end
        if position < len(text):
            segments.append(Segment(text[position:], base))
        return segments
