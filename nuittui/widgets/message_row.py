"""What the message list shows: the row protocol, a ready-made row type, and lookup by key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nuittui.models import MessagePublic

__all__ = ["MessageLike", "MessageRow", "find_key"]


class MessageLike(Protocol):
    """What the list needs of a message; the sync façade's view rows and ``MessageRow`` both fit."""

    @property
    def key(self) -> str:
        """Stable identity: the message id, or the outbox key while pending."""
        ...

    @property
    def author(self) -> str: ...

    @property
    def body(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...

    @property
    def pending(self) -> bool: ...

    @property
    def announcement(self) -> bool: ...

    @property
    def hidden(self) -> bool:
        """Removed by the organizers: the body is gone; the list says so in its place."""
        ...


@dataclass(frozen=True, slots=True)
class MessageRow:
    """A message as the list shows it."""

    key: str
    author: str
    body: str
    created_at: datetime
    pending: bool = False
    announcement: bool = False
    hidden: bool = False

    @classmethod
    def from_message(cls, message: MessagePublic, *, pending: bool = False) -> MessageRow:
        """The row for a message of the API; its key is ``msg:<id>``."""
        return cls(
            key=f"msg:{message.id}",
            author=message.author,
            body=message.body,
            created_at=message.created_at,
            pending=pending,
            announcement=message.announcement,
            hidden=message.hidden,
        )


def find_key(
    rows: Sequence[MessageLike], key: str | None, near: int | None, *, everywhere: bool = True
) -> int | None:
    """Index of the row keyed ``key``: looked for within 512 rows of ``near``, then everywhere if asked."""
    if key is None:
        return None
    if near is not None and rows:
        near = min(max(near, 0), len(rows) - 1)
        for index in range(near, max(near - 512, -1), -1):
            if rows[index].key == key:
                return index
        for index in range(near + 1, min(near + 512, len(rows))):
            if rows[index].key == key:
                return index
    if not everywhere:
        return None
    for index in range(len(rows) - 1, -1, -1):
        if rows[index].key == key:
            return index
    return None
