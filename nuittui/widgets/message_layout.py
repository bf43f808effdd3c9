"""Where each chat message's lines fall: per-message wrapping and a lazy index of line offsets.

Wrapping 100,000 messages up front costs far more than a first paint may
take, so the index keeps messages in blocks. A block's height is estimated
(rows × the average height of a sample) until something needs its rows, then
it is laid out exactly; the widget keeps the view anchored on a message
while estimates turn exact. No Textual here: plain data, easy to reason about.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from .text import CODE, FENCE, TEXT, display_text, fence_kinds, is_single_cell, wrap_count, wrap_spans

__all__ = [
    "BODY_INDENT",
    "CODE",
    "FENCE",
    "HEADER",
    "REMOVED",
    "TEXT",
    "BodyLine",
    "LineIndex",
    "body_height",
    "layout_body",
    "removed_body",
]

BODY_INDENT = 2
"""Cells before a body line: the cursor gutter and one space."""
HEADER = -1
"""The kind of a message's first line (time, author, markers)."""
REMOVED = 3
"""The kind of the line standing for the body of a message the organizers hid."""


@dataclass(frozen=True, slots=True)
class BodyLine:
    """One drawn line of a message body: its kind (TEXT, FENCE, CODE), text and highlighted spans."""

    kind: int
    text: str
    marks: tuple[tuple[int, int], ...] = ()


def body_height(body: str, width: int) -> int:
    """Lines the body takes at ``width`` cells (the width left after the indent); same as ``layout_body``."""
    if len(body) <= width and is_single_cell(body):
        return 1  # the common short message: no newline, no tab, no wide character
    text = display_text(body)
    if "```" in text or "~~~" in text:
        return len(layout_body(text, width, None))
    return sum(wrap_count(line, width) for line in text.split("\n"))


def removed_body(text: str) -> list[BodyLine]:
    """The one line shown instead of a hidden message's body (``text``: "removed by the organizers")."""
    return [BodyLine(REMOVED, text)]


def layout_body(body: str, width: int, mention: re.Pattern[str] | None) -> list[BodyLine]:
    """The body cut into drawn lines: prose wrapped, code kept whole (the renderer crops it)."""
    text = display_text(body)
    lines = text.split("\n")
    kinds = fence_kinds(lines) if ("```" in text or "~~~" in text) else [TEXT] * len(lines)
    out: list[BodyLine] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind != TEXT:
            out.append(BodyLine(kind, line))
            continue
        found = [m.span() for m in mention.finditer(line)] if mention is not None else []
        for start, end in wrap_spans(line, width):
            marks = tuple(
                (max(a, start) - start, min(b, end) - start) for a, b in found if a < end and b > start
            )
            out.append(BodyLine(TEXT, line[start:end], marks))
    return out


class _Block:
    """A run of consecutive rows; ``offsets`` is None while its height is only an estimate."""

    __slots__ = ("count", "height", "offsets")

    def __init__(self, count: int, height: int, offsets: array[int] | None = None) -> None:
        self.count = count
        self.height = height
        self.offsets = offsets


