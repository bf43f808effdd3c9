"""The outbox: durable, ordered per key, backing off, and never dropping a write silently."""

from __future__ import annotations

import random
import uuid
import zlib
from pathlib import Path

import orjson
import pytest

from nuittui.cache import LocalCache, Outbox, backoff_ceiling

from .cache_builders import Stream, reset_batch


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox.in_folder(tmp_path, rng=random.Random(7))


def post_message(outbox: Outbox, channel: str, body: str):
    return outbox.enqueue(
        "message",
        "POST",
        f"/v1/channels/{channel}/messages",
        {"body": body},
        order_key=channel,
        summary=f"Message in #{channel}",
    )


def test_an_enqueued_write_is_on_disk_with_a_unique_idempotency_key(outbox: Outbox) -> None:
    first = post_message(outbox, "all", "Bonjour Lyon !")
    second = outbox.enqueue(
        "swap.create", "post", "/v1/swaps", {"title": "CORS bloque l'API"}, order_key="global", summary="Swap"
    )

    reopened = Outbox(outbox.path)
    assert [e.key for e in reopened.pending()] == [first.key, second.key]
    assert second.id > first.id and second.method == "POST"
    assert uuid.UUID(first.key).version == 4 and first.key != second.key
    assert reopened.pending()[0].body == {"body": "Bonjour Lyon !"}
    assert reopened.pending_count() == 2


def test_entries_of_one_order_key_go_out_one_at_a_time_in_order(outbox: Outbox) -> None:
    a1 = post_message(outbox, "all", "un")
    a2 = post_message(outbox, "all", "deux")
    lyon = post_message(outbox, "city:lyon", "salut")
    claim = outbox.enqueue(
        "swap.claim", "POST", "/v1/swaps/3/claim", None, order_key="swap:3", summary="Claim"
    )

    assert [e.key for e in outbox.due(now=0)] == [a1.key, lyon.key, claim.key]
    outbox.mark_sent(a1.key)
    assert [e.key for e in outbox.due(now=0)] == [a2.key, lyon.key, claim.key]
    # A failing head holds back its key only.
    outbox.mark_failed(a2.key, error="connexion refusée", retry_after=None, now=1000)
    assert a2.key not in {e.key for e in outbox.due(now=1000)}
    assert [e.key for e in outbox.due(now=1000)] == [lyon.key, claim.key]


def test_backoff_grows_with_full_jitter_up_to_five_minutes(outbox: Outbox) -> None:
    assert [backoff_ceiling(n) for n in (1, 2, 3, 4, 9, 10, 50)] == [1, 2, 4, 8, 256, 300, 300]
    entry = post_message(outbox, "all", "réseau instable")
    waits = []
    for attempt in range(1, 13):
        failed = outbox.mark_failed(entry.key, error="timeout", retry_after=None, now=0)
        assert failed is not None and failed.attempts == attempt and failed.last_error == "timeout"
        assert 0 <= failed.next_attempt_at <= backoff_ceiling(attempt)
        waits.append(failed.next_attempt_at)
    assert max(waits[:3]) <= 4 < max(waits[6:])  # later waits reach far beyond the first ones
    assert len(set(waits)) == len(waits)  # jittered, so retries of many clients spread out
    assert outbox.due(now=waits[-1]) and not outbox.due(now=waits[-1] - 0.001)


def test_retry_after_is_honoured_when_longer_than_the_backoff(outbox: Outbox) -> None:
    entry = post_message(outbox, "all", "trop vite")
    failed = outbox.mark_failed(entry.key, error="429 Too Many Requests", retry_after=120, now=1000)
    assert failed is not None and failed.next_attempt_at == 1120
    assert outbox.due(now=1119.9) == []
    assert [e.key for e in outbox.due(now=1120)] == [entry.key]


def test_dead_letters_keep_the_reason_and_can_be_retried_or_discarded(outbox: Outbox) -> None:
    join = outbox.enqueue(
        "team.join", "POST", "/v1/projects/4/join", None, order_key="team", summary="Join team 4"
    )
    msg = post_message(outbox, "team:4", "coucou")

    dead = outbox.dead_letter(join.key, "409 team full")

    assert dead is not None and outbox.pending_count() == 1 and outbox.dead_count() == 1
    reopened = Outbox(outbox.path)
    [letter] = reopened.dead_letters()
    assert (letter.key, letter.dead_reason, letter.summary) == (join.key, "409 team full", "Join team 4")
    assert letter.dead_at is not None

    again = reopened.retry_dead(join.key)
    assert again is not None and again.key == join.key  # the same Idempotency-Key, so no double join
    assert again.id > msg.id and again.attempts == 0 and again.dead_reason is None
    assert reopened.dead_count() == 0 and [e.key for e in reopened.due(now=0)] == [msg.key, join.key]

    reopened.dead_letter(join.key, "409 team full")
    assert reopened.discard_dead(join.key) is True
    assert reopened.dead_count() == 0 and reopened.pending_count() == 1
    assert reopened.discard_dead(join.key) is False


