"""Cleaning of untrusted text, on the way in (server) and on the way out (client).

Everything a person types is stored and shown as data. Control characters
(except newline and tab), C1 controls and Unicode's invisible format characters
(category Cf: zero-width spaces, the soft hyphen, the byte-order mark, bidi
embeddings, overrides and isolates, tag characters…) are removed, so an escape
sequence, a right-to-left override or an invisible character can never reach a
terminal or hide inside a name.

Two format characters are kept where writing needs them: the zero-width joiner
(U+200D) between two emoji, as in 👩‍💻 or 🏳️‍🌈 (an emoji ZWJ sequence), and the
zero-width joiner and non-joiner (U+200C) between two letters or marks of a
script other than Latin, as in Persian or the scripts of India. Anywhere else
they go too. Tag characters are removed even inside a subdivision flag (🏴
then shows without its region).

Limits are counted on the text as sent, before cleaning: ``cleaned_line(n)`` and
``cleaned_text(n)`` refuse more than ``n`` characters, then clean.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from pydantic import BeforeValidator
from pydantic_core import PydanticKnownError

__all__ = ["FORMAT_CHARACTERS", "JOINERS", "clean_line", "clean_text", "cleaned_line", "cleaned_text"]

_FORMAT_BMP = (
    r"\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_FORMAT_ASTRAL = (
    r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0001\U000e0020-\U000e007f"
)
FORMAT_CHARACTERS = _FORMAT_BMP + _FORMAT_ASTRAL
"""Unicode's format characters (category Cf, Unicode 15) but the joiners, as a regex class's body."""
JOINERS = r"\u200c\u200d"
"""The zero-width non-joiner and joiner, kept only between characters that join (see above)."""

# C0 controls but \t and \n, DEL, C1 controls, format characters but the joiners. Those past
# U+FFFF have their own pattern, run only on text that holds such a character: in one character
# class they would make every search several times slower.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + _FORMAT_BMP + "]")
_UNSAFE_ASTRAL = re.compile("[" + _FORMAT_ASTRAL + "]")
_JOINER = re.compile("[" + JOINERS + "]")
_ZWJ = "\u200d"
_ZWNJ = "\u200c"
_VS16 = "\ufe0f"  # emoji presentation selector, may end an emoji before a joiner


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return (
        0x1F000 <= code <= 0x1FAFF  # pictographs, emoticons, symbols, skin tones, hair…
        or 0x2190 <= code <= 0x21FF  # arrows (🙂‍↔️)
        or 0x2300 <= code <= 0x27BF  # technical, dingbats, misc symbols (❤️‍🔥, ♀, ⚕)
        or 0x2B00 <= code <= 0x2BFF  # ⬛ (🐈‍⬛)
    )


def _is_joining_letter(char: str) -> bool:
    # A letter or a mark past Latin and the combining diacritics (U+0000-036F).
    return ord(char) >= 0x0370 and unicodedata.category(char)[0] in "LM"


def _keep_joiner(match: re.Match[str]) -> str:
    text, at = match.string, match.start()
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if not before or not after:
        return ""
    if match.group() == _ZWJ:
        emoji_before = text[at - 2] if before == _VS16 and at > 1 else before
        if _is_emoji(emoji_before) and _is_emoji(after):
            return match.group()
    if _is_joining_letter(before) and _is_joining_letter(after):
        return match.group()
    return ""


def clean_text(value: str) -> str:
    """Remove unsafe characters from multi-line text; keep newlines and tabs."""
    text = _UNSAFE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if text.isascii():
        return text
    if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):  # something past U+FFFF
        text = _UNSAFE_ASTRAL.sub("", text)
    if _ZWNJ in text or _ZWJ in text:
        text = _JOINER.sub(_keep_joiner, text)
    return text


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
