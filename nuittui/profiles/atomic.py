"""Atomic file writes: a temp file in the same directory, fsync, then ``os.replace``."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: Path, data: bytes, *, mode: int = 0o644, private: bool = False) -> None:
    """Replace ``path`` by ``data`` so a reader sees the old file or the new one, never half of one.

    With ``private`` the file is created with exactly 0600 from its first byte on (never
    briefly wider); otherwise it keeps the mode of the file it replaces, or gets ``mode``
    (filtered by the umask).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if private:
        mode = 0o600
    else:
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o777
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, mode)
    try:
        with os.fdopen(fd, "wb") as file:
            if private and hasattr(os, "fchmod"):
                # the umask cannot widen 0600, but a umask without owner bits could narrow it
                os.fchmod(file.fileno(), 0o600)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX only; a no-op where directories cannot be opened)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
