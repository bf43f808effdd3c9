"""Fixtures for the fault tests: a real server, the lying network in front of it, and people on it.

The shell's fixtures are reused (``home``, ``db``, ``orga``, ``server``, ``nuit``, ``run_cli``,
``data_dir``): a private home per test, ``nuit-server`` on 127.0.0.1, commands run in-process.

- ``rig``: a ``Rig`` in front of ``server``, everything passing until the test sets a fault;
- ``alice``: ``alice`` of lyon logged in *through the rig* (profile ``alice``, the default);
  her profile's data folder is ``alice.data_dir``;
- ``zoe_swap``: the id of an open swap of ``zoe`` (lyon), made directly on the server, to claim;
- ``ledger``: an ``ExactlyOnce`` on the server's database and alice's outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.shell.conftest import (  # noqa: F401 - fixtures, registered by being imported here
    JOIN_CODE,
    Run,
    data_dir,
    db,
    home,
    nuit,
    orga,
    run_cli,
    server,
)
from tests.sync.live import LiveServer

from .exactly_once import ExactlyOnce
from .rig import Rig


@dataclass(frozen=True)
class Person:
    """Someone logged in through the rig."""

    handle: str
    profile: str
    data_dir: Path


@pytest.fixture
def rig(server: LiveServer) -> Iterator[Rig]:  # noqa: F811
    """The lying network in front of ``server``; stopped (every thread joined) after the test."""
    with Rig(server.url) as proxy:
        yield proxy
    assert not proxy.errors, proxy.errors


def login_through(nuit: Callable[..., Run], rig: Rig, handle: str, profile: str | None = None) -> Run:  # noqa: F811
    """``nuit-tui login`` through the rig as ``handle`` of lyon."""
    return nuit(
        "login",
        rig.url,
        "--code",
        JOIN_CODE,
        "--handle",
        handle,
        "--city",
        "lyon",
        "--profile",
        profile or handle,
    )


@pytest.fixture
def alice(rig: Rig, nuit: Callable[..., Run], data_dir: Callable[[str], Path]) -> Person:  # noqa: F811
    """``alice`` of lyon, logged in through the rig while it passes everything."""
    result = login_through(nuit, rig, "alice")
    assert result.code == 0, result.err
    return Person("alice", "alice", data_dir("alice"))


@pytest.fixture
def zoe_swap(server: LiveServer) -> int:  # noqa: F811
    """An open swap of ``zoe`` (lyon), made on the server directly: something for alice to claim."""
    token = server.register("zoe", city="lyon")
    response = server.call(token, "POST", "/v1/swaps", {"title": "zoe needs a hand", "body": "", "tags": []})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


@pytest.fixture
def ledger(server: LiveServer, alice: Person) -> ExactlyOnce:  # noqa: F811
    """What alice writes, checked against the server's database and her outbox."""
    return ExactlyOnce(server.db_path, alice.data_dir, alice.handle)
