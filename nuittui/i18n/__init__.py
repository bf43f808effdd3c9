"""One translation function for every user-facing string, French and English.

Source strings are English; ``fr.py`` maps them to French. ``_("Joined {team}", team=name)``
translates, then fills the named fields. The result is plain text: it is data,
never markup, so user values placed in it stay literal.
"""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "_", "current_language", "detect_language", "set_language"]

LANGUAGES = ("fr", "en")
_language: str | None = None
_catalogue: dict[str, str] = {}


def detect_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The language of the user's locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``): ``fr`` or ``en``."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def set_language(language: str | None) -> str:
    """Choose the UI language; ``None`` or an unknown one follows the locale. Returns the one in force."""
    global _language, _catalogue
    chosen = language if language in LANGUAGES else detect_language()
    if chosen == "fr":
        from .fr import CATALOGUE

        _catalogue = CATALOGUE
    else:
        _catalogue = {}
    _language = chosen
    return chosen


def current_language() -> str:
    """The language in force, detecting it from the locale on first use."""
    return _language if _language is not None else set_language(None)


def _(text: str, /, **fields: object) -> str:
    """Translate ``text`` to the current language, then fill its ``{named}`` fields."""
    if _language is None:
        set_language(None)
    translated = _catalogue.get(text, text)
    return translated.format(**fields) if fields else translated
