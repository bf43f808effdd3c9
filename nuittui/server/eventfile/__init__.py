"""The event file: one TOML file describing a whole edition (docs/event-file.md).

``load_edition(path)`` reads and checks it (``EventFileInvalidError`` lists every problem
as ``FILE:LINE: message``); the store applies the resulting ``Edition``.
"""

from .check import EventFileInvalidError, Problem, check_text, load_edition

__all__ = ["EventFileInvalidError", "Problem", "check_text", "load_edition"]
