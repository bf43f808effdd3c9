"""Run-wide settings of the suite.

The suite runs on several workers (pytest-xdist, ``-n auto``: three per core; ``--dist
loadfile``: a file's tests stay on one worker, so module fixtures are built once). Workers take
files in collection order, so the files that take longest start first and the run does not end
waiting on one of them.

Every test speaks plain HTTP to 127.0.0.1, yet each HTTP client the tests and the program
make loads a trust store (httpx does it even for http:// URLs): certifi's 150 certificates
cost about 20 ms of CPU per client, a tenth of the suite. Unless the environment names one
already, ``SSL_CERT_FILE`` names a one-certificate store for the run (httpx and the shell's
fast path both honour it; subprocesses inherit it).

Where the environment says not to write bytecode (``PYTHONDONTWRITEBYTECODE``), every worker
and every ``nuit-tui`` process the tests start would compile the same modules again, and pytest
would rewrite the asserts of some 400 modules per worker (3 s of CPU each): for the run, bytecode
goes to a cache outside the sources instead (``PYTHONPYCACHEPREFIX``), which they all share.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import certifi
import pytest

_TRUST_STORE_SET_HERE = "_NUIT_TESTS_TRUST_STORE"

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


WORKERS_PER_CORE = 3
"""``-n auto``: the tests wait (sockets, subprocesses, deadlines) much of the time, so a core
keeps several busy; six workers on two cores took a busy machine's run from 4.6 to 3.5 min."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    return WORKERS_PER_CORE * len(os.sched_getaffinity(0))


def pytest_configure(config: pytest.Config) -> None:
    _share_bytecode()
    _light_trust_store()


def _share_bytecode() -> None:
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    prefix = os.environ.get("PYTHONPYCACHEPREFIX") or str(
        Path(tempfile.gettempdir()) / f"nuit-tests-pycache-{os.getuid()}"
    )
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix = prefix  # workers and subprocesses inherit it
    sys.dont_write_bytecode = False


def _light_trust_store() -> None:
    if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"):
        return
    bundle = Path(certifi.where()).read_text(encoding="ascii")
    first = re.search(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----\n", bundle, re.DOTALL)
    assert first is not None, f"no certificate in {certifi.where()}"
    handle, path = tempfile.mkstemp(prefix="nuit-tests-", suffix=".pem")
    with os.fdopen(handle, "w", encoding="ascii") as store:
        store.write(first.group(0))
    os.environ["SSL_CERT_FILE"] = os.environ[_TRUST_STORE_SET_HERE] = path


def pytest_unconfigure(config: pytest.Config) -> None:
    path = os.environ.get(_TRUST_STORE_SET_HERE)
    if path and not hasattr(config, "workerinput"):  # the process that made it removes it
        Path(path).unlink(missing_ok=True)
