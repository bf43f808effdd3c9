"""The outbox: every write the participant makes, saved before it is sent.

An entry is fsynced before ``enqueue`` returns, carries a uuid4 key sent as
``Idempotency-Key`` (so a retry can never apply twice), and leaves the queue
only when the server took it (``mark_sent``) or refused it for good
(``dead_letter``, kept with the server's reason until the user retries or
discards it). Entries sharing an ``order_key`` go out one at a time, in order.

The file is laid out the way TinyDB lays out a database (tables of documents
keyed by id), so ``TinyDB(path, storage=AtomicJSONStorage)`` can inspect it.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from .errors import CacheWriteError, CorruptCacheError
from .folder import LOCK_TIMEOUT, quarantine_path
from .locking import ProcessLock
from .storage import AtomicJSONStorage, FileSignature, is_temp_of

T = TypeVar("T")

OUTBOX_FILE = "outbox.json"
OUTBOX_FORMAT = 1
MESSAGE_KIND = "message"
DEFAULT_ORDER_KEY = "global"
BACKOFF_BASE = 1.0
BACKOFF_CAP = 300.0


def utcnow() -> datetime:
    """The current time in UTC (local, so the outbox alone does not import the pydantic contract)."""
    return datetime.now(UTC)


def backoff_ceiling(attempts: int) -> float:
    """The longest wait after ``attempts`` failures: 1 s, 2 s, 4 s … capped at 5 minutes."""
    if attempts < 1:
        return 0.0
    return min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** min(attempts - 1, 32))


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

    def to_doc(self) -> dict[str, Any]:
        """The stored document (the id is its TinyDB document id)."""
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
        }

    @classmethod
    def from_doc(cls, doc_id: str, doc: dict[str, Any]) -> OutboxEntry:
        """Parse one stored document."""
        dead_at = doc.get("dead_at")
        return cls(
            id=int(doc_id),
            key=str(doc["key"]),
            kind=str(doc["kind"]),
            method=str(doc["method"]),
            path=str(doc["path"]),
            body=doc.get("body"),
            order_key=str(doc["order_key"]),
            summary=str(doc.get("summary", "")),
            created_at=datetime.fromisoformat(doc["created_at"]),
            attempts=int(doc.get("attempts", 0)),
            next_attempt_at=float(doc.get("next_attempt_at", 0.0)),
            last_error=doc.get("last_error"),
            dead_reason=doc.get("dead_reason"),
            dead_at=datetime.fromisoformat(dead_at) if dead_at else None,
        )


@dataclass(frozen=True, slots=True)
class _Queue:
    next_id: int
    queued: dict[int, OutboxEntry]
    dead: dict[int, OutboxEntry]

    def to_doc(self) -> dict[str, Any]:
        return {
            "meta": {"1": {"format": OUTBOX_FORMAT, "next_id": self.next_id}},
            "queue": {str(i): e.to_doc() for i, e in self.queued.items()},
            "dead": {str(i): e.to_doc() for i, e in self.dead.items()},
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None, path: Path) -> _Queue:
        if doc is None:
            return cls(1, {}, {})
        try:
            meta = doc["meta"]["1"]
            if meta["format"] != OUTBOX_FORMAT:
                raise CorruptCacheError(path, f"outbox format {meta['format']!r} is not {OUTBOX_FORMAT}")
            queued = {int(k): OutboxEntry.from_doc(k, v) for k, v in doc.get("queue", {}).items()}
            dead = {int(k): OutboxEntry.from_doc(k, v) for k, v in doc.get("dead", {}).items()}
            return cls(int(meta["next_id"]), queued, dead)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CorruptCacheError(path, f"unexpected content ({exc!r})") from None


class Outbox:
    """The durable queue of writes of one profile, shared safely by its processes.

    ``quarantined`` lists an unreadable outbox file moved aside (its writes were
    not lost: the file is kept for inspection and the UI should say so).
    """

    def __init__(
        self, path: Path | str, *, rng: random.Random | None = None, lock_timeout: float = LOCK_TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.quarantined: list[Path] = []
        self._storage = AtomicJSONStorage(self.path)
        self._lock = ProcessLock(self.path.with_name(f".{self.path.name}.lock"), lock_timeout)
        self._mutex = threading.RLock()
        self._rng = rng or random.Random()
        self._queue = _Queue(1, {}, {})
        self._signature: FileSignature | None = None
        self._loaded = False
        with self._mutex:
            self._load()
            if any(is_temp_of(name, self.path.name) for name in os.listdir(self.path.parent)):
                with self._locked():
                    self._remove_temp_files()

    @classmethod
    def in_folder(cls, folder: Path | str, **options: Any) -> Outbox:
        """The outbox of the profile whose data folder is ``folder``."""
        return cls(Path(folder) / OUTBOX_FILE, **options)

    # -- file handling --------------------------------------------------------------------

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return self._lock.held()

    def _remove_temp_files(self) -> None:
        for name in os.listdir(self.path.parent):
            if is_temp_of(name, self.path.name):
                with contextlib.suppress(OSError):
                    os.unlink(self.path.parent / name)

    def _load(self) -> _Queue:
        """The queue as on disk, reread only when another process replaced the file."""
        signature = self._storage.signature()
        if self._loaded and signature == self._signature:
            return self._queue
        try:
            data, signature = self._storage.read_with_signature()
            queue = _Queue.from_doc(data, self.path)
        except CorruptCacheError as err:
            with self._locked():
                try:  # re-check under the lock: a writer may have replaced it meanwhile
                    data, signature = self._storage.read_with_signature()
                    queue = _Queue.from_doc(data, self.path)
                except CorruptCacheError:
                    queue, signature = self._quarantine(err), None
        self._queue, self._signature, self._loaded = queue, signature, True
        return queue

    def _quarantine(self, err: CorruptCacheError) -> _Queue:
        target = quarantine_path(self.path)
        with contextlib.suppress(FileNotFoundError):
            os.replace(self.path, target)
            self.quarantined.append(target)
        return _Queue(1, {}, {})

    def _change(self, fn: Callable[[_Queue], tuple[_Queue | None, T]]) -> T:
        """Read-modify-write under the lock; ``fn`` returns the new queue (None: unchanged) and a result."""
        with self._mutex, self._locked():
            new, result = fn(self._load())
            if new is not None:
                try:
                    self._signature = self._storage.write_with_signature(new.to_doc())
                except CacheWriteError:
                    self._loaded = False
                    raise
                self._queue = new
            return result

    def _read(self, fn: Callable[[_Queue], T]) -> T:
        with self._mutex:
            return fn(self._load())

    # -- writes ---------------------------------------------------------------------------

    def enqueue(
        self,
        kind: str,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        *,
        order_key: str = DEFAULT_ORDER_KEY,
        summary: str,
    ) -> OutboxEntry:
        """Queue one write; it is on disk (fsynced) when this returns."""

        def add(queue: _Queue) -> tuple[_Queue, OutboxEntry]:
            entry = OutboxEntry(
                id=queue.next_id,
                key=str(uuid.uuid4()),
                kind=kind,
                method=method.upper(),
                path=path,
                body=body,
                order_key=order_key,
                summary=summary,
                created_at=utcnow(),
            )
            return _Queue(queue.next_id + 1, {**queue.queued, entry.id: entry}, queue.dead), entry

        return self._change(add)

    def mark_sent(self, key: str) -> bool:
        """The server took it: remove it. False when it was not queued (e.g. already removed)."""

        def drop(queue: _Queue) -> tuple[_Queue | None, bool]:
            entry = _find(queue.queued, key)
            if entry is None:
                return None, False
            return _Queue(queue.next_id, _without(queue.queued, entry.id), queue.dead), True

        return self._change(drop)

    def mark_failed(
        self, key: str, *, error: str, retry_after: float | None = None, now: float | None = None
    ) -> OutboxEntry | None:
        """A try failed for a reason that may pass: wait before the next (backoff with full jitter).

        The wait is ``max(retry_after, random(0, backoff_ceiling(attempts)))``.
        """
        moment = time.time() if now is None else now

        def fail(queue: _Queue) -> tuple[_Queue | None, OutboxEntry | None]:
            entry = _find(queue.queued, key)
            if entry is None:
                return None, None
            attempts = entry.attempts + 1
            wait = max(retry_after or 0.0, self._rng.uniform(0.0, backoff_ceiling(attempts)))
            updated = replace(entry, attempts=attempts, next_attempt_at=moment + wait, last_error=error)
            return _Queue(queue.next_id, {**queue.queued, entry.id: updated}, queue.dead), updated

        return self._change(fail)

    def dead_letter(self, key: str, reason: str) -> OutboxEntry | None:
        """The server refused it for good: move it to the dead letters with its reason."""

        def bury(queue: _Queue) -> tuple[_Queue | None, OutboxEntry | None]:
            entry = _find(queue.queued, key)
            if entry is None:
                return None, None
            dead = replace(entry, dead_reason=reason, dead_at=utcnow())
            return _Queue(
                queue.next_id, _without(queue.queued, entry.id), {**queue.dead, entry.id: dead}
            ), dead

        return self._change(bury)

    def retry_dead(self, key: str) -> OutboxEntry | None:
        """Put a dead letter back at the end of the queue, due now, with the same idempotency key."""

        def revive(queue: _Queue) -> tuple[_Queue | None, OutboxEntry | None]:
            entry = _find(queue.dead, key)
            if entry is None:
                return None, None
            again = replace(
                entry, id=queue.next_id, attempts=0, next_attempt_at=0.0, dead_reason=None, dead_at=None
            )
            queued = {**queue.queued, again.id: again}
            return _Queue(queue.next_id + 1, queued, _without(queue.dead, entry.id)), again

        return self._change(revive)

    def discard_dead(self, key: str) -> bool:
        """The user gave up on a dead letter: delete it."""

        def discard(queue: _Queue) -> tuple[_Queue | None, bool]:
            entry = _find(queue.dead, key)
            if entry is None:
                return None, False
            return _Queue(queue.next_id, queue.queued, _without(queue.dead, entry.id)), True

        return self._change(discard)

    # -- reads ----------------------------------------------------------------------------

    def due(self, now: float | None = None) -> list[OutboxEntry]:
        """What to send now: the oldest entry of each order key, if its wait is over."""
        moment = time.time() if now is None else now

        def pick(queue: _Queue) -> list[OutboxEntry]:
            heads: dict[str, OutboxEntry] = {}
            for entry in sorted(queue.queued.values(), key=lambda e: e.id):
                heads.setdefault(entry.order_key, entry)
            return [e for e in heads.values() if e.next_attempt_at <= moment]

        return self._read(pick)

    def pending(self, kind: str | None = None, *, order_key: str | None = None) -> list[OutboxEntry]:
        """Queued entries, oldest first, optionally of one kind and/or order key."""

        def pick(queue: _Queue) -> list[OutboxEntry]:
            return [
                e
                for e in sorted(queue.queued.values(), key=lambda e: e.id)
                if (kind is None or e.kind == kind) and (order_key is None or e.order_key == order_key)
            ]

        return self._read(pick)

    def pending_messages(self, channel: str) -> list[OutboxEntry]:
        """Messages queued for ``channel`` (enqueued with ``order_key=channel``), to show as pending."""
        return self.pending(MESSAGE_KIND, order_key=channel)

    def get(self, key: str) -> OutboxEntry | None:
        """A queued or dead entry by key."""
        return self._read(lambda q: _find(q.queued, key) or _find(q.dead, key))

    def pending_count(self) -> int:
        """How many writes wait to be sent."""
        return self._read(lambda q: len(q.queued))

    def dead_letters(self) -> list[OutboxEntry]:
        """Writes the server refused, oldest first, each with its reason."""
        return self._read(lambda q: sorted(q.dead.values(), key=lambda e: e.id))

    def dead_count(self) -> int:
        """How many dead letters wait for the user."""
        return self._read(lambda q: len(q.dead))


def _find(entries: dict[int, OutboxEntry], key: str) -> OutboxEntry | None:
    return next((e for e in entries.values() if e.key == key), None)


def _without(entries: dict[int, OutboxEntry], entry_id: int) -> dict[int, OutboxEntry]:
    return {i: e for i, e in entries.items() if i != entry_id}
