"""The outbox's journal: its entries, the format of its records, and how replaying them gives the queue.

``outbox.jsonl`` holds one record per line: the CRC-32 of the JSON (8 hex digits),
a space, the record as compact JSON, a newline. A line whose checksum does not
match, or that does not parse, is skipped; every other record still applies.
Records are operations on entries, found by their idempotency key:

- ``meta``: the format, the next id, and a random name for this version of the file
  (the first line of every journal);
- ``snapshot`` (written by a compaction) and ``enqueue``: a whole entry;
- ``failed`` (attempts, next_attempt_at, last_error, garbled), ``dead`` (reason, at),
  ``retry`` (the new id), ``sent`` and ``discard``.

Each carries absolute values, so a lost record only sets its entry back to how it
was before: a lost ``sent`` means the write goes out again (its key makes that
harmless), a lost ``enqueue`` loses that one write.

Standard library and orjson only: ``nuit-tui status --line`` reads the journal
through this module without loading the rest of the cache.
"""

from __future__ import annotations

import re
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import orjson

__all__ = [
    "JOURNAL_FORMAT",
    "LEGACY_OUTBOX_FILE",
    "OUTBOX_FILE",
    "JournalState",
    "OutboxEntry",
    "decode_line",
    "encode_record",
    "meta_record",
    "snapshot_bytes",
    "utcnow",
]

OUTBOX_FILE = "outbox.jsonl"
LEGACY_OUTBOX_FILE = "outbox.json"
"""The whole queue in one JSON document (format 1), imported into the journal on first open."""
JOURNAL_FORMAT = 2
_CRC = re.compile(rb"[0-9a-f]{8}")
_UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, OverflowError)


def utcnow() -> datetime:
    """The current time in UTC (local, so the outbox alone does not import the pydantic contract)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One write waiting to reach the server."""

    id: int
    """Local, increasing in enqueue order."""
    key: str
    """Sent as ``Idempotency-Key``; the server's event echoes it back."""
    kind: str
    """What it does: ``message``, ``swap.create``, ``swap.claim``, ``team.join``, ``me.update``…"""
    method: str
    path: str
    body: dict[str, Any] | None
    order_key: str
    """Entries with the same order key are sent one at a time, oldest first."""
    summary: str
    """One line for people, e.g. ``Message in #all``."""
    created_at: datetime
    attempts: int = 0
    next_attempt_at: float = 0.0
    """Epoch seconds; the entry is not due before."""
    last_error: str | None = None
    dead_reason: str | None = None
    """Why the server refused it for good (dead letters only)."""
    dead_at: datetime | None = None
    garbled: int = 0
    """How many answers to it did not match the contract (reset when a dead letter is retried)."""

    @property
    def dead(self) -> bool:
        """Whether it is a dead letter (refused for good, waiting for the user)."""
        return self.dead_at is not None

    def to_doc(self) -> dict[str, Any]:
        """The stored document, without the id."""
        return {
            "key": self.key,
            "kind": self.kind,
            "method": self.method,
            "path": self.path,
            "body": self.body,
            "order_key": self.order_key,
            "summary": self.summary,
            "created_at": self.created_at.isoformat(),
            "attempts": self.attempts,
            "next_attempt_at": self.next_attempt_at,
            "last_error": self.last_error,
            "dead_reason": self.dead_reason,
            "dead_at": self.dead_at.isoformat() if self.dead_at else None,
            "garbled": self.garbled,
        }

    @classmethod
    def from_doc(cls, doc_id: str | int, doc: dict[str, Any]) -> OutboxEntry:
        """Parse one stored document (``KeyError``, ``TypeError`` or ``ValueError`` when it does not)."""
        dead_at = doc.get("dead_at")
        body = doc.get("body")
        if body is not None and not isinstance(body, dict):
            raise TypeError("the body must be an object")
        return cls(
            id=int(doc_id),
            key=_text(doc["key"]),
            kind=_text(doc["kind"]),
            method=_text(doc["method"]),
            path=_text(doc["path"]),
            body=body,
            order_key=_text(doc["order_key"]),
            summary=str(doc.get("summary", "")),
            created_at=datetime.fromisoformat(doc["created_at"]),
            attempts=int(doc.get("attempts", 0)),
            next_attempt_at=float(doc.get("next_attempt_at", 0.0)),
            last_error=_optional_text(doc.get("last_error")),
            dead_reason=_optional_text(doc.get("dead_reason")),
            dead_at=datetime.fromisoformat(dead_at) if dead_at else None,
            garbled=int(doc.get("garbled", 0)),
        )

    def to_record(self) -> dict[str, Any]:
        """The document with its id, as ``enqueue`` and ``snapshot`` records hold it."""
        return {"id": self.id, **self.to_doc()}


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


# -- lines --------------------------------------------------------------------------------


