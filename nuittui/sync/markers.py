"""Small side files of a profile's data folder, beside the cache: read markers and link state.

- ``read.json``: per channel, the ``seq`` of the newest message the user has seen
  (the app moves it when a channel is shown; ``nuit-tui chat read`` too). Unread
  counts and mentions of ``@me`` are the messages above it.
- ``link.json``: whether the last contact with the server worked, written on each
  change by whichever process talks to the server, so ``nuit-tui status --line``
  can say "offline" without touching the network.
- ``dismissed.json``: the ``seq`` of the newest announcement the user dismissed from Home's
  banner (``{"announcements": seq}``): the banner and the status line show only newer ones.
- ``posted.json``: the last swap ``nuit-tui swap post`` sent on its fast path (which
  does not pull), so the status line shows it before the cache has it.

Both are rewritten atomically (temp file + rename) but not fsynced: losing one to a
power cut only makes a channel look unread again. This module imports orjson and
the standard library only (filelock too, but only to write a dismissal), so the shell's
fast paths can read them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

__all__ = [
    "DISMISSED_FILE",
    "LINK_FILE",
    "READ_FILE",
    "dismiss_announcements",
    "read_dismissed",
    "read_json",
    "read_link",
    "read_markers",
    "read_posted",
    "write_json",
    "write_link",
    "write_posted",
]

READ_FILE = "read.json"
LINK_FILE = "link.json"
POSTED_FILE = "posted.json"
DISMISSED_FILE = "dismissed.json"
DRAIN_LOCK_FILE = "drain.lock"
MARKERS_LOCK_FILE = ".read.json.lock"


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object in ``path``; an empty dict when it is missing or unreadable (it is only a hint)."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` with ``data`` atomically (never a half-written file), without fsync."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(orjson.dumps(data))
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def read_markers(folder: Path) -> dict[str, int]:
    """Per channel, the ``seq`` of the newest message read."""
    return {k: v for k, v in read_json(folder / READ_FILE).items() if isinstance(v, int)}


def read_dismissed(folder: Path) -> int:
    """The ``seq`` of the newest announcement dismissed (0: none)."""
    seq = read_json(folder / DISMISSED_FILE).get("announcements")
    return seq if isinstance(seq, int) and not isinstance(seq, bool) else 0


def dismiss_announcements(folder: Path, seq: int) -> int:
    """Dismiss every announcement up to ``seq`` (never back); the ``seq`` now stored.

    Taken under the read markers' lock, so two processes never lose each other's dismissal.
    """
    import filelock

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = filelock.FileLock(str(folder / MARKERS_LOCK_FILE), thread_local=False, mode=0o600)
    with lock:
        current = read_dismissed(folder)
        if seq > current:
            write_json(folder / DISMISSED_FILE, {"announcements": seq})
            return seq
        return current


def read_link(folder: Path) -> dict[str, Any]:
    """``{"status": "online"|"offline", "since": ISO time, "error": str|None}``, or ``{}`` if unknown."""
    return read_json(folder / LINK_FILE)


def write_link(folder: Path, online: bool, error: str | None = None) -> None:
    """Record the outcome of the latest contact with the server (only when it changed)."""
    status = "online" if online else "offline"
    path = folder / LINK_FILE
    if read_json(path).get("status") == status:
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The file is only a hint for the status line: failing to write it never fails a sync.
    with contextlib.suppress(OSError):
        write_json(path, {"status": status, "since": datetime.now(UTC).isoformat(), "error": error})


def write_posted(folder: Path, swap: dict[str, Any]) -> None:
    """Remember the swap just posted (its id, title and status) for the status line."""
    keep = {key: swap.get(key) for key in ("id", "title", "status", "author")}
    with contextlib.suppress(OSError):
        write_json(folder / POSTED_FILE, keep)


def read_posted(folder: Path) -> dict[str, Any]:
    """The swap ``write_posted`` remembered, or ``{}``."""
    posted = read_json(folder / POSTED_FILE)
    return posted if isinstance(posted.get("id"), int) else {}
