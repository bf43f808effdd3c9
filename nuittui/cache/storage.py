"""Atomic JSON files: a TinyDB storage that never leaves a half-written file behind.

TinyDB's stock ``JSONStorage`` rewrites its file in place, so a crash mid-write
leaves it truncated. Here every write goes to a temporary file in the same
folder, is flushed and fsynced, then renamed over the old file, and the folder
is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from .errors import CacheWriteError, CorruptCacheError

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


@dataclass(frozen=True, slots=True)
class FileSignature:
    """Identifies one version of a file: a replaced file has a new inode."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileSignature:
        """The signature of a ``stat``/``fstat`` result."""
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


def file_signature(path: Path) -> FileSignature | None:
    """The current signature of ``path``, or None when it does not exist."""
    try:
        return FileSignature.of(os.stat(path))
    except FileNotFoundError:
        return None


def make_private_dir(path: Path) -> bool:
    """Create ``path`` and its parents (0700); True when ``path`` itself was created."""
    if path.is_dir():
        return False
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    return True


def fsync_dir(path: Path) -> None:
    """Make the renames done in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_prefix(name: str) -> str:
    """The prefix of the temporary files written while saving the file ``name``."""
    return f".{name}."


def is_temp_of(candidate: str, name: str) -> bool:
    """Whether ``candidate`` is a temporary file left while saving ``name``."""
    return candidate.startswith(temp_prefix(name)) and candidate.endswith(TEMP_SUFFIX)


def dumps(data: Any) -> bytes:
    """Serialize for the cache files (orjson: datetimes and str enums included)."""
    return orjson.dumps(data)


class AtomicJSONStorage(Storage):
    """A TinyDB ``Storage`` for one JSON file, written atomically and durably.

    Usable as ``TinyDB(path, storage=AtomicJSONStorage)``. Reading a file that
    is not a JSON object raises ``CorruptCacheError``; a failed write (full
    disk, no permission) raises ``CacheWriteError`` and leaves the previous
    file untouched.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, create_dirs: bool = True, sync_dir: bool = True
    ) -> None:
        self.path = Path(path)
        self.sync_dir = sync_dir
        """Fsync the folder after each rename; callers writing many files do it once at the end."""
        if create_dirs:
            make_private_dir(self.path.parent)

    def read(self) -> dict[str, Any] | None:
        """The file's JSON object, or None when the file does not exist (an empty database)."""
        data, _ = self.read_with_signature()
        return data

    def read_with_signature(self) -> tuple[dict[str, Any] | None, FileSignature | None]:
        """The file's content and the signature of exactly the version that was read."""
        try:
            with open(self.path, "rb") as handle:
                signature = FileSignature.of(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            raise CorruptCacheError(self.path, exc.strerror or str(exc)) from None
        if not raw:
            raise CorruptCacheError(self.path, "the file is empty")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise CorruptCacheError(self.path, f"not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise CorruptCacheError(self.path, "not a JSON object")
        return data, signature

    def signature(self) -> FileSignature | None:
        """The signature of the file on disk now, or None when it does not exist."""
        return file_signature(self.path)

    def write(self, data: dict[str, Any]) -> None:
        """Replace the file's content atomically (TinyDB's storage interface)."""
        self.write_with_signature(data)

    def write_with_signature(self, data: dict[str, Any]) -> FileSignature:
        """Replace the file's content atomically; the signature of the new version."""
        return self.write_bytes(dumps(data))

    def write_bytes(self, payload: bytes) -> FileSignature:
        """Write ``payload`` to a temporary file, fsync it, rename it over the file, fsync the folder."""
        directory = self.path.parent
        try:
            fd, temp = tempfile.mkstemp(dir=directory, prefix=temp_prefix(self.path.name), suffix=TEMP_SUFFIX)
        except OSError as exc:
            raise CacheWriteError(self.path, exc) from exc
        try:
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
                signature = FileSignature.of(os.fstat(fd))
            finally:
                os.close(fd)
            os.replace(temp, self.path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            if isinstance(exc, OSError):
                raise CacheWriteError(self.path, exc) from exc
            raise
        if self.sync_dir:
            try:
                fsync_dir(directory)
            except OSError as exc:
                raise CacheWriteError(self.path, exc) from exc
        return signature

    def close(self) -> None:
        """Nothing stays open between calls."""