class LineIndex:
    """Maps virtual line numbers to (row, line in row) over rows whose heights are computed lazily.

    ``height_of(row)`` gives a row's exact height in lines. Rows live in blocks
    of ``block_size``; prefix sums over blocks make every lookup a bisect.
    """

    def __init__(self, height_of: Callable[[Any], int], *, block_size: int = 256, sample: int = 256) -> None:
        self._height_of = height_of
        self._block_size = block_size
        self._sample = sample
        self._rows: list[Any] = []
        self._blocks: list[_Block] = []
        self._row_starts: list[int] = [0]
        self._y_starts: list[int] = [0]
        self._estimate = 2.0

    # -- building -------------------------------------------------------------------------------
    def reset(self, rows: list[Any]) -> None:
        """Index ``rows`` (kept by reference) with estimated heights; O(rows / block_size)."""
        self._rows = rows
        self._estimate = self._sample_estimate()
        size = self._block_size
        self._blocks = [self._estimated(min(size, len(rows) - start)) for start in range(0, len(rows), size)]
        self._rebuild()

    def invalidate(self) -> None:
        """Forget every exact height (the width changed): back to estimates."""
        self.reset(self._rows)

    def insert_front(self, count: int) -> None:
        """``count`` rows were inserted at the front of the row list."""
        size = self._block_size
        new = [self._estimated(min(size, count - start)) for start in range(0, count, size)]
        self._blocks[:0] = new
        self._rebuild()

    def extend(self, count: int) -> None:
        """``count`` rows were appended to the row list; they are laid out now (appends are small)."""
        first = len(self._rows) - count
        last = self._blocks[-1] if self._blocks else None
        if last is not None and last.offsets is not None and last.count < self._block_size:
            take = min(count, self._block_size - last.count)
            heights = map(self._height_of, self._rows[first : first + take])
            last.offsets.extend(accumulate(heights, initial=last.offsets[-1]))
            del last.offsets[last.count + 1]  # the repeated start value from `initial`
            last.count += take
            last.height = last.offsets[-1]
            first += take
        for start in range(first, len(self._rows), self._block_size):
            block = self._estimated(min(self._block_size, len(self._rows) - start))
            self._blocks.append(block)
            if count <= 4 * self._block_size:
                self._layout(block, start)
        self._rebuild()

    def row_changed(self, row_index: int) -> None:
        """The row at ``row_index`` was replaced: recompute its height if its block is exact."""
        block_index = bisect_right(self._row_starts, row_index) - 1
        block = self._blocks[block_index]
        if block.offsets is not None:
            self._layout(block, self._row_starts[block_index])
            self._rebuild()

    # -- queries ----------------------------------------------------------------------------------
    @property
    def height(self) -> int:
        """Total lines (estimated where blocks are not laid out yet)."""
        return self._y_starts[-1]

    @property
    def exact(self) -> bool:
        """Whether every block is laid out exactly."""
        return all(block.offsets is not None for block in self._blocks)

    def y_of(self, row_index: int) -> int:
        """The first line of a row (proportional inside an estimated block)."""
        if not self._blocks:
            return 0
        row_index = min(max(row_index, 0), len(self._rows) - 1)
        block_index = bisect_right(self._row_starts, row_index) - 1
        block = self._blocks[block_index]
        within = row_index - self._row_starts[block_index]
        if block.offsets is not None:
            return self._y_starts[block_index] + block.offsets[within]
        return self._y_starts[block_index] + (within * block.height) // block.count

    def row_height(self, row_index: int) -> int:
        """A row's height: exact if its block is laid out, else the estimate."""
        block_index = bisect_right(self._row_starts, row_index) - 1
        offsets = self._blocks[block_index].offsets
        if offsets is not None:
            within = row_index - self._row_starts[block_index]
            return offsets[within + 1] - offsets[within]
        return max(1, round(self._estimate))

    def locate(self, y: int) -> tuple[int, int]:
        """``(row index, line within that row)`` of virtual line ``y``, clamped to the content.

        Inside an estimated block the row is found proportionally and the line is 0.
        """
        if not self._blocks:
            return 0, 0
        y = min(max(y, 0), self.height - 1)
        block_index = bisect_right(self._y_starts, y) - 1
        block = self._blocks[block_index]
        local = y - self._y_starts[block_index]
        first_row = self._row_starts[block_index]
        if block.offsets is None:
            return first_row + min(block.count - 1, local * block.count // max(block.height, 1)), 0
        within = bisect_right(block.offsets, local) - 1
        return first_row + within, local - block.offsets[within]

    # -- laying out -------------------------------------------------------------------------------
    def estimated_blocks(self, y_start: int, y_end: int) -> list[int]:
        """Indexes of estimated blocks that overlap lines ``[y_start, y_end)``."""
        if not self._blocks:
            return []
        first = bisect_right(self._y_starts, max(y_start, 0)) - 1
        last = bisect_right(self._y_starts, max(y_end - 1, 0)) - 1
        last = min(last, len(self._blocks) - 1)
        return [i for i in range(first, last + 1) if self._blocks[i].offsets is None]

    def nearest_estimated(self, y: int, limit: int) -> list[int]:
        """Up to ``limit`` estimated blocks, nearest to line ``y`` first (upwards wins a tie)."""
        centre = min(bisect_right(self._y_starts, max(y, 0)) - 1, len(self._blocks) - 1)
        found: list[int] = []
        for distance in range(len(self._blocks)):
            for index in (centre - distance, centre + distance):
                in_range = 0 <= index < len(self._blocks)
                if in_range and self._blocks[index].offsets is None and index not in found:
                    found.append(index)
                    if len(found) >= limit:
                        return found
        return found

    def layout_blocks(self, block_indexes: Iterable[int]) -> bool:
        """Lay out these blocks exactly; True when some height changed."""
        changed = False
        for index in block_indexes:
            block = self._blocks[index]
            if block.offsets is None:
                before = block.height
                self._layout(block, self._row_starts[index])
                changed = changed or block.height != before
        self._rebuild()
        return changed

    # -- internals --------------------------------------------------------------------------------
    def _layout(self, block: _Block, start: int) -> None:
        heights = map(self._height_of, self._rows[start : start + block.count])
        block.offsets = array("i", accumulate(heights, initial=0))
        block.height = block.offsets[-1]

    def _estimated(self, count: int) -> _Block:
        return _Block(count, max(count, round(count * self._estimate)))

    def _sample_estimate(self) -> float:
        rows: Sequence[Any] = self._rows
        if not rows:
            return 2.0
        step = max(1, len(rows) // self._sample)
        sample = rows[::step]
        return sum(map(self._height_of, sample)) / len(sample)

    def _rebuild(self) -> None:
        self._row_starts = list(accumulate((b.count for b in self._blocks), initial=0))
        self._y_starts = list(accumulate((b.height for b in self._blocks), initial=0))
