"""What can go wrong with the files of the local cache and the outbox.

CacheError
├── CorruptCacheError   a file cannot be read or parsed (moved aside by the cache)
├── CacheWriteError     a file could not be saved; the previous copy is intact
└── CacheBusyError      another process held the folder lock for too long
"""

from __future__ import annotations

import errno
from pathlib import Path

from nuittui.i18n import _


class CacheError(Exception):
    """Base of every error the cache and the outbox raise."""


class CorruptCacheError(CacheError):
    """A cache file exists but cannot be read, parsed or understood."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(_("{path} is unreadable: {reason}", path=path, reason=reason))
        self.path = path
        self.reason = reason


class CacheWriteError(CacheError):
    """A file could not be saved; its previous copy is left as it was."""

    def __init__(self, path: Path, error: OSError) -> None:
        if error.errno == errno.ENOSPC:
            text = _("the disk is full: {name} was not saved (its previous copy is kept)", name=path.name)
        else:
            reason = error.strerror or str(error)
            text = _(
                "{name} was not saved ({reason}); its previous copy is kept", name=path.name, reason=reason
            )
        super().__init__(text)
        self.path = path
        self.errno = error.errno
        self.disk_full = error.errno in (errno.ENOSPC, errno.EDQUOT)


class CacheBusyError(CacheError):
    """Another process kept the folder lock longer than the timeout."""

    def __init__(self, lock_path: Path, timeout: float) -> None:
        super().__init__(
            _(
                "{folder} stayed locked by another process for {seconds} s",
                folder=lock_path.parent,
                seconds=f"{timeout:g}",
            )
        )
        self.lock_path = lock_path
