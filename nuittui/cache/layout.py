"""How a profile's data folder is laid out, and what each of its files holds.

    state.json                     format, cursor, last sync, the event, and the
                                   index naming every other live file
    tables/<kind>-<n>.json         users, projects, progress, swaps, schedule
    messages/<channel>-<n>.json    one chunk of a channel's history (consecutive messages)
    .lock                          held around every read-modify-write

``state.json`` is always written last, so the cursor it holds never covers
data that is not on disk yet. Only the files it names are live: anything else
in ``tables/`` or ``messages/`` was left by an interrupted write and is removed.
A reset writes new files under new names, so it replaces the whole cache in the
single rename of ``state.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import CorruptCacheError

FORMAT_VERSION = 1
"""Bumped whenever the layout changes; a cache of another version is ignored and resynced."""

STATE_FILE = "state.json"
TABLES_DIR = "tables"
MESSAGES_DIR = "messages"
LOCK_FILE = ".lock"
CHUNK_SIZE = 500
"""Messages per chunk file: appending a message rewrites one chunk, not the channel."""

TABLE_KEYS: dict[str, str] = {
    "users": "handle",
    "projects": "id",
    "progress": "id",
    "swaps": "id",
    "schedule": "id",
}
"""Each cached table and the field its rows are keyed by."""


def is_live_name(name: object) -> bool:
    """Whether ``name`` may name a cache file: a plain ``*.json`` basename, never a path."""
    return (
        isinstance(name, str)
        and name.endswith(".json")
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and Path(name).name == name
    )


def channel_stem(channel: str) -> str:
    """The file-name stem of a channel's chunks (``city:lyon`` → ``city%3Alyon``)."""
    return quote(channel, safe="")


@dataclass(slots=True)
class ChunkRef:
    """What ``state.json`` records of one chunk, so reads can skip chunks without loading them."""

    file: str
    count: int
    first_seq: int
    last_seq: int

    def to_doc(self) -> list[Any]:
        """Compact form, since the index is rewritten on every apply."""
        return [self.file, self.count, self.first_seq, self.last_seq]

    @classmethod
    def from_doc(cls, doc: Any, path: Path) -> ChunkRef:
        """Parse ``[file, count, first_seq, last_seq]``."""
        if (
            not isinstance(doc, list)
            or len(doc) != 4
            or not is_live_name(doc[0])
            or not all(isinstance(v, int) for v in doc[1:])
        ):
            raise CorruptCacheError(path, "bad chunk entry in the index")
        return cls(doc[0], doc[1], doc[2], doc[3])


@dataclass(slots=True)
class StateDoc:
    """The content of ``state.json``."""

    cursor: int | None = None
    last_synced_at: str | None = None
    event: dict[str, Any] | None = None
    next_file: int = 1
    """Numbers new files, so a rewrite under a new name never clobbers a live file."""
    tables: dict[str, str] = field(default_factory=dict)
    channels: dict[str, list[ChunkRef]] = field(default_factory=dict)
    foreign_format: Any = None
    """The format found when the file was written by another version (then everything else is empty)."""

    def new_file(self, stem: str) -> str:
        """A file name no live file uses."""
        number = self.next_file
        self.next_file += 1
        return f"{stem}-{number}.json"

    def live_files(self) -> tuple[set[str], set[str]]:
        """The table files and the chunk files this state names."""
        chunks = {ref.file for refs in self.channels.values() for ref in refs}
        return set(self.tables.values()), chunks

    def to_doc(self) -> dict[str, Any]:
        """The JSON object saved as ``state.json``."""
        return {
            "format": FORMAT_VERSION,
            "cursor": self.cursor,
            "last_synced_at": self.last_synced_at,
            "event": self.event,
            "next_file": self.next_file,
            "tables": self.tables,
            "channels": {name: [ref.to_doc() for ref in refs] for name, refs in self.channels.items()},
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None, path: Path) -> StateDoc:
        """Parse ``state.json``; a missing file is an empty cache, another format an ignored one."""
        if doc is None:
            return cls()
        if doc.get("format") != FORMAT_VERSION:
            return cls(foreign_format=doc.get("format"))
        try:
            cursor, synced, event = doc["cursor"], doc["last_synced_at"], doc["event"]
            next_file, tables, channels = doc["next_file"], doc["tables"], doc["channels"]
        except KeyError as exc:
            raise CorruptCacheError(path, f"missing {exc.args[0]!r}") from None
        ok = (
            (cursor is None or isinstance(cursor, int))
            and (synced is None or isinstance(synced, str))
            and (event is None or isinstance(event, dict))
            and isinstance(next_file, int)
            and isinstance(tables, dict)
            and all(kind in TABLE_KEYS and is_live_name(name) for kind, name in tables.items())
            and isinstance(channels, dict)
            and all(isinstance(refs, list) for refs in channels.values())
        )
        if not ok:
            raise CorruptCacheError(path, "unexpected content")
        return cls(
            cursor=cursor,
            last_synced_at=synced,
            event=event,
            next_file=next_file,
            tables=dict(tables),
            channels={
                str(name): [ChunkRef.from_doc(ref, path) for ref in refs] for name, refs in channels.items()
            },
        )


