"""Reusable widgets of the nuit-tui app.

Names load on first use: the status bar on Home's first paint does not pull in the message list.
"""

from typing import TYPE_CHECKING

from nuittui._lazy import lazy_exports

if TYPE_CHECKING:
    from .message_list import MessageList
    from .message_row import MessageLike, MessageRow

_EXPORTS = {"MessageList": "message_list", "MessageLike": "message_row", "MessageRow": "message_row"}

__all__ = ["MessageLike", "MessageList", "MessageRow"]

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
