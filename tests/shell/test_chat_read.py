"""``nuit-tui chat read`` through the read model: my messages still queued show apart, with why they
are not sent yet, and ``--json`` keeps its shape."""

from __future__ import annotations

import json

KEYS = {"id", "channel", "author", "body", "announcement", "hidden", "created_at", "seq", "pending", "key"}


def test_chat_read_shows_my_queued_message_and_why_it_waits(logged_in, nuit) -> None:
    nuit("chat", "send", "#all", "avant la coupure")
    logged_in.stop()
    nuit("chat", "send", "#all", "pendant la coupure")

    read = nuit("chat", "read", "all")
    as_json = json.loads(nuit("chat", "read", "all", "--json").out)
    logged_in.start()
    after = json.loads(nuit("chat", "read", "all", "--json").out)

    assert read.code == 0
    lines = read.out.rstrip().splitlines()
    assert lines[-2].endswith("alice: avant la coupure")
    assert "alice (pending: cannot reach the server" in lines[-1] and lines[-1].endswith(
        ": pendant la coupure"
    )
    assert [set(m) for m in as_json] == [KEYS, KEYS]
    assert [(m["body"], m["pending"], m["seq"] is None) for m in as_json] == [
        ("avant la coupure", False, False),
        ("pendant la coupure", True, True),
    ]
    assert as_json[1]["key"].startswith("out:") and as_json[0]["key"] == f"msg:{as_json[0]['id']}"
    assert [(m["body"], m["pending"]) for m in after] == [
        ("avant la coupure", False),
        ("pendant la coupure", False),
    ]
