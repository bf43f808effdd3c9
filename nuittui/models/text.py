"""Cleaning of untrusted text, on the way in (server) and on the way out (client).

Everything a person types is stored and shown as data. Control characters
(except newline and tab), C1 controls and bidi overrides are removed, so an
escape sequence or a right-to-left override can never reach a terminal.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BeforeValidator

__all__ = ["CleanLine", "CleanText", "clean_line", "clean_text"]

# C0 controls but \t and \n, DEL, C1 controls, bidi embeddings/overrides/isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """Remove unsafe characters from multi-line text; keep newlines and tabs."""
    return _UNSAFE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(value: str) -> str:
    """Clean one-line text: unsafe characters removed, line breaks and tabs become spaces."""
    return " ".join(clean_text(value).replace("\t", " ").split("\n")).strip()


def _clean_text_field(value: Any) -> Any:
    return clean_text(value).strip("\n") if isinstance(value, str) else value


def _clean_line_field(value: Any) -> Any:
    return clean_line(value) if isinstance(value, str) else value


CleanLine = BeforeValidator(_clean_line_field)
"""Validator for one-line fields: use as ``Annotated[str, CleanLine, Field(...)]``."""

CleanText = BeforeValidator(_clean_text_field)
"""Validator for multi-line fields: use as ``Annotated[str, CleanText, Field(...)]``."""
