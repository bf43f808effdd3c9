"""The outbox: every write the participant makes, saved before it is sent.

An entry is fsynced before ``enqueue`` returns, carries a uuid4 key sent as
``Idempotency-Key`` (so a retry can never apply twice), and leaves the queue
only when the server took it (``mark_sent``) or refused it for good
(``dead_letter``, kept with the server's reason until the user retries or
discards it). Entries sharing an ``order_key`` go out one at a time, in order.

The queue is an append-only journal (``outbox.jsonl``, format in ``journal``):
each change appends one checksummed record under the profile's lock, in one
``write`` then an fsync, so damage costs at most the record being written.
When it holds many more records than entries, it is rewritten (compacted) as
one record per entry. A damaged journal is copied aside, rewritten from every
record still intact, and reported (``recoveries``) to every process of the
profile until the user acknowledges it. The single-file outbox of earlier
versions (``outbox.json``, read by ``legacy``) is imported on first open.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import orjson

from .errors import CacheWriteError, CorruptCacheError
from .folder import LOCK_TIMEOUT, quarantine_path
from .journal import (
    LEGACY_OUTBOX_FILE,
    OUTBOX_FILE,
    JournalState,
    OutboxEntry,
    encode_record,
    snapshot_bytes,
    utcnow,
)
from .legacy import legacy_state, salvage
from .locking import ProcessLock
from .storage import AtomicJSONStorage, FileSignature, file_signature, fsync_dir, is_temp_of

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "COMPACT_MIN_RECORDS",
    "COMPACT_RATIO",
    "DEFAULT_ORDER_KEY",
    "LEGACY_OUTBOX_FILE",
    "MESSAGE_KIND",
    "OUTBOX_FILE",
    "Outbox",
    "OutboxEntry",
    "OutboxRecovery",
    "backoff_ceiling",
    "utcnow",
]

log = logging.getLogger("nuittui.cache")

T = TypeVar("T")

MESSAGE_KIND = "message"
DEFAULT_ORDER_KEY = "global"
BACKOFF_BASE = 1.0
BACKOFF_CAP = 300.0
COMPACT_MIN_RECORDS = 200
COMPACT_RATIO = 4
"""The journal is compacted once it holds more than 200 records and 4 times as many as entries."""
RECOVERY_FORMAT = 1


def backoff_ceiling(attempts: int) -> float:
    """The longest wait after ``attempts`` failures: 1 s, 2 s, 4 s … capped at 5 minutes."""
    if attempts < 1:
        return 0.0
    return min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** min(attempts - 1, 32))


@dataclass(frozen=True, slots=True)
class OutboxRecovery:
    """A damaged outbox file that was rebuilt from what could still be read: tell the user."""

    recovered: int
    """Entries read back intact (queued and dead letters)."""
    damaged: int
    """Lines that could not be read (an empty or headless journal, or an old outbox file, counts 1)."""
    kept_at: Path
    """The damaged file, copied aside as it was."""
    at: datetime
    """When it was found (UTC)."""


class Outbox:
    """The durable queue of writes of one profile, shared safely by its processes.

    ``quarantined`` lists the damaged outbox files this instance copied aside;
    ``recoveries()`` reports every such recovery, whichever process made it.
    """

    def __init__(
        self, path: Path | str, *, rng: random.Random | None = None, lock_timeout: float = LOCK_TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.quarantined: list[Path] = []
        self._storage = AtomicJSONStorage(self.path)
        self._legacy = self.path.with_suffix(".json") if self.path.suffix == ".jsonl" else None
        self._reports = self.path.with_name(f"{self.path.stem}.recovered.json")
        self._lock = ProcessLock(self.path.with_name(f".{self.path.name}.lock"), lock_timeout)
        self._mutex = threading.RLock()
        self._rng = rng or random.Random()
        self._state = JournalState()
        self._signature: FileSignature | None = None
        self._offset = 0
        """Bytes of the file applied to ``_state`` (up to the end of a complete line)."""
        self._head = b""
        """The file's first line: tells a file from another one that reuses its inode."""
        self._loaded = False
        self._damaged = False
        """``_state`` was read from a damaged file that could not be rewritten yet."""
        with self._mutex:
            self._load()
            if any(self._is_temp(name) for name in os.listdir(self.path.parent)):
                with self._locked():
                    self._remove_temp_files()

    @classmethod
    def in_folder(cls, folder: Path | str, **options: Any) -> Outbox:
        """The outbox of the profile whose data folder is ``folder``."""
        return cls(Path(folder) / OUTBOX_FILE, **options)

    # -- reading the journal --------------------------------------------------------------

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return self._lock.held()

    def _is_temp(self, name: str) -> bool:
        names = [self.path.name, self._reports.name]
        if self._legacy is not None:
            names.append(self._legacy.name)
        return any(is_temp_of(name, own) for own in names)

    def _remove_temp_files(self) -> None:
        for name in os.listdir(self.path.parent):
            if self._is_temp(name):
                with contextlib.suppress(OSError):
                    os.unlink(self.path.parent / name)

    def _load(self, *, writing: bool = False) -> JournalState:
        """The queue as on disk, reading only what other processes appended since the last look.

        Damage seen without the lock is checked again under it (a writer may be mid-append);
        damage still there is repaired. ``writing``: the caller holds the lock and is about
        to append, so a repair that fails raises ``CacheWriteError``.
        """
        signature = file_signature(self.path)
        if self._loaded and signature == self._signature and not (writing and self._damaged):
            return self._state
        if self._refresh():
            return self._state
        if writing:
            self._repair()
            return self._state
        with self._locked():
            if not self._refresh():
                with contextlib.suppress(CacheWriteError):  # served from memory; the next write retries
                    self._repair()
        return self._state

    def _refresh(self) -> bool:
        """Bring ``_state`` up to date with the file; False when it needs a repair (or an import)."""
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed below, after an early return
        except FileNotFoundError:
            if self._legacy is not None and self._legacy.exists():
                return False
            self._adopt(JournalState(), None, 0, b"")
            return True
        except OSError as exc:
            raise CorruptCacheError(self.path, exc.strerror or str(exc)) from None
        with handle:
            st = os.fstat(handle.fileno())
            signature = FileSignature.of(st)
            state, start = JournalState(), 0
            if (
                self._loaded
                and not self._damaged
                and self._head
                and self._signature is not None
                and self._signature.inode == signature.inode
                and st.st_size >= self._offset
                and handle.read(len(self._head)) == self._head
            ):
                state, start = self._state, self._offset  # the same file, grown: read the new tail
            handle.seek(start)
            data = handle.read(st.st_size - start)
        consumed, damaged, cut = state.feed(data)
        if damaged or cut or not state.has_meta:
            self._loaded = False  # ``state`` may hold part of a tail: read it all again next time
            return False
        head = data[: data.find(b"\n") + 1] if start == 0 else self._head
        self._adopt(state, signature, start + consumed, head)
        return True

    def _adopt(self, state: JournalState, signature: FileSignature | None, offset: int, head: bytes) -> None:
        self._state, self._signature, self._offset, self._head = state, signature, offset, head
        self._loaded, self._damaged = True, False

    # -- repairs (lock held) --------------------------------------------------------------

    def _repair(self) -> None:
        """Import the old outbox file, or rebuild a damaged journal from its intact records."""
        try:
            with open(self.path, "rb") as handle:
                signature = FileSignature.of(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            self._import_legacy()
            return
        except OSError as exc:
            raise CorruptCacheError(self.path, exc.strerror or str(exc)) from None
        state = JournalState()
        _, damaged, cut = state.feed(raw)
        damaged += cut
        if not damaged and not state.has_meta:
            damaged = 1  # emptied, or cut before its first line ended
        self._serve_damaged(state, signature)
        self._rebuild(raw, state, damaged, self.path)

    def _import_legacy(self) -> None:
        """Move the entries of the old single-file outbox into a new journal, then delete it."""
        assert self._legacy is not None
        try:
            raw = self._legacy.read_bytes()
        except FileNotFoundError:
            self._adopt(JournalState(), None, 0, b"")
            return
        except OSError as exc:
            raise CorruptCacheError(self._legacy, exc.strerror or str(exc)) from None
        state = legacy_state(raw)
        self._serve_damaged(state if state is not None else salvage(raw), None)
        if state is not None:
            self._write_snapshot(state)
        else:
            self._rebuild(raw, self._state, 1, self._legacy)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._legacy)
        with contextlib.suppress(OSError):
            fsync_dir(self.path.parent)

    def _serve_damaged(self, state: JournalState, signature: FileSignature | None) -> None:
        """Until the file is rewritten, readers get what was recovered."""
        self._state, self._signature, self._offset, self._head = state, signature, 0, b""
        self._loaded, self._damaged = True, True

    def _rebuild(self, raw: bytes, state: JournalState, damaged: int, source: Path) -> None:
        """Copy the damaged ``raw`` aside, record a report, write a clean journal of ``state``.

        Each step is undone if a later one fails (``CacheWriteError``), so a retry starts over.
        """
        kept = quarantine_path(source)
        counts = (len(state.entries), damaged)
        AtomicJSONStorage(kept, create_dirs=False).write_bytes(raw)
        try:
            reports = self._read_reports()
            report = OutboxRecovery(*counts, kept, utcnow())
            self._write_reports([*reports, report])
            try:
                self._write_snapshot(state)
            except CacheWriteError:
                with contextlib.suppress(CacheWriteError):
                    self._write_reports(reports)
                raise
        except CacheWriteError:
            with contextlib.suppress(OSError):
                os.unlink(kept)
            raise
        # Not a warning: the user is told through ``recoveries()`` (translated), not the log.
        log.info("%s was damaged: %d entries recovered, %d lines lost, kept at %s", source, *counts, kept)
        self.quarantined.append(kept)

    def _write_snapshot(self, state: JournalState, extra: bytes = b"") -> None:
        """Replace the journal with one record per entry, then ``extra`` (atomically, durably)."""
        payload = snapshot_bytes(state) + extra
        signature = self._storage.write_bytes(payload)
        state.records, state.has_meta = len(state.entries) + 1, True
        self._adopt(state, signature, len(payload), payload[: payload.find(b"\n") + 1])

    # -- recovery reports -----------------------------------------------------------------

    def _read_reports(self) -> list[OutboxRecovery]:
        try:
            data = orjson.loads(self._reports.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return []
        items = data.get("reports") if isinstance(data, dict) else None
        reports = []
        for item in items if isinstance(items, list) else []:
            try:
                at = datetime.fromisoformat(item["at"])
                kept = self.path.parent / str(item["kept_at"])
                reports.append(OutboxRecovery(int(item["recovered"]), int(item["damaged"]), kept, at))
            except (KeyError, TypeError, ValueError):
                continue
        return reports

    def _write_reports(self, reports: list[OutboxRecovery]) -> None:
        if not reports:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._reports)
            return
        items = [
            {
                "recovered": r.recovered,
                "damaged": r.damaged,
                "kept_at": r.kept_at.name,
                "at": r.at.isoformat(),
            }
            for r in reports
        ]
        AtomicJSONStorage(self._reports).write({"format": RECOVERY_FORMAT, "reports": items})

    def recoveries(self) -> list[OutboxRecovery]:
        """The damaged outbox files rebuilt in this profile (by any process), oldest first.

        Every process of the profile sees them until one calls ``acknowledge_recoveries``.
        """
        with self._mutex:
            self._load()
            return self._read_reports()

    def acknowledge_recoveries(self) -> int:
        """The user has been told: forget the reports (the damaged copies stay). How many there were."""
        with self._mutex, self._locked():
            reports = self._read_reports()
            try:
                os.unlink(self._reports)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise CacheWriteError(self._reports, exc) from exc
            return len(reports)

    # -- appending ------------------------------------------------------------------------

    def _change(self, make: Callable[[JournalState], dict[str, Any] | None]) -> OutboxEntry | None:
        """Under the lock, ``make`` gives the record to append (None: nothing to do); the entry it changed."""
        with self._mutex, self._locked():
            state = self._load(writing=True)
            record = make(state)
            if record is None:
                return None
            line = encode_record(record)
            self._append(state, line)
            entry = state.apply(orjson.loads(line[9:]))  # exactly what a replay will read
            state.records += 1
            if state.records > COMPACT_MIN_RECORDS and state.records > COMPACT_RATIO * len(state.entries):
                try:
                    self._write_snapshot(state)
                except CacheWriteError as err:  # the journal is intact, only longer: try again next time
                    log.warning("the outbox was not compacted: %s", err)
            return entry

    def _append(self, state: JournalState, line: bytes) -> None:
        """Append ``line`` with one write and fsync it; on failure cut the file back and raise."""
        if self._signature is None:  # no journal yet: write it whole, with its first line
            self._write_snapshot(state, line)
            return
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise CacheWriteError(self.path, exc) from exc
        try:
            before = os.fstat(fd).st_size
            try:
                view = memoryview(line)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError as exc:
                self._loaded = False
                with contextlib.suppress(OSError):  # a half record must not stay glued to the next one
                    os.ftruncate(fd, before)
                    os.fsync(fd)
                raise CacheWriteError(self.path, exc) from exc
            signature = FileSignature.of(os.fstat(fd))
        finally:
            os.close(fd)
        if before != self._offset:
            self._loaded = False  # not the file we read: read it all again next time
        self._signature, self._offset = signature, signature.size

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

        def add(state: JournalState) -> dict[str, Any]:
            entry = OutboxEntry(
                id=state.next_id,
                key=str(uuid.uuid4()),
                kind=kind,
                method=method.upper(),
                path=path,
                body=body,
                order_key=order_key,
                summary=summary,
                created_at=utcnow(),
            )
            return {"op": "enqueue", "entry": entry.to_record()}

        entry = self._change(add)
        assert entry is not None
        return entry

    def mark_sent(self, key: str) -> bool:
        """The server took it: remove it. False when it was not queued (e.g. already removed)."""

        def drop(state: JournalState) -> dict[str, Any] | None:
            entry = state.entries.get(key)
            return None if entry is None or entry.dead else {"op": "sent", "key": key}

        return self._change(drop) is not None

    def mark_failed(
        self,
        key: str,
        *,
        error: str,
        retry_after: float | None = None,
        now: float | None = None,
        garbled: bool = False,
    ) -> OutboxEntry | None:
        """A try failed for a reason that may pass: wait before the next (backoff with full jitter).

        The wait is ``max(retry_after, random(0, backoff_ceiling(attempts)))``. ``garbled``:
        the answer did not match the contract (counted in ``OutboxEntry.garbled``).
        """
        moment = time.time() if now is None else now

        def fail(state: JournalState) -> dict[str, Any] | None:
            entry = state.entries.get(key)
            if entry is None or entry.dead:
                return None
            attempts = entry.attempts + 1
            wait = max(retry_after or 0.0, self._rng.uniform(0.0, backoff_ceiling(attempts)))
            return {
                "op": "failed",
                "key": key,
                "attempts": attempts,
                "next_attempt_at": moment + wait,
                "last_error": error,
                "garbled": entry.garbled + 1 if garbled else entry.garbled,
            }

        return self._change(fail)

    def dead_letter(self, key: str, reason: str) -> OutboxEntry | None:
        """The server refused it for good: move it to the dead letters with its reason."""

        def bury(state: JournalState) -> dict[str, Any] | None:
            entry = state.entries.get(key)
            if entry is None or entry.dead:
                return None
            return {"op": "dead", "key": key, "reason": reason, "at": utcnow().isoformat()}

        return self._change(bury)

    def retry_dead(self, key: str) -> OutboxEntry | None:
        """Put a dead letter back at the end of the queue, due now, with the same idempotency key."""

        def revive(state: JournalState) -> dict[str, Any] | None:
            entry = state.entries.get(key)
            return {"op": "retry", "key": key, "id": state.next_id} if entry and entry.dead else None

        return self._change(revive)

    def confirm(self, keys: Iterable[str]) -> int:
        """The server's events carried these keys: it has those writes. Remove each queued entry
        (as ``mark_sent``) and each dead letter (a write refused after answers that were not the
        contract, which did land all the same); how many there were. Other keys are ignored."""
        wanted = set(keys)
        if not wanted:
            return 0
        ours = self._read(lambda state: wanted & state.entries.keys())
        done = 0
        for key in sorted(ours):

            def settle(state: JournalState, key: str = key) -> dict[str, Any] | None:
                entry = state.entries.get(key)
                if entry is None:
                    return None
                return {"op": "discard" if entry.dead else "sent", "key": key}

            if self._change(settle) is not None:
                done += 1
        return done

    def discard_dead(self, key: str) -> bool:
        """The user gave up on a dead letter: delete it."""

        def discard(state: JournalState) -> dict[str, Any] | None:
            entry = state.entries.get(key)
            return {"op": "discard", "key": key} if entry and entry.dead else None

        return self._change(discard) is not None

    # -- reads ----------------------------------------------------------------------------

    def _read(self, fn: Callable[[JournalState], T]) -> T:
        with self._mutex:
            return fn(self._load())

    def due(self, now: float | None = None) -> list[OutboxEntry]:
        """What to send now: the oldest entry of each order key, if its wait is over."""
        moment = time.time() if now is None else now

        def pick(state: JournalState) -> list[OutboxEntry]:
            heads: dict[str, OutboxEntry] = {}
            for entry in _by_id(state.queued()):
                heads.setdefault(entry.order_key, entry)
            return [e for e in heads.values() if e.next_attempt_at <= moment]

        return self._read(pick)

    def pending(self, kind: str | None = None, *, order_key: str | None = None) -> list[OutboxEntry]:
        """Queued entries, oldest first, optionally of one kind and/or order key."""

        def pick(state: JournalState) -> list[OutboxEntry]:
            return [
                e
                for e in _by_id(state.queued())
                if (kind is None or e.kind == kind) and (order_key is None or e.order_key == order_key)
            ]

        return self._read(pick)

    def pending_messages(self, channel: str) -> list[OutboxEntry]:
        """Messages queued for ``channel`` (enqueued with ``order_key=channel``), to show as pending."""
        return self.pending(MESSAGE_KIND, order_key=channel)

    def get(self, key: str) -> OutboxEntry | None:
        """A queued or dead entry by key."""
        return self._read(lambda state: state.entries.get(key))

    def pending_count(self) -> int:
        """How many writes wait to be sent."""
        return self._read(lambda state: sum(1 for _ in state.queued()))

    def dead_letters(self) -> list[OutboxEntry]:
        """Writes the server refused, oldest first, each with its reason."""
        return self._read(lambda state: _by_id(state.dead()))

    def dead_count(self) -> int:
        """How many dead letters wait for the user."""
        return self._read(lambda state: sum(1 for _ in state.dead()))


def _by_id(entries: Any) -> list[OutboxEntry]:
    return sorted(entries, key=lambda e: e.id)
