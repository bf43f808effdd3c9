"""What the read model reads: the cache's stored rows and the writes still in the outbox."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

__all__ = ["CacheRows", "PendingWrite", "Row", "me_row"]

Row = Mapping[str, Any]
"""One stored object: the contract's model as JSON (times as ISO 8601 strings)."""


class CacheRows(Protocol):
    """The stored rows of a profile's cache (``nuittui.cache.CacheFolder`` gives them)."""

    def event_row(self) -> Row | None:
        """The event, None before the first sync."""
        ...

    def table_rows(self, kind: str) -> Mapping[Any, Row]:
        """``users`` by handle, ``projects``, ``progress``, ``swaps``, ``schedule`` by id (do not mutate)."""
        ...

    def message_rows(
        self, channel: str, limit: int | None = None, before_seq: int | None = None
    ) -> Sequence[Row]:
        """The newest ``limit`` messages of a channel older than ``before_seq``, oldest first."""
        ...

    def channel_last_seqs(self) -> dict[str, int]:
        """Every cached channel and the seq of its newest message."""
        ...

    def count_newer(
        self,
        channel: str,
        after_seq: int,
        *,
        newest: int,
        other_than: str | None,
        matching: re.Pattern[str] | None,
    ) -> tuple[int, int]:
        """Messages after ``after_seq`` not by ``other_than``, and how many ``matching`` finds."""
        ...


class PendingWrite(Protocol):
    """A write still in the outbox (``nuittui.cache.OutboxEntry``)."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def body(self) -> dict[str, Any] | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def summary(self) -> str: ...
    @property
    def last_error(self) -> str | None: ...
    @property
    def order_key(self) -> str | None:
        """What the write is sent in order with (a message: its channel's name)."""
        ...

    @property
    def path(self) -> str:
        """The request's path (``/v1/projects/12/join``): which object the write is about."""
        ...


def me_row(rows: CacheRows, handle: str | None, pending: Sequence[PendingWrite]) -> Row | None:
    """My user row with my profile updates still in the outbox applied; None when unknown."""
    if handle is None:
        return None
    row = rows.table_rows("users").get(handle)
    if row is None:
        return None
    updates = [w.body for w in pending if w.kind == "me.update" and w.body]
    return {**row, **{k: v for body in updates for k, v in body.items()}} if updates else row
