"""Plain-text helpers for line-API widgets: cleaning, cell widths, wrapping, mentions, code fences.

Everything here treats text as data. Nothing parses or builds markup: callers
turn the pieces into ``Segment``s with styles they choose.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len, set_cell_size, split_graphemes

from nuittui.models import clean_line, clean_text

__all__ = [
    "ELLIPSIS",
    "TAB_SIZE",
    "crop_with_ellipsis",
    "display_line",
    "display_text",
    "fence_kinds",
    "is_single_cell",
    "wrap_count",
    "wrap_spans",
]

TAB_SIZE = 4
ELLIPSIS = "…"

# Printable characters one cell wide: Latin (with accents), Greek, Cyrillic, box drawing.
_SINGLE_CELL_RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2500, 0x25FC))
_SINGLE_CELL = frozenset(chr(c) for start, end in _SINGLE_CELL_RANGES for c in range(start, end + 1))


def is_single_cell(text: str) -> bool:
    """True when every character is printable and one cell wide: no control, tab, newline or bidi mark."""
    if not text.isprintable():
        return False
    if text.isascii():
        return True
    try:
        text.encode("latin-1")  # printable Latin-1 is one cell wide; a memcpy for most French text
    except UnicodeEncodeError:
        return _SINGLE_CELL.issuperset(text)
    return True


def display_text(text: str) -> str:
    """Multi-line untrusted text made safe to show: controls and bidi overrides removed, tabs expanded."""
    if is_single_cell(text):
        return text  # nothing to remove: the set holds no control, bidi or tab character
    return clean_text(text).expandtabs(TAB_SIZE)


def display_line(text: str) -> str:
    """One-line untrusted text (a name, a handle) made safe to show."""
    return text if is_single_cell(text) else clean_line(text)


@lru_cache(maxsize=64)
def _wrap_pattern(width: int) -> re.Pattern[str]:
    # The longest piece of at most `width` followed by spaces or the end; else a hard cut of a long word.
    return re.compile(rf"(.{{1,{width}}})(?: +|\Z)|(.{{{width}}})", re.DOTALL)


def wrap_count(line: str, width: int) -> int:
    """``len(wrap_spans(line, width))``, computed faster."""
    width = max(width, 1)
    if is_single_cell(line):
        return 1 if len(line) <= width else len(_wrap_pattern(width).findall(line))
    return len(_wrap_graphemes(line, width)) if line else 1


def wrap_spans(line: str, width: int) -> list[tuple[int, int]]:
    """Where to cut one line (no newline in it) to fit ``width`` cells: ``(start, end)`` of each piece.

    Breaks at spaces (the spaces at a break are dropped), cuts words longer
    than the width. An empty line is one empty piece. Deterministic for a
    given (line, width), so counting lines and drawing them always agree.
    """
    width = max(width, 1)
    if not line:
        return [(0, 0)]
    if is_single_cell(line):
        if len(line) <= width:
            return [(0, len(line))]
        return [
            match.span(1) if match.group(1) is not None else match.span(2)
            for match in _wrap_pattern(width).finditer(line)
        ]
    return _wrap_graphemes(line, width)


def _wrap_graphemes(line: str, width: int) -> list[tuple[int, int]]:
    """The same greedy wrap for text with wide or zero-width characters, one grapheme at a time."""
    graphemes, total = split_graphemes(line)
    if total <= width:
        return [(0, len(line))]
    pieces: list[tuple[int, int]] = []
    count = len(graphemes)
    index = 0
    while index < count:
        if pieces:  # spaces at a break are dropped
            while index < count and line[graphemes[index][0]] == " ":
                index += 1
            if index >= count:
                break
        first = index
        cells = 0
        last_space = -1
        while index < count and cells + graphemes[index][2] <= width:
            if line[graphemes[index][0]] == " ":
                last_space = index
            cells += graphemes[index][2]
            index += 1
        if index < count and line[graphemes[index][0]] != " ":
            if last_space > first:
                index = last_space  # break at the last space rather than inside a word
            elif index == first:
                index += 1  # one grapheme wider than the width: give it its own line
        pieces.append((graphemes[first][0], graphemes[index - 1][1]))
    return pieces or [(0, 0)]


def crop_with_ellipsis(text: str, width: int) -> str:
    """``text`` if it fits ``width`` cells, else cut to ``width`` cells ending with an ellipsis."""
    if width <= 0:
        return ""
    if is_single_cell(text):
        return text if len(text) <= width else text[: width - 1] + ELLIPSIS
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + ELLIPSIS


_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})[^`]*\Z")

TEXT, FENCE, CODE = 0, 1, 2
"""Kinds of body line: prose, a code fence line (```lang), a line inside a fenced block."""


def fence_kinds(lines: list[str]) -> list[int]:
    """The kind of each line of a message: prose, fence or code (CommonMark-style ``` and ~~~ fences).

    An unclosed fence runs to the end of the message, as in CommonMark.
    """
    kinds: list[int] = []
    fence = ""
    for line in lines:
        if fence:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                kinds.append(FENCE)
                fence = ""
            else:
                kinds.append(CODE)
        elif (match := _FENCE_OPEN.match(line)) is not None:
            kinds.append(FENCE)
            fence = match.group(1)
        else:
            kinds.append(TEXT)
    return kinds
