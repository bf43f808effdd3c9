"""A full disk: read commands answer from the cache and say why it is stale; nothing is lost."""

from __future__ import annotations

import json

from tests.server.conftest import JOIN_CODE
from tests.tinydisk import tiny_disk


def test_on_a_full_disk_reads_answer_from_the_cache_and_say_the_disk_is_full(server, nuit, home) -> None:
    with tiny_disk(home / ".local" / "share") as disk:
        login = nuit("login", server.url, "--code", JOIN_CODE, "--handle", "alice", "--city", "lyon")
        assert login.code == 0, login.err
        assert nuit("swap", "post", "avant le disque plein").code == 0
        assert "avant le disque plein" in nuit("swap", "list").out  # now cached
        bob = server.register("bob")
        server.call(bob, "POST", "/v1/swaps", {"title": "pendant le disque plein"})
        disk.fill()

        full = nuit("swap", "list", "--json")
        disk.free()
        after = nuit("swap", "list", "--json")

    assert full.code == 0
    assert [s["title"] for s in json.loads(full.out)] == ["avant le disque plein"]
    assert full.err.count("\n") == 1 and "the disk is full" in full.err and "stale since" in full.err
    assert sorted(s["title"] for s in json.loads(after.out)) == [
        "avant le disque plein",
        "pendant le disque plein",
    ]
