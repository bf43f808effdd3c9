"""Run-wide settings of the suite.

The suite runs on several workers (pytest-xdist, ``--dist loadfile``: a file's tests stay on
one worker, so module fixtures are built once). Workers take files in collection order, so
the files that take longest start first and the run does not end waiting on one of them.
"""

from __future__ import annotations

import pytest

LONG_FIRST = (
    "tests/faults/test_deadlines.py",  # every client path against its deadline: about a minute
    "tests/cache/test_cache_kill9.py",
    "tests/e2e/test_demo_tmux.py",
    "tests/server/test_schemathesis.py",
    "tests/cache/test_cache_outbox_journal.py",
    "tests/server/test_cli.py",
)
"""Files that take longest (``--durations``), longest first; the rest keep their order."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: within a rank, collection order
