"""The shell through a lying network: ``swap post`` (its ``http.client`` fast path), ``chat send``,
``swap claim``, ``sync`` and ``login``, for every fault that answers at once.

A write met by a fault stays queued (exit 0, a ``queued:`` line naming the reason, never
"posted"/"claimed"/"sent"); once the network passes again, ``nuit-tui sync`` delivers it exactly once.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing

import pytest

from nuittui.shell import session

from .cases import (
    QUICK,
    RATE_LIMITED,
    Case,
    claims_success,
    names_reason,
    numbers_next_to_queued,
    queue_message,
    queue_swap,
    queued_line,
)
from .conftest import login_through

WRITE_DEADLINE = 30.0


def write_command(command: str, ledger, zoe_swap: int):
    """The argv of ``command`` and the write it makes."""
    if command == "swap post":
        title = "segfault au démarrage"
        return ("swap", "post", title), ledger.swap(title)
    if command == "chat send":
        text = "quelqu'un a un adaptateur HDMI ?"
        return ("chat", "send", "all", text), ledger.message("all", text)
    return ("swap", "claim", str(zoe_swap)), ledger.claim(zoe_swap)


@pytest.mark.parametrize("case", QUICK, ids=str)
@pytest.mark.parametrize("command", ["swap post", "chat send", "swap claim"])
def test_a_write_command_keeps_the_write_queued_through_a_fault(
    command: str, case: Case, alice, rig, nuit, ledger, zoe_swap
) -> None:
    argv, write = write_command(command, ledger, zoe_swap)
    case.apply(rig)

    result = nuit(*argv)

    assert rig.requests(method="POST"), "the command did not even try to send the write"
    line = queued_line(result.err)
    assert result.code == 0, result.err
    assert line is not None, f"no `queued:` line on stderr: {result.err!r}"
    assert names_reason(line, case), f"the queued line does not say why ({case}): {line!r}"
    assert "()" not in line, f"an empty reason in the queued line: {line!r}"
    assert not claims_success(result.out), f"said it went through: {result.out!r}"
    standing = ledger.standing(write)
    assert (standing.queued, standing.dead) == (1, 0), standing
    ledger.check()

    rig.clear()
    synced = nuit("sync")

    assert synced.code == 0, synced.err
    ledger.check(settled=True)
    assert ledger.standing(write).landed == 1


@pytest.mark.parametrize("case", QUICK, ids=str)
def test_sync_through_a_fault_fails_in_one_line_saying_the_write_is_still_queued(
    case: Case, alice, rig, nuit, ledger
) -> None:
    write = ledger.swap("queued before the storm")
    queue_swap(alice.data_dir, write.text)
    case.apply(rig)

    result = nuit("sync")

    lines = result.err.splitlines()
    assert result.code == 1, (result.out, result.err)
    assert len(lines) == 1, lines
    assert numbers_next_to_queued(lines[0]).count(1) >= 1, (
        f"does not say 1 write is still queued: {lines[0]!r}"
    )
    assert names_reason(lines[0], case), f"does not say why ({case}): {lines[0]!r}"
    assert "()" not in lines[0], f"an empty reason: {lines[0]!r}"
    assert ledger.standing(write).queued == 1
    ledger.check()

    rig.clear()
    synced = nuit("sync")

    assert synced.code == 0, synced.err
    ledger.check(settled=True)
    assert ledger.standing(write).landed == 1


@pytest.mark.parametrize("scope", [None, "POST"], ids=["everything", "writes-only"])
def test_sync_after_a_429_storm_says_how_many_writes_are_still_queued_and_why(
    scope: str | None, alice, rig, nuit, ledger
) -> None:
    writes = [ledger.swap("first swap"), ledger.swap("second swap"), ledger.message("all", "hello")]
    queue_swap(alice.data_dir, "first swap")
    queue_swap(alice.data_dir, "second swap")
    queue_message(alice.data_dir, "all", "hello")
    rig.set("rate_limited", only=scope, retry_after=30)

    result = nuit("sync")

    still = ledger.outbox().pending_count()
    said = result.out + result.err
    assert still == 3
    assert still in numbers_next_to_queued(said), f"does not say {still} writes are still queued: {said!r}"
    assert names_reason(said, RATE_LIMITED), f"does not say why: {said!r}"
    if scope is None:
        assert result.code == 1
    ledger.check()

    rig.clear()
    synced = nuit("sync")

    assert synced.code == 0, synced.err
    ledger.check(settled=True)
    assert all(ledger.standing(w).landed == 1 for w in writes)


def test_the_outbox_gives_every_queued_write_a_reason(alice, rig, nuit, ledger) -> None:
    writes = [ledger.swap("first in line"), ledger.swap("second in line")]
    first = queue_swap(alice.data_dir, "first in line")
    queue_swap(alice.data_dir, "second in line")

    before = nuit("outbox").out.splitlines()

    assert len(before) == 2, before
    assert "not sent yet" in before[0], before[0]
    assert f"waits for an older write ({first.key[:8]})" in before[1], before[1]

    rig.set("reset")
    assert nuit("sync").code == 1
    after = nuit("outbox").out.splitlines()

    assert names_reason(after[0], next(c for c in QUICK if c.name == "reset")), after[0]
    assert f"waits for an older write ({first.key[:8]})" in after[1], after[1]
    ledger.check()

    rig.clear()
    assert nuit("sync").code == 0
    assert nuit("outbox").out.strip() == "the outbox is empty"
    ledger.check(settled=True)
    assert all(ledger.standing(w).landed == 1 for w in writes)


def test_a_read_command_answers_from_the_cache_when_the_server_is_slow(alice, rig, nuit, monkeypatch) -> None:
    assert nuit("chat", "send", "all", "qui a un câble USB-C ?").code == 0
    cached = nuit("chat", "read", "all")
    assert "qui a un câble USB-C ?" in cached.out, cached.err
    monkeypatch.setattr(session, "QUICK_SYNC", 0.5)  # the product's 2 s, shortened

    rig.set("silent")
    slow = nuit("chat", "read", "all")

    assert slow.code == 0 and slow.out == cached.out  # what the cache holds, at once
    assert slow.err.count("\n") == 1 and "slow to answer" in slow.err and "stale since" in slow.err


def handles_on_server(server, handle: str) -> int:
    """How many accounts the server has with ``handle``."""
    with closing(sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)) as conn:
        return int(conn.execute("SELECT count(*) FROM users WHERE handle = ?", (handle,)).fetchone()[0])


@pytest.mark.parametrize("case", QUICK, ids=str)
def test_login_through_a_fault_fails_in_one_line_and_can_be_tried_again(
    case: Case, server, rig, nuit, home
) -> None:
    case.apply(rig)

    started = time.monotonic()
    result = login_through(nuit, rig, "bob")
    took = time.monotonic() - started

    assert result.code == 1, (result.out, result.err)
    assert len(result.err.splitlines()) == 1, result.err
    assert "logged in" not in result.out
    assert took < WRITE_DEADLINE
    config = home / ".config" / "nuit-tui" / "config.toml"
    assert not config.exists() or "bob" not in config.read_text(), "a profile was saved without a token"

    rig.clear()
    again = login_through(nuit, rig, "bob")

    # The retry carries the first try's Idempotency-Key: when the first try reached the server,
    # the server answers it with a new token for that account, never "handle taken".
    assert again.code == 0, again.err
    assert handles_on_server(server, "bob") == 1
    assert nuit("sync", "--profile", "bob").code == 0


@pytest.mark.parametrize("case", QUICK, ids=str)
def test_login_whose_first_sync_meets_a_fault_is_logged_in_all_the_same(
    case: Case, server, rig, nuit
) -> None:
    case.apply(rig, but="/v1/auth/register")

    result = login_through(nuit, rig, "bob")

    assert result.code == 0, result.err
    assert "logged in as" in result.out
    assert len(result.err.splitlines()) == 1 and "sync" in result.err, result.err
    rig.clear()
    assert nuit("sync", "--profile", "bob").code == 0
    assert handles_on_server(server, "bob") == 1
