"""The cache's stored rows read straight from its files: the read model's ``CacheRows`` for the shell's
fast paths (``status --line``), without the cache's lock, TinyDB or the contract's models.

Reads through ``nuittui.cache.layout`` the files ``state.json`` names, each file once and only
when asked: the tables a projection looks at, and of a channel only the chunks it reaches (the
newest first). A damaged or vanished file (one being rewritten) reads as empty: a status line says
less rather than fails.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from nuittui.cache.errors import CacheError
from nuittui.cache.layout import (
    MESSAGES_DIR,
    STATE_FILE,
    TABLES_DIR,
    ChunkRef,
    StateDoc,
    count_newer,
    parse_chunk,
    parse_table,
)

__all__ = ["HISTORY", "LeanRows", "read_doc"]

HISTORY = 5000
"""Messages kept per channel (``nuittui.cache.folder.DEFAULT_HISTORY``): older ones are not shown."""

Row = dict[str, Any]


def read_doc(path: Path) -> dict[str, Any] | None:
    """A JSON object file, None when missing, unreadable or not an object."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


class LeanRows:
    """A profile's cache as ``nuittui.readmodel.rows.CacheRows``, read from its files."""

    def __init__(self, folder: Path, keep: int = HISTORY) -> None:
        self.folder = folder
        self.keep = keep
        try:
            self.state = StateDoc.from_doc(read_doc(folder / STATE_FILE), folder / STATE_FILE)
        except CacheError:
            self.state = StateDoc()
        self._tables: dict[str, dict[Any, Row]] = {}
        self._chunks: dict[str, list[Row]] = {}

    @property
    def synced(self) -> bool:
        """Whether a sync answer was ever saved."""
        return self.state.cursor is not None

    def event_row(self) -> Row | None:
        """The event, None before the first sync."""
        return self.state.event

    def table_rows(self, kind: str) -> Mapping[Any, Row]:
        """A table's rows by key; empty when it is not cached or its file is damaged."""
        found = self._tables.get(kind)
        if found is None:
            found = {}
            name = self.state.tables.get(kind)
            if name is not None:
                path = self.folder / TABLES_DIR / name
                try:
                    found = parse_table(read_doc(path), path, kind)
                except CacheError:
                    found = {}
            self._tables[kind] = found
        return found

    def message_rows(
        self, channel: str, limit: int | None = None, before_seq: int | None = None
    ) -> Sequence[Row]:
        """The newest ``limit`` of a channel's kept messages older than ``before_seq``, oldest first."""
        refs = self.state.channels.get(channel, [])
        hidden = max(0, sum(ref.count for ref in refs) - self.keep)
        wanted = math.inf if limit is None else limit
        parts: list[list[Row]] = []
        got = 0
        for ref, skip in reversed(self._skips(refs, hidden)):
            if got >= wanted:
                break
            if skip >= ref.count or (before_seq is not None and ref.first_seq >= before_seq):
                continue
            rows = self._rows(channel, ref)[skip:]
            if before_seq is not None:
                rows = [row for row in rows if row["seq"] < before_seq]
            if limit is not None:
                rows = rows[max(0, len(rows) - (limit - got)) :]
            parts.append(rows)
            got += len(rows)
        return [row for part in reversed(parts) for row in part]

    def channel_last_seqs(self) -> dict[str, int]:
        """Every cached channel and the seq of its newest message."""
        return {name: refs[-1].last_seq if refs else 0 for name, refs in self.state.channels.items()}

    def count_newer(
        self,
        channel: str,
        after_seq: int,
        *,
        newest: int,
        other_than: str | None,
        matching: re.Pattern[str] | None,
    ) -> tuple[int, int]:
        """Among a channel's newest ``newest`` messages, those after ``after_seq`` not by
        ``other_than``, and how many of them ``matching`` finds; a chunk wholly read is not loaded."""
        window = min(newest, self.keep)
        refs = reversed(self.state.channels.get(channel, []))
        chunks = ((ref.last_seq, partial(self._rows, channel, ref)) for ref in refs)
        return count_newer(chunks, after_seq, window, other_than, matching)

    @staticmethod
    def _skips(refs: list[ChunkRef], hidden: int) -> list[tuple[ChunkRef, int]]:
        """Each chunk and how many of its oldest messages lie beyond the kept history."""
        plan: list[tuple[ChunkRef, int]] = []
        for ref in refs:
            skip = min(hidden, ref.count)
            hidden -= skip
            plan.append((ref, skip))
        return plan

    def _rows(self, channel: str, ref: ChunkRef) -> list[Row]:
        found = self._chunks.get(ref.file)
        if found is None:
            path = self.folder / MESSAGES_DIR / ref.file
            try:
                found = parse_chunk(read_doc(path), path, channel)
            except CacheError:
                found = []
            self._chunks[ref.file] = found
        return found
