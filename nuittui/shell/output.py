"""Printing for the shell: plain text only, cleaned of control characters, plus stable JSON.

Everything that came from a server is data: it is cleaned (again — the models
already clean it) so an escape sequence can never reach the terminal.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from nuittui.readmodel.rules import safe

__all__ = [
    "align",
    "clean",
    "emit_json",
    "err",
    "one_line",
    "out",
    "queued_line",
    "recovery_line",
    "width",
]

PROG = "nuit-tui"


def clean(text: object) -> str:
    """``text`` as a string safe to print: no control characters but newline and tab."""
    return safe(text)


def one_line(text: object, longest: int | None = None) -> str:
    """``clean(text)`` on one line, cut to ``longest`` characters with an ellipsis."""
    line = " ".join(clean(text).replace("\t", " ").split())
    if longest is not None and len(line) > longest:
        line = line[: max(longest - 1, 0)] + "…"
    return line


def out(text: str = "") -> None:
    """Print a line on stdout."""
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    """Print one line on stderr, prefixed with the program's name."""
    sys.stderr.write(f"{PROG}: {one_line(text)}\n")


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON (UTF-8, keys in the models' order), one document on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide CJK characters count two, combining marks zero)."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def align(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    """Rows as lines of aligned columns (two spaces apart); columns in ``right`` are right-aligned."""
    if not rows:
        return []
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def queued_line(reason: str | None, *, offline: bool = False, busy: bool = False) -> str:
    """The stderr line of a write left in the outbox, always with why (``reason`` one line)."""
    from nuittui.i18n import _

    if busy:
        return _("queued: the nuit-tui app running for this profile will send it")
    if offline and not reason:
        return _("queued: no connection; it will be sent by `nuit-tui sync` or the app")
    if offline:
        return _(
            "queued: {reason}; it will be sent by `nuit-tui sync` or the app", reason=one_line(reason, 160)
        )
    why = one_line(reason, 160) if reason else _("older writes of yours must go first")
    return _(
        "queued: the server could not take it now ({reason}); it will be sent by `nuit-tui sync` or the app",
        reason=why,
    )


def recovery_line(recovered: int, damaged: int, kept_at: object) -> str:
    """The stderr line of a damaged outbox file: what was recovered, what was not, where its copy is."""
    from nuittui.i18n import _

    return _(
        "the outbox file was damaged: {recovered} writes recovered, {damaged} unreadable records; "
        "the damaged copy is kept at {path} (`nuit-tui outbox --acknowledge` stops this notice)",
        recovered=recovered,
        damaged=damaged,
        path=clean(kept_at),
    )
