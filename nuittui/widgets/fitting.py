"""Text that fits the width it is given: wrapped lines that keep their indent, and a line with shorter forms.

Both are Textual ``Visual``s around ``Content`` (plain strings with styles, never
markup), laid out anew for every width, so they follow the terminal's size.

- ``Hanging``: each line wraps under its own start, not at the left edge: a
  line's continuation is indented by its leading spaces and a list marker
  (``• ``), or by a fixed ``indent`` (a column of times, a status word).
- ``Clamped``: wrapped, and cut to a number of lines, the last one ending with ``…``.
- ``Fitted``: the first of several forms of a text that fits the width (a bar
  with full labels, then shorter ones); the last one wraps if nothing fits.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

__all__ = ["MARKERS", "Fitted", "Hanging", "hang_of"]

MARKERS = ("• ", "● ", "★ ", "▶ ", "⧗ ", "- ")
"""List markers a wrapped line hangs after (besides its leading spaces)."""

MIN_TEXT = 12
"""Below this many cells left after the indent, a line wraps at the left edge instead."""


def hang_of(line: str) -> int:
    """How far a line's continuation is indented: its leading spaces, plus a list marker after them."""
    text = line.lstrip(" ")
    spaces = len(line) - len(text)
    return spaces + next((len(m) for m in MARKERS if text.startswith(m)), 0)


def _hang_line(line: Content, width: int, indent: int) -> list[Content]:
    if line.cell_length <= width or width - indent < MIN_TEXT:
        return [line]
    first = line.wrap(width)[0]
    plain = line.plain
    start = len(first.plain)
    while start < len(plain) and plain[start] == " ":
        start += 1
    if start >= len(plain):
        return [first]
    pad = Content(" " * indent)
    return [first, *(pad + piece for piece in line[start:].wrap(width - indent))]


class LaidOut(Visual):
    """A ``Content`` laid out for each width by ``lay_out``; the Visual protocol follows from it."""

    content: Content

    def __str__(self) -> str:
        return self.content.plain

    def lay_out(self, width: int) -> Content:
        """The lines shown at ``width``; override."""
        raise NotImplementedError

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The laid-out lines (Part of the Visual protocol)."""
        return self.lay_out(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """As wide as the longest line."""
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """The longest word."""
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Lines once laid out at ``width``."""
        return self.lay_out(width).get_height(rules, width)


class Hanging(LaidOut):
    """``content`` wrapped so that each line's continuation keeps its indent.

    ``indent``: the same hanging indent for every line; None, each line's own
    (``hang_of``: leading spaces and a list marker).
    """

    def __init__(self, content: Content | str, indent: int | None = None) -> None:
        self.content = content if isinstance(content, Content) else Content(content)
        self.indent = indent
        self._laid_out: tuple[int, Content] | None = None

    @property
    def plain(self) -> str:
        """The text, without styles."""
        return self.content.plain

    def lay_out(self, width: int) -> Content:
        """The content with its lines broken to fit ``width`` (every piece indented)."""
        if self._laid_out is not None and self._laid_out[0] == width:
            return self._laid_out[1]
        lines: list[Content] = []
        for line in self.content.split("\n", allow_blank=True):
            indent = self.indent if self.indent is not None else hang_of(line.plain)
            lines.extend(_hang_line(line, width, indent))
        laid_out = Content("\n").join(lines)
        self._laid_out = (width, laid_out)
        return laid_out


class Clamped(LaidOut):
    """``content`` wrapped to the width and cut to ``lines`` lines, the last one ending with ``…``."""

    def __init__(self, content: Content, lines: int) -> None:
        self.content = content
        self.lines = lines

    def lay_out(self, width: int) -> Content:
        """The lines shown at ``width``."""
        wrapped = [piece for line in self.content.split("\n", allow_blank=True) for piece in line.wrap(width)]
        if len(wrapped) > self.lines:
            last = wrapped[self.lines - 1]
            cut = last.truncate(max(width - 1, 0)).rstrip() if last.cell_length >= width else last
            wrapped = [*wrapped[: self.lines - 1], cut + Content("…")]
        return Content("\n").join(wrapped)


Form = Content | tuple[Content, Content]
"""A form of a ``Fitted`` text: one text, or ``(left, right)`` with the right part on the right edge."""


def _fits(form: Form, width: int) -> bool:
    if isinstance(form, tuple):
        left, right = form
        return left.cell_length + (right.cell_length + 1 if right else 0) <= width
    return all(line.cell_length <= width for line in form.split("\n", allow_blank=True))


class Fitted(Visual):
    """The first of ``forms`` that fits the width; the last one (wrapped) if none does.

    A form is a text, or ``(left, right)``: one line, the right part against the right edge.
    """

    def __init__(self, forms: Sequence[Form]) -> None:
        if not forms:
            raise ValueError("Fitted needs at least one form")
        self.forms = list(forms)

    def __str__(self) -> str:
        return self.plain

    @property
    def plain(self) -> str:
        """The fullest form's text, without styles."""
        return self.form_for(10_000).plain

    def form_for(self, width: int) -> Content:
        """The text shown at ``width``."""
        form = next((f for f in self.forms if _fits(f, width)), self.forms[-1])
        if not isinstance(form, tuple):
            return form
        left, right = form
        if not right:
            return left
        return Content.assemble(left, " " * max(1, width - left.cell_length - right.cell_length), right)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The chosen form (Part of the Visual protocol)."""
        return self.form_for(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """As wide as the fullest form."""
        return self.form_for(10_000).get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """As narrow as the last form can go."""
        return self.form_for(0).get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The chosen form's lines at ``width``."""
        return self.form_for(width).get_height(rules, width)
