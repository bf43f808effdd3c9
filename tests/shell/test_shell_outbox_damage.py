"""A damaged outbox file: every intact write is still sent, and every command says what happened
until the user acknowledges it."""

from __future__ import annotations

import json

from nuittui.cache.outbox import OUTBOX_FILE


def test_a_cut_outbox_file_is_reported_by_every_command_and_its_intact_writes_still_go(
    logged_in, nuit, data_dir
) -> None:
    logged_in.stop()
    for title in ("premier", "deuxième", "troisième"):
        assert nuit("swap", "post", title).code == 0  # queued: the server is down
    journal = data_dir("alice") / OUTBOX_FILE
    data = journal.read_bytes()
    cut = data.index("troisième".encode()) + 3
    journal.write_bytes(data[:cut])  # the third swap's record is cut short, as by a crash or a full disk

    listed = nuit("outbox", "--json")
    status = nuit("swap", "list")
    logged_in.start()
    synced = nuit("sync")
    acknowledged = nuit("outbox", "--acknowledge")
    after = nuit("outbox")
    swaps = json.loads(nuit("swap", "list", "--json").out)

    notice = "the outbox file was damaged: 2 writes recovered, 1 unreadable records"
    for result in (listed, status, synced):
        assert notice in result.err and "the damaged copy is kept at" in result.err
    kept = listed.err.split("kept at ", 1)[1].split(" (", 1)[0]
    assert (data_dir("alice") / kept.rsplit("/", 1)[-1]).read_bytes() == data[:cut]
    assert [e["summary"] for e in json.loads(listed.out)["queued"]] == [
        "New swap: premier",
        "New swap: deuxième",
    ]
    assert "sent 2 queued writes; nothing left to send" in synced.out
    assert acknowledged.code == 0 and "1 damage reports acknowledged" in acknowledged.out
    assert "damaged" not in after.err and after.out.strip() == "the outbox is empty"
    assert sorted(s["title"] for s in swaps) == ["deuxième", "premier"]
