"""Reusable widgets of the nuit-tui app."""

from .message_list import MessageList
from .message_row import MessageLike, MessageRow

__all__ = ["MessageLike", "MessageList", "MessageRow"]
