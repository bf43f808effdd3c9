"""A small real disk (tmpfs) a test can fill up, for "the disk is full" behaviour.

Mounting needs root (CI runs as root); elsewhere the tests that use it are skipped, saying why.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "8m") -> Iterator[TinyDisk]:
    """A tmpfs of ``size`` mounted at ``where`` for the ``with`` block."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield TinyDisk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


class TinyDisk:
    """The mounted disk: ``fill()`` takes every free byte, ``free()`` gives them back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._filler = root / "filler.bin"

    def fill(self) -> None:
        """Write until the disk refuses: the next write of anyone fails with ENOSPC."""
        chunk = b"\0" * 65536
        with open(self._filler, "ab") as out:
            while True:
                try:
                    out.write(chunk)
                    out.flush()
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
            with contextlib.suppress(OSError):
                while True:  # the last few bytes too
                    os.write(out.fileno(), b"\0" * 512)

    def free(self) -> None:
        """Remove the filler: space is back."""
        self._filler.unlink(missing_ok=True)
