"""The mechanics of a cache folder: loading, change detection, recovery, and the write order.

Several processes of one profile (the app and shell commands) share the
folder. Every read-modify-write holds ``<folder>/.lock``; every read first
compares each file's signature (inode, size, mtime) with the version in
memory and reloads only what another process rewrote. The layout and the
write order that keeps the cursor honest are described in ``layout``.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from .channels import Channel
from .errors import CacheWriteError, CorruptCacheError
from .layout import (
    CHUNK_SIZE,
    FORMAT_VERSION,
    LOCK_FILE,
    MESSAGES_DIR,
    STATE_FILE,
    TABLES_DIR,
    StateDoc,
    chunk_doc,
    table_doc,
)
from .locking import ProcessLock
from .storage import (
    TEMP_SUFFIX,
    AtomicJSONStorage,
    FileSignature,
    fsync_dir,
    is_temp_of,
    make_private_dir,
)
from .tables import Table

T = TypeVar("T")

DEFAULT_HISTORY = 5000
LOCK_TIMEOUT = 30.0


def quarantine_path(path: Path) -> Path:
    """Where an unreadable file is moved: ``<name>.corrupt-<UTC timestamp>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return path.with_name(f"{path.name}.corrupt-{stamp}")


class CacheFolder:
    """The files of one cache folder held in memory: loaded lazily, reloaded when changed, saved in order.

    ``quarantined`` lists the unreadable files this instance moved aside, and
    ``reset_reason`` says why the cache was found empty, for the UI to show.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        history_per_channel: int = DEFAULT_HISTORY,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        if history_per_channel < 1:
            raise ValueError("history_per_channel must be at least 1")
        self.folder = Path(path)
        self.history_per_channel = history_per_channel
        self.quarantined: list[Path] = []
        self.reset_reason: str | None = None
        self._chunk_size = min(CHUNK_SIZE, history_per_channel)
        self._tables_dir = self.folder / TABLES_DIR
        self._messages_dir = self.folder / MESSAGES_DIR
        make_private_dir(self.folder)
        self._state_storage = AtomicJSONStorage(self.folder / STATE_FILE)
        self._lock = ProcessLock(self.folder / LOCK_FILE, lock_timeout)
        self._mutex = threading.RLock()
        self._state = StateDoc()
        self._state_sig: FileSignature | None = None
        self._state_loaded = False
        self._detached = False
        self._tables: dict[str, Table] = {}
        self._channels: dict[str, Channel] = {}
        self._read(self._tidy)

    @property
    def reading(self) -> threading.RLock:
        """Held by every read and by an apply: what is read under it is one moment of the cache
        (``LocalCache.apply``'s ``then`` runs before any reader sees the new rows)."""
        return self._mutex

    # -- loading and recovery -------------------------------------------------------------

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return self._lock.held()

    def _read(self, fn: Callable[[], T]) -> T:
        """Run a reader on fresh data; an unreadable file is quarantined, never raised."""
        with self._mutex:
            try:
                self._sync_state()
                return fn()
            except CorruptCacheError:
                pass
            with self._locked():
                # Under the lock no one writes: a file still unreadable now is really corrupt.
                self._forget()
                try:
                    self._sync_state()
                    return fn()
                except CorruptCacheError as err:
                    self._quarantine(err)
                try:
                    return fn()
                except CorruptCacheError as err:
                    self._detach(err)
                    return fn()

    # -- stored rows, for the read model (no model is built: ``nuittui.readmodel`` projects them) --

    def last_synced_text(self) -> str | None:
        """When a sync answer was last saved, as stored (ISO 8601), None before the first."""
        return self._read(lambda: self._state.last_synced_at)

    def event_row(self) -> dict[str, Any] | None:
        """The cached event as stored, None before the first sync."""
        return self._read(lambda: self._state.event)

    def table_rows(self, kind: str) -> dict[Any, dict[str, Any]]:
        """The rows of a table (``users`` by handle; ``projects``, ``progress``, ``swaps``,
        ``schedule`` by id) as stored; readers must not change them."""
        return self._read(lambda: self._rows(kind))

    def message_rows(
        self, channel: str, limit: int | None = None, before_seq: int | None = None
    ) -> list[dict[str, Any]]:
        """A channel's newest ``limit`` messages older than ``before_seq``, oldest first, as stored."""

        def read() -> list[dict[str, Any]]:
            found = self._channels.get(channel)
            return found.visible(self.history_per_channel, limit, before_seq) if found is not None else []

        return self._read(read)

    def channel_last_seqs(self) -> dict[str, int]:
        """Every cached channel and the seq of its newest message."""
        return self._read(lambda: {name: channel.last_seq() for name, channel in self._channels.items()})

    def count_newer(
        self,
        channel: str,
        after_seq: int,
        *,
        newest: int,
        other_than: str | None,
        matching: re.Pattern[str] | None,
    ) -> tuple[int, int]:
        """Among a channel's newest ``newest`` messages: how many came after ``after_seq`` from
        authors other than ``other_than``, and how many of those ``matching`` finds in the body.

        Counted on the stored rows from the newest back, without building a model per message:
        every channel's unread count is asked for on each redraw of Home and of the channel list.
        """

        def read() -> tuple[int, int]:
            found = self._channels.get(channel)
            if found is None:
                return 0, 0
            return found.count_newer(min(newest, self.history_per_channel), after_seq, other_than, matching)

        return self._read(read)

    def _rows(self, kind: str) -> dict[Any, dict[str, Any]]:
        return self._table(kind).load(self._tables_dir)

    def _table(self, kind: str) -> Table:
        file = self._state.tables.get(kind)
        table = self._tables.get(kind)
        if table is None or table.file != file:
            table = self._tables[kind] = Table(kind, file)
        table.load(self._tables_dir)
        return table

    def _writable_channel(self, name: str) -> Channel:
        channel = self._channels.get(name)
        if channel is None:
            channel = self._channels[name] = Channel(
                name, self._messages_dir, [], chunk_size=self._chunk_size
            )
        return channel

    def _sync_state(self) -> None:
        """Reload ``state.json`` if another process replaced it."""
        if self._detached:
            return
        signature = self._state_storage.signature()
        if self._state_loaded and signature == self._state_sig:
            return
        data, signature = self._state_storage.read_with_signature()
        state = StateDoc.from_doc(data, self._state_storage.path)
        previous = self._channels
        self._state, self._state_sig, self._state_loaded = state, signature, True
        self._channels = {
            name: Channel(
                name, self._messages_dir, refs, chunk_size=self._chunk_size, previous=previous.get(name)
            )
            for name, refs in state.channels.items()
        }
        if state.foreign_format is not None:
            self.reset_reason = (
                f"the cache was saved in format {state.foreign_format!r} and this version reads "
                f"format {FORMAT_VERSION}: it will be fetched again"
            )

    def _forget(self) -> None:
        """Drop everything held in memory; the next access reloads from disk."""
        self._state, self._state_sig, self._state_loaded = StateDoc(), None, False
        self._tables, self._channels = {}, {}

    def _quarantine(self, err: CorruptCacheError) -> None:
        """Move the unreadable file aside and start empty, so the next sync is a reset (lock held)."""
        target = quarantine_path(err.path)
        try:
            os.replace(err.path, target)
            self.quarantined.append(target)
        except FileNotFoundError:
            pass
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(err.path)
        self.reset_reason = f"{err.path.name} was unreadable ({err.reason}); the cache will be fetched again"
        self._forget()
        fresh = StateDoc()
        try:
            self._state_sig = self._state_storage.write_with_signature(fresh.to_doc())
        except CacheWriteError:
            self._state_sig = None
        self._state, self._state_loaded = fresh, True
        self._remove(self._garbage())

    def _detach(self, err: CorruptCacheError) -> None:
        """Last resort when a bad file can be neither moved nor replaced: serve an empty cache."""
        self.reset_reason = f"{err.path} cannot be read or replaced ({err.reason}); the cache is empty"
        self._forget()
        self._state_loaded = self._detached = True

    def _garbage(self) -> list[Path]:
        """Files no live state names: left by a writer that was killed, or by a reset."""
        if self._detached or self._state.foreign_format is not None:
            return []
        live_tables, live_chunks = self._state.live_files()
        found = [self.folder / n for n in _names(self.folder) if is_temp_of(n, STATE_FILE)]
        for directory, live in ((self._tables_dir, live_tables), (self._messages_dir, live_chunks)):
            found += [
                directory / name
                for name in _names(directory)
                if name not in live and ".corrupt-" not in name and name.endswith((".json", TEMP_SUFFIX))
            ]
        return found

    def _remove(self, paths: Iterable[Path]) -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def _tidy(self) -> None:
        """At open: clear what a killed writer left behind (under the lock, so no writer is active)."""
        if self._garbage():
            with self._locked():
                self._forget()
                self._sync_state()
                self._remove(self._garbage())

    # -- writing --------------------------------------------------------------------------

    def _commit(self, channels: Iterable[Channel], removed: list[str], *, collect: bool) -> None:
        """Save changed chunks, then changed tables, then ``state.json`` with the cursor (lock held)."""
        state = self._state
        channels = list(channels)
        for directory in (self._messages_dir, self._tables_dir):
            if make_private_dir(directory):
                _fsync_dir(self.folder, directory)
        wrote = False
        for channel in channels:
            for chunk in channel.dirty_chunks():
                storage = AtomicJSONStorage(
                    self._messages_dir / chunk.file, create_dirs=False, sync_dir=False
                )
                chunk.written(storage.write_with_signature(chunk_doc(channel.name, chunk.rows or [])))
                wrote = True
            if channel.chunks:
                state.channels[channel.name] = channel.refs()
            else:
                state.channels.pop(channel.name, None)
        if wrote:
            _fsync_dir(self._messages_dir, self._messages_dir)
        wrote = False
        for kind, table in self._tables.items():
            if not table.dirty:
                continue
            if table.file is None and not table.rows:
                table.dirty = False
                continue
            if table.file is None:
                table.file = state.new_file(kind)
            storage = AtomicJSONStorage(self._tables_dir / table.file, create_dirs=False, sync_dir=False)
            table.signature = storage.write_with_signature(table_doc(kind, list((table.rows or {}).values())))
            table.dirty = False
            state.tables[kind] = table.file
            wrote = True
        if wrote:
            _fsync_dir(self._tables_dir, self._tables_dir)
        self._state_sig = self._state_storage.write_with_signature(state.to_doc())
        self._state_loaded = True
        self._remove(self._messages_dir / name for name in removed)
        if collect:
            self._remove(self._garbage())


def _names(directory: Path) -> list[str]:
    try:
        return os.listdir(directory)
    except FileNotFoundError:
        return []


def _fsync_dir(path: Path, directory: Path) -> None:
    try:
        fsync_dir(directory)
    except OSError as exc:
        raise CacheWriteError(path, exc) from exc
