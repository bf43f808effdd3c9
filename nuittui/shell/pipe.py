"""Turning what was piped into ``nuit-tui swap post`` into a code block a helper can read.

``make 2>&1 | nuit-tui swap post "build fails"``: the output loses its colours and
cursor tricks (ANSI escapes, carriage-return progress bars), and only its end is
kept when it is long — a traceback's last lines matter most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TextIO

__all__ = ["KEEP_CHARS", "Captured", "captured_block", "read_stream", "strip_ansi"]

KEEP_CHARS = 12_000
"""Piped output longer than this is cut to its last lines fitting in it."""
MAX_READ = 4 * 1024 * 1024
"""Read at most this much of a pipe's end: a runaway log must not fill the memory."""

# CSI (ESC [ … final), OSC (ESC ] … BEL or ST), other two-character escapes, and 8-bit CSI.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class Captured:
    """Piped output made into text."""

    text: str
    total_lines: int
    kept_lines: int

    @property
    def cut(self) -> bool:
        """Whether only the end was kept."""
        return self.kept_lines < self.total_lines


def strip_ansi(raw: str) -> str:
    """Text as a terminal would have shown it: escapes removed, each line's last ``\\r`` rewrite kept."""
    text = _ANSI.sub("", raw).replace("\r\n", "\n")
    lines = []
    for line in text.split("\n"):
        if "\r" in line:
            parts = [part for part in line.split("\r") if part]
            line = parts[-1] if parts else ""
        if "\b" in line:
            line = _backspaced(line)
        lines.append(_CONTROL.sub("", line).rstrip())
    return "\n".join(lines)


def _backspaced(line: str) -> str:
    """A backspace erases the character before it (how ``man`` pages and spinners overstrike)."""
    kept: list[str] = []
    for ch in line:
        if ch == "\b":
            if kept:
                kept.pop()
        else:
            kept.append(ch)
    return "".join(kept)


def read_stream(stream: TextIO | None, *, terminal: bool = False) -> str | None:
    """What stdin carries (decoded leniently) until its end; None for no stdin.

    A terminal is read only when asked (``--body -``: the user types, then Ctrl+D);
    otherwise it gives None, so a command never waits on a keyboard by surprise.
    """
    if stream is None:
        return None
    try:
        if not terminal and stream.isatty():
            return None
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data = buffer.read()
            if len(data) > MAX_READ:
                data = data[-MAX_READ:]
            return data.decode("utf-8", errors="replace")
        text = stream.read()
    except (OSError, ValueError):
        return None  # no usable stdin (closed, or a test harness's placeholder)
    return text[-MAX_READ:]


def captured_block(raw: str, keep: int = KEEP_CHARS) -> Captured:
    """``raw`` cleaned, then cut to its last lines within ``keep`` characters."""
    lines = strip_ansi(raw).strip("\n").split("\n")
    total = len(lines)
    kept: list[str] = []
    size = 0
    for line in reversed(lines):
        if size + len(line) + 1 > keep:
            if not kept:
                kept.append(line[-keep:])  # one huge line: its end
            break
        kept.append(line)
        size += len(line) + 1
    kept.reverse()
    return Captured(text="\n".join(kept), total_lines=total, kept_lines=len(kept))


def fence_for(text: str) -> str:
    """A code fence longer than any run of backticks inside ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)