def test_keys_the_servers_events_carry_settle_queued_writes_and_dead_letters_alike(outbox: Outbox) -> None:
    queued = post_message(outbox, "all", "arrivé par l'événement")
    landed_anyway = outbox.enqueue(
        "swap.create", "POST", "/v1/swaps", {"title": "x"}, order_key="swaps", summary="New swap: x"
    )
    refused = post_message(outbox, "all", "vraiment refusé")
    waiting = post_message(outbox, "team:4", "pas encore parti")
    outbox.dead_letter(landed_anyway.key, "the server's answer did not match the contract 5 times")
    outbox.dead_letter(refused.key, "403 not a member")

    settled = outbox.confirm({queued.key, landed_anyway.key, "someone-else's-key"})

    assert settled == 2
    reopened = Outbox(outbox.path)  # the journal holds it, not only memory
    assert [e.key for e in reopened.pending()] == [waiting.key]
    assert [e.key for e in reopened.dead_letters()] == [refused.key]  # a key never seen stays refused
    assert reopened.confirm({queued.key, landed_anyway.key}) == 0 and reopened.confirm(set()) == 0


def test_unknown_keys_change_nothing(outbox: Outbox) -> None:
    post_message(outbox, "all", "reste là")
    signature = outbox.path.stat().st_ino
    assert outbox.mark_sent("nope") is False
    assert outbox.mark_failed("nope", error="x", now=0) is None
    assert outbox.dead_letter("nope", "x") is None and outbox.retry_dead("nope") is None
    assert outbox.confirm({"nope"}) == 0
    assert outbox.path.stat().st_ino == signature and outbox.pending_count() == 1


def test_pending_messages_give_the_local_echo_until_the_server_event_confirms(tmp_path: Path) -> None:
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    outbox = Outbox.in_folder(tmp_path)
    mine = post_message(outbox, "city:lyon", "J'arrive avec des câbles")
    post_message(outbox, "all", "autre salon")
    outbox.enqueue("swap.create", "POST", "/v1/swaps", {"title": "x"}, order_key="global", summary="Swap")

    assert [e.body for e in outbox.pending_messages("city:lyon")] == [{"body": "J'arrive avec des câbles"}]
    assert len(outbox.pending(kind="swap.create")) == 1

    result = cache.apply(
        stream.batch([stream.message("city:lyon", "alice-lyon", "J'arrive avec des câbles", key=mine.key)])
    )
    for key in result.confirmed_keys:
        outbox.mark_sent(key)

    assert outbox.pending_messages("city:lyon") == []
    assert cache.messages("city:lyon")[-1].body == "J'arrive avec des câbles"


def test_the_outbox_file_is_a_journal_of_checksummed_records(outbox: Outbox) -> None:
    entry = post_message(outbox, "all", "lisible")
    outbox.mark_failed(entry.key, error="timeout", now=0)

    lines = outbox.path.read_bytes().splitlines()
    records = []
    for line in lines:
        crc, payload = line.split(b" ", 1)
        assert len(crc) == 8 and int(crc, 16) == zlib.crc32(payload)
        records.append(orjson.loads(payload))
    assert [r["op"] for r in records] == ["meta", "enqueue", "failed"]
    assert records[0]["format"] == 2 and records[1]["entry"]["id"] == entry.id
    assert records[1]["entry"]["key"] == records[2]["key"] == entry.key and records[2]["attempts"] == 1


def test_a_corrupt_outbox_is_moved_aside_not_silently_dropped(tmp_path: Path) -> None:
    outbox = Outbox.in_folder(tmp_path)
    post_message(outbox, "all", "important")
    garbage = b'{"meta": {"1": {"format": 1, "next_id": 2}}, "queue": {"1": {"ke'
    outbox.path.write_bytes(garbage)

    reopened = Outbox.in_folder(tmp_path)

    assert reopened.pending_count() == 0
    [moved] = reopened.quarantined
    assert moved.name.startswith("outbox.jsonl.corrupt-") and moved.read_bytes() == garbage
    [report] = reopened.recoveries()
    assert (report.recovered, report.damaged, report.kept_at) == (0, 1, moved)
    assert (
        reopened.enqueue("message", "POST", "/v1/channels/all/messages", {"body": "x"}, summary="x").id == 1
    )
