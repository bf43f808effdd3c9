"""Cleaning of untrusted text, on the way in (server) and on the way out (client).

Everything a person types is stored and shown as data. Control characters
(except newline and tab), C1 controls and bidi overrides are removed, so an
escape sequence or a right-to-left override can never reach a terminal.

Limits are counted on the text as sent, before cleaning: ``cleaned_line(n)`` and
``cleaned_text(n)`` refuse more than ``n`` characters, then clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BeforeValidator
from pydantic_core import PydanticKnownError

__all__ = ["clean_line", "clean_text", "cleaned_line", "cleaned_text"]

# C0 controls but \t and \n, DEL, C1 controls, bidi embeddings/overrides/isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """Remove unsafe characters from multi-line text; keep newlines and tabs."""
    return _UNSAFE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(value: str) -> str:
    """Clean one-line text: unsafe characters removed, line breaks and tabs become spaces."""
    return " ".join(clean_text(value).replace("\t", " ").split("\n")).strip()


def _cleaner(clean: Callable[[str], str], max_length: int) -> BeforeValidator:
    def validate(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # the str validation after it says what is wrong
        if len(value) > max_length:
            # Counted as sent: padding that cleaning drops still counts.
            raise PydanticKnownError("string_too_long", {"max_length": max_length})
        return clean(value)

    return BeforeValidator(validate)


def _clean_text_field(value: str) -> str:
    return clean_text(value).strip("\n")


def cleaned_line(max_length: int) -> BeforeValidator:
    """Validator of a one-line field: at most ``max_length`` characters as sent, then ``clean_line``.

    Use as ``Annotated[str, StringConstraints(max_length=n), cleaned_line(n)]``: the constraint
    puts ``maxLength`` in the JSON schema and checks ``min_length`` on the cleaned text.
    """
    return _cleaner(clean_line, max_length)


def cleaned_text(max_length: int) -> BeforeValidator:
    """Validator of a multi-line field: at most ``max_length`` characters as sent, then ``clean_text``
    (and leading and trailing line breaks dropped)."""
    return _cleaner(_clean_text_field, max_length)
