"""The shell without a server: writes are queued (exit 0), reads answer from the cache, and
``nuit-tui sync`` / ``nuit-tui outbox`` settle things once the server is back."""

from __future__ import annotations

import json
import os
import tomllib

from .conftest import JOIN_CODE


def test_offline_post_is_queued_and_sync_delivers_it(logged_in, nuit) -> None:
    logged_in.stop()

    queued = nuit("swap", "post", "hors ligne", stdin="OSError: network unreachable\n")
    listed = nuit("swap", "list")
    line = nuit("status", "--line")
    outbox = json.loads(nuit("outbox", "--json").out)
    failed_sync = nuit("sync")
    logged_in.start()
    synced = nuit("sync")
    after = json.loads(nuit("swap", "list", "--json").out)

    assert queued.code == 0 and queued.out == ""
    assert queued.err.strip() == (
        f"nuit-tui: queued: cannot reach the server at {logged_in.url} (ConnectionRefusedError); "
        "it will be sent by `nuit-tui sync` or the app"
    )
    assert listed.code == 0 and "pending" in listed.out and "hors ligne" in listed.out
    assert "stale since" in listed.err
    assert "⚠ offline" in line.out and "1 queued" in line.out and "swap pending" in line.out
    assert [e["summary"] for e in outbox["queued"]] == ["New swap: hors ligne"]
    assert failed_sync.code == 1 and "writes still queued: 1" in failed_sync.err
    assert synced.code == 0 and "sent 1 queued writes" in synced.out
    assert [(s["title"], s["status"]) for s in after] == [("hors ligne", "open")]
    assert "⚠ offline" not in nuit("status", "--line").out


def test_reads_fall_back_to_the_cache_when_the_server_is_down(logged_in, nuit) -> None:
    nuit("swap", "post", "avant la coupure")
    assert "avant la coupure" in nuit("swap", "list").out  # a read syncs first: now it is cached
    logged_in.stop()

    listed = nuit("swap", "list", "--json")
    schedule = nuit("schedule", "--now")
    line = nuit("status", "--line")

    assert listed.code == 0 and [s["title"] for s in json.loads(listed.out)] == ["avant la coupure"]
    assert listed.err.count("\n") == 1 and "offline (" in listed.err and "stale since" in listed.err
    assert schedule.code == 0 and "jury" in schedule.out
    assert "⚠ offline" in line.out  # what the failed sync learnt, for the status bar


def test_a_refused_write_stays_in_the_outbox_until_retried_or_discarded(logged_in, nuit) -> None:
    nuit("swap", "post", "à moi")
    logged_in.stop()
    nuit("swap", "claim", "1")  # queued offline; the server will refuse it (your own swap)
    logged_in.start()

    synced = nuit("sync")
    listing = nuit("outbox")
    dead = json.loads(nuit("outbox", "--json").out)["dead"]
    key = dead[0]["key"]
    retried = nuit("outbox", "--retry", key[:8])
    nuit("sync")
    discarded = nuit("outbox", "--discard", key)
    unknown = nuit("outbox", "--discard", "zzzz")

    assert synced.code == 0 and "refused: Claim swap #1" in synced.err
    assert "refused" in listing.out and "Claim swap #1" in listing.out
    assert dead[0]["kind"] == "swap.claim" and "own" in dead[0]["dead_reason"]
    assert retried.code == 0 and "queued again: Claim swap #1" in retried.out
    assert discarded.code == 0 and "discarded" in discarded.out
    assert unknown.code == 1 and unknown.err.count("\n") == 1
    assert json.loads(nuit("outbox", "--json").out) == {"queued": [], "dead": []}


def test_a_world_readable_credentials_file_is_refused(logged_in, nuit, home) -> None:
    credentials = home / ".config" / "nuit-tui" / "credentials.toml"
    os.chmod(credentials, 0o644)

    listed = nuit("swap", "list")
    posted = nuit("swap", "post", "ne doit pas partir")
    os.chmod(credentials, 0o600)
    after = json.loads(nuit("swap", "list", "--json").out)

    for result in (listed, posted):
        assert result.code == 1 and result.out == ""
        assert result.err.count("\n") == 1 and "chmod 600" in result.err
    assert after == []


def test_logout_revokes_the_token_and_keeps_the_cache(logged_in, nuit, home) -> None:
    nuit("swap", "post", "gardé en cache")
    nuit("sync")
    credentials = (home / ".config" / "nuit-tui" / "credentials.toml").read_text()
    token = tomllib.loads(credentials)["profiles"]["alice"]["token"]

    out = nuit("logout")
    listed = nuit("swap", "list")
    token_left = (home / ".config" / "nuit-tui" / "credentials.toml").exists()
    login_again = nuit(
        "login",
        logged_in.url,
        "--code",
        JOIN_CODE,
        "--handle",
        "alice2",
        "--city",
        "lyon",
        "--profile",
        "alice",
    )

    assert out.code == 0 and "logged out of alice" in out.out
    assert listed.code == 0 and "gardé en cache" in listed.out and "not logged in" in listed.err
    assert not token_left
    assert logged_in.call(token, "GET", "/v1/me").status_code == 401
    assert login_again.code == 0
