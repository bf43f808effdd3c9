"""The cross-process lock of a cache file or folder, taken around every write."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CacheBusyError

if TYPE_CHECKING:
    import filelock

__all__ = ["ProcessLock"]


class ProcessLock:
    """An exclusive lock on ``path`` shared by every process, waiting at most ``timeout`` seconds.

    filelock is imported at the first write: reading the cache (the app's first paint) never
    needs it. Re-entrant in the thread holding it.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._lock: filelock.FileLock | None = None
        self._making = threading.Lock()

    def _file_lock(self) -> filelock.FileLock:
        with self._making:
            if self._lock is None:
                import filelock

                self._lock = filelock.FileLock(str(self.path), timeout=self.timeout, mode=0o600)
            return self._lock

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock; ``CacheBusyError`` when another process keeps it past the timeout."""
        import filelock

        lock = self._file_lock()
        try:
            lock.acquire()
        except filelock.Timeout:
            raise CacheBusyError(self.path, self.timeout) from None
        try:
            yield
        finally:
            lock.release()
