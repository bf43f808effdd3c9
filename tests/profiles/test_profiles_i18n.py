"""Every message of nuittui.profiles reads in French too, with the same fields to fill."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import nuittui.profiles
from nuittui.i18n.fr import CATALOGUE


def messages() -> list[str]:
    found = []
    for source in sorted(Path(nuittui.profiles.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
                found.append(ast.literal_eval(node.args[0]))
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_a_french_translation_with_the_same_fields() -> None:
    found = messages()

    assert len(found) > 10  # the scan does see the messages
    assert [text for text in found if text not in CATALOGUE] == []
    assert [text for text in found if fields(CATALOGUE[text]) != fields(text)] == []
