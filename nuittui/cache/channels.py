"""A channel's cached history: messages in ``seq`` order, split into chunk files.

Appending a message rewrites only the newest chunk (at most ``CHUNK_SIZE``
messages), so the cost of a new message does not grow with the history.
Chunks are loaded lazily: showing the latest 50 messages reads one file.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .errors import CorruptCacheError
from .layout import ChunkRef, channel_stem, count_newer, parse_chunk
from .storage import AtomicJSONStorage, FileSignature, file_signature

Row = dict[str, Any]
NewFile = Callable[[str], str]
"""Hands out a fresh file name for a stem (``StateDoc.new_file``)."""


@dataclass(slots=True, eq=False)
class Chunk:
    """A run of consecutive messages of one channel, saved as one file."""

    file: str
    count: int = 0
    first_seq: int = 0
    last_seq: int = 0
    rows: list[Row] | None = None
    """The messages when loaded (``None`` until then), oldest first."""
    ids: set[int] = field(default_factory=set)
    signature: FileSignature | None = None
    on_disk: bool = True
    dirty: bool = False
    """Changed in memory and not saved yet; memory is then the truth."""

    @classmethod
    def new(cls, file: str, row: Row) -> Chunk:
        """A chunk not yet on disk, holding one message."""
        chunk = cls(file, on_disk=False, dirty=True)
        chunk.adopt([row])
        return chunk

    def adopt(self, rows: list[Row]) -> None:
        """Take ``rows`` as this chunk's content."""
        self.rows = rows
        self.ids = {row["id"] for row in rows}
        self.recount()

    def recount(self) -> None:
        """Refresh the figures the index keeps from the loaded rows."""
        rows = self.rows or []
        self.count = len(rows)
        self.first_seq = rows[0]["seq"] if rows else 0
        self.last_seq = rows[-1]["seq"] if rows else 0

    def replace(self, row: Row) -> None:
        """Put ``row`` in place of the message with the same id."""
        assert self.rows is not None
        for index, old in enumerate(self.rows):
            if old["id"] == row["id"]:
                self.rows[index] = row
                break
        self.dirty = True

    def written(self, signature: FileSignature) -> None:
        """Record that the chunk was saved as this version."""
        self.signature = signature
        self.on_disk = True
        self.dirty = False

    def ref(self) -> ChunkRef:
        """The index entry of this chunk."""
        return ChunkRef(self.file, self.count, self.first_seq, self.last_seq)