def encode_record(record: dict[str, Any]) -> bytes:
    """One journal line: ``crc32-hex``, a space, the compact JSON, a newline."""
    payload = orjson.dumps(record)
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The record of one line (without its newline), or None when it is damaged."""
    if len(line) < 10 or line[8:9] != b" " or not _CRC.fullmatch(line, 0, 8):
        return None
    payload = line[9:]
    if zlib.crc32(payload) != int(line[:8], 16):
        return None
    try:
        record = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    return record if isinstance(record, dict) else None


def meta_record(next_id: int) -> dict[str, Any]:
    """The first record of a journal; ``journal`` names this version of the file."""
    return {"op": "meta", "format": JOURNAL_FORMAT, "next_id": next_id, "journal": uuid.uuid4().hex}


# -- replay -------------------------------------------------------------------------------


@dataclass(slots=True)
class JournalState:
    """The queue the records read so far describe."""

    next_id: int = 1
    entries: dict[str, OutboxEntry] = field(default_factory=dict)
    """Queued entries and dead letters, by key (a key is in one place at a time)."""
    records: int = 0
    """How many intact records were applied (what a compaction would shrink)."""
    has_meta: bool = False

    def queued(self) -> Iterator[OutboxEntry]:
        """Entries waiting to be sent, in no particular order."""
        return (e for e in self.entries.values() if not e.dead)

    def dead(self) -> Iterator[OutboxEntry]:
        """Dead letters, in no particular order."""
        return (e for e in self.entries.values() if e.dead)

    def put(self, entry: OutboxEntry) -> None:
        """Add or replace ``entry`` (a snapshot or an imported one)."""
        self.entries[entry.key] = entry
        self.next_id = max(self.next_id, entry.id + 1)

    def apply(self, record: dict[str, Any]) -> OutboxEntry | None:
        """Apply one record; the entry it changed (None when it changed nothing).

        Raises ``KeyError``, ``TypeError`` or ``ValueError`` for a record that does not
        read, before changing anything.
        """
        op = record["op"]
        if op == "meta":
            if record["format"] != JOURNAL_FORMAT:
                raise ValueError(f"journal format {record['format']!r} is not {JOURNAL_FORMAT}")
            self.next_id = max(self.next_id, int(record["next_id"]))
            self.has_meta = True
            return None
        if op in ("enqueue", "snapshot"):
            doc = record["entry"]
            added = OutboxEntry.from_doc(doc["id"], doc)
            self.put(added)
            return added
        key = _text(record["key"])
        entry = self.entries.get(key)
        if op == "sent":
            if entry is None or entry.dead:
                return None
            del self.entries[key]
            return entry
        if op == "failed":
            attempts, due = int(record["attempts"]), float(record["next_attempt_at"])
            error, garbled = _optional_text(record["last_error"]), int(record.get("garbled", 0))
            if entry is None or entry.dead:
                return None
            updated = self.entries[key] = replace(
                entry, attempts=attempts, next_attempt_at=due, last_error=error, garbled=garbled
            )
            return updated
        if op == "dead":
            reason, when = _text(record["reason"]), datetime.fromisoformat(record["at"])
            if entry is None or entry.dead:
                return None
            updated = self.entries[key] = replace(entry, dead_reason=reason, dead_at=when)
            return updated
        if op == "retry":
            new_id = int(record["id"])
            if entry is None or not entry.dead:
                return None
            again = replace(
                entry, id=new_id, attempts=0, next_attempt_at=0.0, dead_reason=None, dead_at=None, garbled=0
            )
            self.put(again)
            return again
        if op == "discard":
            if entry is None or not entry.dead:
                return None
            del self.entries[key]
            return entry
        raise ValueError(f"unknown operation {op!r}")

    def feed(self, data: bytes) -> tuple[int, int, bool]:
        """Apply the complete lines of ``data``: (bytes consumed, damaged lines, whether a cut line ends it).

        The consumed bytes end at the last newline; a last line without one is left
        unconsumed (a write in progress, or a write cut short).
        """
        consumed = damaged = 0
        while consumed < len(data):
            end = data.find(b"\n", consumed)
            if end < 0:
                return consumed, damaged, True
            record = decode_line(data[consumed:end])
            consumed = end + 1
            if record is None:
                damaged += 1
                continue
            try:
                self.apply(record)
            except _UNREADABLE:
                damaged += 1
                continue
            self.records += 1
        return consumed, damaged, False


def snapshot_bytes(state: JournalState) -> bytes:
    """A whole journal holding ``state``: a meta record, then one snapshot record per entry, by id."""
    lines = [encode_record(meta_record(state.next_id))]
    lines += [
        encode_record({"op": "snapshot", "entry": entry.to_record()})
        for entry in sorted(state.entries.values(), key=lambda e: e.id)
    ]
    return b"".join(lines)
