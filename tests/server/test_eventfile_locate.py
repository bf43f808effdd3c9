"""The TOML key locator: lines of tables and keys, whatever the values around them hold."""

from __future__ import annotations

import tomllib

from nuittui.server.eventfile.locate import key_lines, line_of

TRICKY = '''# a comment with [brackets] and key = "value"
title = "a # not a comment"
[event]
name = """
[not.a.table]
fake = "no"
"""
"quoted key" = 'lit # eral'
skills = [
  "a", # comment ] inside
  "b",
]
inline = { a = 1, b = [2, 3] }
site.name = "dotted"

[[projects]]
id = "one"
description = \'\'\'
id = "not a key"
\'\'\'

[[projects]]
id = "two"
escaped = "a \\" quote [x]"
'''


def test_every_table_and_key_is_found_at_its_line() -> None:
    tomllib.loads(TRICKY)  # valid TOML: the locator runs only on such files
    lines = key_lines(TRICKY)

    assert lines[("title",)] == 2
    assert lines[("event",)] == 3 and lines[("event", "name")] == 4
    assert ("event", "fake") not in lines and ("not",) not in lines
    assert lines[("event", "quoted key")] == 8
    assert lines[("event", "skills")] == 9
    assert lines[("event", "inline")] == 13
    assert lines[("event", "site")] == lines[("event", "site", "name")] == 14
    assert lines[("projects",)] == lines[("projects", 0)] == 16
    assert lines[("projects", 0, "description")] == 18 and ("projects", 0, "id") in lines
    assert lines[("projects", 0, "id")] == 17
    assert lines[("projects", 1)] == 22 and lines[("projects", 1, "escaped")] == 24


def test_a_path_not_found_takes_its_nearest_table() -> None:
    lines = key_lines(TRICKY)
    assert line_of(lines, ("projects", 1, "title")) == 22
    assert line_of(lines, ("event", "skills", 1)) == 9
    assert line_of(lines, ("nowhere",)) == 1