class Channel:
    """The cached messages of one channel, as an ordered list of chunks."""

    def __init__(
        self,
        name: str,
        directory: Path,
        refs: list[ChunkRef],
        *,
        chunk_size: int,
        previous: Channel | None = None,
    ) -> None:
        self.name = name
        self.directory = directory
        self.chunk_size = chunk_size
        self.stem = channel_stem(name)
        loaded = {c.file: c for c in previous.chunks} if previous is not None else {}
        self.chunks: list[Chunk] = []
        for ref in refs:
            chunk = Chunk(ref.file, ref.count, ref.first_seq, ref.last_seq)
            old = loaded.get(ref.file)
            if old is not None and old.rows is not None and not old.dirty:
                # Kept only while the file's signature still matches (checked in rows_of).
                chunk.rows, chunk.ids, chunk.signature = old.rows, old.ids, old.signature
                chunk.recount()
            self.chunks.append(chunk)

    def total(self) -> int:
        """Messages held on disk, including any beyond the bound still sharing a chunk."""
        return sum(c.count for c in self.chunks)

    def last_seq(self) -> int:
        """Sequence number of the newest message, 0 when empty."""
        return self.chunks[-1].last_seq if self.chunks else 0

    def refs(self) -> list[ChunkRef]:
        """The index entries of the chunks, oldest first."""
        return [c.ref() for c in self.chunks]

    def dirty_chunks(self) -> list[Chunk]:
        """Chunks changed in memory since they were saved."""
        return [c for c in self.chunks if c.dirty]

    def rows_of(self, chunk: Chunk) -> list[Row]:
        """The chunk's messages, reloaded when its file changed since it was read."""
        if chunk.dirty and chunk.rows is not None:
            return chunk.rows
        path = self.directory / chunk.file
        signature = file_signature(path)
        if signature is None:
            raise CorruptCacheError(path, "the file is missing")
        if chunk.rows is not None and signature == chunk.signature:
            return chunk.rows
        data, signature = AtomicJSONStorage(path, create_dirs=False).read_with_signature()
        chunk.adopt(parse_chunk(data, path, self.name))
        chunk.signature = signature
        return chunk.rows or []

    def insert(self, row: Row, new_file: NewFile) -> bool:
        """Add or replace one message; True when its id was not cached before."""
        if not self.chunks:
            self.chunks.append(Chunk.new(new_file(self.stem), row))
            return True
        last = self.chunks[-1]
        rows = self.rows_of(last)
        if row["id"] in last.ids:
            last.replace(row)
            return False
        if rows and row["seq"] <= rows[-1]["seq"]:
            return self._insert_older(row, new_file)
        if len(rows) >= self.chunk_size:
            self.chunks.append(Chunk.new(new_file(self.stem), row))
            return True
        rows.append(row)
        last.ids.add(row["id"])
        last.recount()
        last.dirty = True
        return True

    def replace_cached(self, row: Row) -> bool:
        """Put ``row`` in place of the cached message with its id; False (nothing added) when that
        message is not cached. Only the chunks whose seq range holds the row's seq are read."""
        seq = row["seq"]
        for chunk in reversed(self.chunks):
            if not chunk.first_seq <= seq <= chunk.last_seq:
                continue
            self.rows_of(chunk)
            if row["id"] in chunk.ids:
                chunk.replace(row)
                return True
        return False

    def _insert_older(self, row: Row, new_file: NewFile) -> bool:
        """The slow path (history pages): place a message older than the newest one."""
        for chunk in self.chunks:
            self.rows_of(chunk)
        for chunk in self.chunks:
            if row["id"] in chunk.ids:
                chunk.replace(row)
                return False
        seq = row["seq"]
        target = 0
        for index, chunk in enumerate(self.chunks):
            if chunk.rows and chunk.rows[0]["seq"] <= seq:
                target = index
        chunk = self.chunks[target]
        rows = chunk.rows or []
        if target == 0 and rows and seq < rows[0]["seq"] and len(rows) >= self.chunk_size:
            self.chunks.insert(0, Chunk.new(new_file(self.stem), row))
            return True
        rows.insert(bisect.bisect([r["seq"] for r in rows], seq), row)
        chunk.adopt(rows)
        chunk.dirty = True
        return True

    def trim(self, keep: int) -> list[str]:
        """Drop the oldest chunks lying wholly beyond the newest ``keep``; the files to delete."""
        removed: list[str] = []
        total = self.total()
        while len(self.chunks) > 1 and total - self.chunks[0].count >= keep:
            chunk = self.chunks.pop(0)
            total -= chunk.count
            if chunk.on_disk:
                removed.append(chunk.file)
        return removed

    def oldest_visible_seq(self, keep: int) -> int:
        """The ``seq`` of the oldest message within the newest ``keep``."""
        rows = self.visible(keep, None, None)
        return rows[0]["seq"] if rows else 0

    def count_newer(
        self, window: int, after_seq: int, other_than: str | None, matching: re.Pattern[str] | None
    ) -> tuple[int, int]:
        """Among the newest ``window`` messages, those after ``after_seq`` not written by
        ``other_than``, and how many of them ``matching`` finds in the body.

        Reads from the newest back and stops at ``after_seq``: a chunk read through is not loaded.
        """
        chunks = ((chunk.last_seq, partial(self.rows_of, chunk)) for chunk in reversed(self.chunks))
        return count_newer(chunks, after_seq, window, other_than, matching)

    def visible(self, keep: int, limit: int | None, before_seq: int | None) -> list[Row]:
        """The newest ``limit`` of the newest ``keep`` messages, older than ``before_seq``, oldest first."""
        hidden = max(0, self.total() - keep)
        plan: list[tuple[Chunk, int]] = []
        for chunk in self.chunks:
            skip = min(hidden, chunk.count)
            hidden -= skip
            plan.append((chunk, skip))
        wanted = math.inf if limit is None else limit
        parts: list[list[Row]] = []
        got = 0
        for chunk, skip in reversed(plan):
            if got >= wanted:
                break
            if skip >= chunk.count or (before_seq is not None and chunk.first_seq >= before_seq):
                continue
            rows = self.rows_of(chunk)[skip:]
            if before_seq is not None and rows and rows[-1]["seq"] >= before_seq:
                rows = [r for r in rows if r["seq"] < before_seq]
            if limit is not None:
                rows = rows[max(0, len(rows) - (limit - got)) :]
            parts.append(rows)
            got += len(rows)
        return [row for part in reversed(parts) for row in part]