def table_doc(kind: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON object of one table file."""
    return {"format": FORMAT_VERSION, "kind": kind, "rows": rows}


def parse_table(doc: dict[str, Any] | None, path: Path, kind: str) -> dict[Any, dict[str, Any]]:
    """Rows of a table file keyed by their key field; anything unexpected is corruption."""
    if doc is None:
        raise CorruptCacheError(path, "the file is missing")
    rows = doc.get("rows")
    if doc.get("format") != FORMAT_VERSION or doc.get("kind") != kind or not isinstance(rows, list):
        raise CorruptCacheError(path, "unexpected content")
    key = TABLE_KEYS[kind]
    kind_of_key = str if key == "handle" else int
    table: dict[Any, dict[str, Any]] = {}
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get(key), kind_of_key):
            raise CorruptCacheError(path, f"a row without a valid {key!r}")
        table[row[key]] = row
    return table


def chunk_doc(channel: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON object of one chunk file."""
    return {"format": FORMAT_VERSION, "channel": channel, "messages": rows}


def parse_chunk(doc: dict[str, Any] | None, path: Path, channel: str) -> list[dict[str, Any]]:
    """Messages of a chunk file, in ``seq`` order; anything unexpected is corruption."""
    if doc is None:
        raise CorruptCacheError(path, "the file is missing")
    rows = doc.get("messages")
    if doc.get("format") != FORMAT_VERSION or doc.get("channel") != channel or not isinstance(rows, list):
        raise CorruptCacheError(path, "unexpected content")
    for row in rows:
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("id"), int)
            or not isinstance(row.get("seq"), int)
        ):
            raise CorruptCacheError(path, "a message without a valid id or seq")
    return rows


def count_newer(
    chunks: Iterable[tuple[int, Callable[[], Sequence[Mapping[str, Any]]]]],
    after_seq: int,
    window: int,
    other_than: str | None,
    matching: re.Pattern[str] | None,
) -> tuple[int, int]:
    """Among a channel's newest ``window`` messages, those after ``after_seq`` not written by
    ``other_than``, and how many of them ``matching`` finds in the body.

    ``chunks``: the channel's chunks newest first, each as its last ``seq`` and a reader of its
    rows (oldest first). Reads from the newest back and stops at ``after_seq``: a chunk read
    through is not loaded. The cache and the shell's lean reader count with this one rule.
    """
    count = matches = seen = 0
    for last_seq, read in chunks:
        if seen >= window or last_seq <= after_seq:
            break
        for row in reversed(read()):
            seq = row.get("seq")
            if seen >= window or not isinstance(seq, int) or seq <= after_seq:
                return count, matches
            seen += 1
            if row.get("author") == other_than:
                continue
            count += 1
            body = row.get("body")
            if matching is not None and isinstance(body, str) and "@" in body and matching.search(body):
                matches += 1
    return count, matches
