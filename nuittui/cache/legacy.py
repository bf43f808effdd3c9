"""The single-file outbox of earlier versions (``outbox.json``, format 1), read to import it.

It held the whole queue in one JSON document laid out the way TinyDB lays out a
database: tables ``meta``, ``queue`` and ``dead`` of documents keyed by id. A
damaged one is salvaged: every entry object that still parses is kept.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import replace
from typing import Any

import orjson

from .journal import JournalState, OutboxEntry, utcnow

__all__ = ["LEGACY_FORMAT", "legacy_state", "salvage"]

LEGACY_FORMAT = 1
_DOC_ID = re.compile(r'"(\d+)"\s*:\s*$')
_UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, OverflowError)


def legacy_state(raw: bytes) -> JournalState | None:
    """The queue of an intact format-1 outbox file (TinyDB layout), or None when it is damaged."""
    try:
        doc = orjson.loads(raw)
        meta = doc["meta"]["1"]
        if meta["format"] != LEGACY_FORMAT:
            return None
        state = JournalState(next_id=int(meta["next_id"]))
        for table, dead in (("queue", False), ("dead", True)):
            for doc_id, item in doc.get(table, {}).items():
                state.put(_placed(OutboxEntry.from_doc(doc_id, item), dead=dead))
    except _UNREADABLE:  # orjson.JSONDecodeError is a ValueError
        return None
    return state


def salvage(raw: bytes) -> JournalState:
    """Every entry object still readable in a damaged format-1 file (ids kept when found and unique)."""
    text = raw.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    found: list[tuple[int | None, dict[str, Any]]] = []
    next_id = 1
    start = text.find("{")
    while start >= 0:
        try:
            obj, end = decoder.raw_decode(text, start)
        except ValueError:
            start = text.find("{", start + 1)
            continue
        if isinstance(obj, dict) and "key" in obj and "kind" in obj:
            match = _DOC_ID.search(text, max(0, start - 32), start)
            found.append((int(match.group(1)) if match else None, obj))
            start = text.find("{", end)
            continue
        if isinstance(obj, dict) and isinstance(obj.get("next_id"), int) and "format" in obj:
            next_id = max(next_id, obj["next_id"])
        start = text.find("{", start + 1)
    state = JournalState(next_id=next_id)
    later: list[dict[str, Any]] = []
    taken: set[int] = set()
    for doc_id, doc in found:
        if doc_id is None or doc_id in taken:
            later.append(doc)
            continue
        with contextlib.suppress(*_UNREADABLE):
            entry = OutboxEntry.from_doc(doc_id, doc)
            if entry.key not in state.entries:
                state.put(entry)
                taken.add(doc_id)
    for doc in later:
        with contextlib.suppress(*_UNREADABLE):
            entry = OutboxEntry.from_doc(state.next_id, doc)
            if entry.key not in state.entries:
                state.put(entry)
    return state


def _placed(entry: OutboxEntry, *, dead: bool) -> OutboxEntry:
    """``entry`` as a dead letter or a queued one, as its old table said."""
    if dead and entry.dead_at is None:
        return replace(entry, dead_at=utcnow())
    if not dead and entry.dead_at is not None:
        return replace(entry, dead_reason=None, dead_at=None)
    return entry
