"""Where each table and key of a TOML file is: the line numbers ``tomllib`` does not give.

``tomllib`` (the standard library's TOML parser) reads the values; this scanner only
finds the line where each table header and each key starts, as a path such as
``("projects", 3, "team_size")`` (the fourth ``[[projects]]``). It runs after
``tomllib`` accepted the file, so it may rely on the file being valid TOML: it needs
only to tell keys from values, and to skip what a value may span (strings, multi-line
strings, arrays and inline tables over several lines, comments).

Why not a TOML library that keeps positions: the well-kept ones either drop them
(tomllib, tomli) or keep the text losslessly without exposing positions (tomlkit,
whose internals would then have to be replayed). A scanner of ~150 lines over a
syntax already validated is smaller than either, and is tested on every broken file
of the test corpus.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(one, text)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.table: Path = ()
        self.arrays: dict[Path, int] = {}
        """The index of the latest element of each array of tables, by its resolved path."""

    # -- characters --------------------------------------------------------------------------
    def peek(self, offset: int = 0) -> str:
        at = self.pos + offset
        return self.text[at] if at < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.pos < len(self.text):
                if self.text[self.pos] == "\n":
                    self.line += 1
                self.pos += 1

    def skip_blank(self) -> None:
        while self.peek() in (" ", "\t"):
            self.advance()

    def skip_to_line_end(self) -> None:
        while self.peek() not in ("\n", ""):
            self.advance()

    # -- keys --------------------------------------------------------------------------------
    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank()
            char = self.peek()
            if char == '"':
                parts.append(_unescape(self.basic_string()))
            elif char == "'":
                parts.append(self.literal_string())
            else:
                match = _BARE.match(self.text, self.pos)
                if match is None:  # not valid TOML: tomllib would have refused it
                    return parts
                parts.append(match.group(0))
                self.advance(len(match.group(0)))
            self.skip_blank()
            if self.peek() != ".":
                return parts
            self.advance()

    def basic_string(self) -> str:
        self.advance()  # the opening quote
        start = self.pos
        while self.peek() not in ('"', "", "\n"):
            if self.peek() == "\\":
                self.advance()
            self.advance()
        value = self.text[start : self.pos]
        self.advance()
        return value

    def literal_string(self) -> str:
        self.advance()
        start = self.pos
        while self.peek() not in ("'", "", "\n"):
            self.advance()
        value = self.text[start : self.pos]
        self.advance()
        return value

    # -- values ------------------------------------------------------------------------------
    def value(self) -> None:
        """Skip one value, whatever lines it spans."""
        depth = 0
        while True:
            char = self.peek()
            if char == "":
                return
            if self.text.startswith('"""', self.pos) or self.text.startswith("'''", self.pos):
                self.multiline_string(self.text[self.pos : self.pos + 3])
                continue
            if char == '"':
                self.basic_string()
                continue
            if char == "'":
                self.literal_string()
                continue
            if char == "#":
                self.skip_to_line_end()
                continue
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
            elif char == "\n" and depth <= 0:
                return
            self.advance()

    def multiline_string(self, quote: str) -> None:
        self.advance(3)
        while self.peek() != "":
            if quote == '"""' and self.peek() == "\\":
                self.advance(2)
                continue
            if self.text.startswith(quote, self.pos):
                self.advance(3)
                while self.peek() == quote[0]:  # up to two quotes may close the content
                    self.advance()
                return
            self.advance()

    # -- statements --------------------------------------------------------------------------
    def resolve(self, parts: list[str], *, new_element: bool) -> Path:
        resolved: list[str | int] = []
        for index, part in enumerate(parts):
            resolved.append(part)
            last = index == len(parts) - 1
            if last and new_element:
                key = tuple(resolved)
                self.arrays[key] = self.arrays.get(key, -1) + 1
                resolved.append(self.arrays[key])
            elif tuple(resolved) in self.arrays:
                resolved.append(self.arrays[tuple(resolved)])
        return tuple(resolved)

    def header(self) -> None:
        line = self.line
        array = self.text.startswith("[[", self.pos)
        self.advance(2 if array else 1)
        parts = self.key()
        self.table = self.resolve(parts, new_element=array)
        self.lines.setdefault(self.table, line)
        if array:  # the array itself starts at its first element
            self.lines.setdefault(self.table[:-1], line)
        self.skip_to_line_end()

    def pair(self) -> None:
        line = self.line
        parts = self.key()
        path = (*self.table, *parts)
        for end in range(len(self.table) + 1, len(path) + 1):  # dotted keys name their tables too
            self.lines.setdefault(path[:end], line)
        self.skip_blank()
        if self.peek() == "=":
            self.advance()
        self.skip_blank()
        self.value()

    def scan(self) -> dict[Path, int]:
        while self.peek() != "":
            self.skip_blank()
            char = self.peek()
            if char in ("\n", "\r"):
                self.advance()
            elif char == "#":
                self.skip_to_line_end()
            elif char == "[":
                self.header()
            else:
                self.pair()
        return self.lines


def key_lines(text: str) -> dict[Path, int]:
    """The line (1-based) where each table and key of the TOML ``text`` starts, by path."""
    return _Scanner(text).scan()


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of ``path``, or of its nearest enclosing table or key found; 1 when none is."""
    for end in range(len(path), 0, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return 1
