"""Every user-facing string has a French translation, and the language follows the locale."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import nuittui
from nuittui import i18n
from nuittui.i18n import _
from nuittui.i18n.fr import CATALOGUE

PACKAGE = Path(nuittui.__file__).parent


def _source_strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_ui_string_has_a_french_translation() -> None:
    missing = [f"{where}: {text!r}" for text, where in _source_strings().items() if text not in CATALOGUE]
    assert not missing, "strings without a French translation:\n" + "\n".join(missing)


def test_translations_keep_the_same_fields() -> None:
    wrong = [text for text, french in CATALOGUE.items() if _fields(text) != _fields(french)]
    assert not wrong, f"French entries whose {{fields}} differ from the English: {wrong}"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert i18n.detect_language(environ) == expected


def test_user_values_stay_literal_in_translated_text() -> None:
    previous = i18n.current_language()
    try:
        i18n.set_language("fr")
        text, french = next((t, f) for t, f in CATALOGUE.items() if _fields(t))
        values = {name: "[@click=app.quit]{x}[/]" for name in _fields(text)}
        assert _(text, **values) == french.format(**values)
        assert "[@click=app.quit]{x}[/]" in _(text, **values)
    finally:
        i18n.set_language(previous)
