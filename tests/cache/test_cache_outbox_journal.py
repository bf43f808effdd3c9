"""The outbox's journal: damage costs at most the record it hits, and the user is told."""

from __future__ import annotations

import errno
import os
import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from nuittui.cache import CacheWriteError, Outbox, OutboxEntry, OutboxRecovery
from nuittui.cache.outbox import COMPACT_MIN_RECORDS, LEGACY_OUTBOX_FILE, OUTBOX_FILE

Snapshot = list[tuple[str, int]]
"""The queue as (key, attempts), oldest first."""


def queue_of(outbox: Outbox) -> Snapshot:
    return [(e.key, e.attempts) for e in outbox.pending()]


def post(outbox: Outbox, body: str) -> OutboxEntry:
    return outbox.enqueue("message", "POST", "/v1/channels/all/messages", {"body": body}, summary="Msg")


def build(folder: Path) -> tuple[bytes, list[Snapshot]]:
    """A journal of 5 entries, two of them failed once: its bytes, and the queue after each record."""
    outbox = Outbox.in_folder(folder, rng=random.Random(3))
    after: list[Snapshot] = [[]]
    entries = []
    for n in range(5):
        entries.append(post(outbox, f"message {n}"))
        after.append(queue_of(outbox))
    for entry in (entries[1], entries[3]):
        outbox.mark_failed(entry.key, error="timeout", now=0)
        after.append(queue_of(outbox))
    return outbox.path.read_bytes(), after


def damage(folder: Path, content: bytes) -> Outbox:
    """Put ``content`` in place of the journal and open the outbox on it."""
    (folder / OUTBOX_FILE).write_bytes(content)
    return Outbox.in_folder(folder)


def assert_reported(outbox: Outbox, content: bytes, *, recovered: int, damaged: int) -> OutboxRecovery:
    [report] = outbox.recoveries()
    assert (report.recovered, report.damaged) == (recovered, damaged)
    assert report.kept_at.read_bytes() == content  # the damaged copy holds exactly what was found
    assert report.kept_at.name.startswith(f"{OUTBOX_FILE}.corrupt-")
    assert outbox.quarantined == [report.kept_at]
    assert report.at.tzinfo is not None and abs(datetime.now(UTC) - report.at).total_seconds() < 60
    return report


def test_a_journal_cut_anywhere_loses_at_most_the_record_cut_through(tmp_path: Path) -> None:
    raw, after = build(tmp_path / "original")
    ends = [i + 1 for i, byte in enumerate(raw) if byte == ord("\n")]
    assert len(ends) == len(after)  # a meta line, then one line per change

    for cut in range(len(raw) + 1):
        folder = tmp_path / f"cut{cut}"
        folder.mkdir()
        content = raw[:cut]
        complete = sum(1 for end in ends if end <= cut)  # lines wholly before the cut

        outbox = damage(folder, content)

        assert queue_of(outbox) == after[max(complete - 1, 0)], cut
        if cut in ends:
            assert outbox.recoveries() == [] and outbox.quarantined == []
        else:  # cut inside a line (or emptied): that line is the one loss, and it is reported
            assert_reported(outbox, content, recovered=len(after[max(complete - 1, 0)]), damaged=1)
            assert Outbox.in_folder(folder).path.read_bytes().endswith(b"\n")  # rewritten clean


def test_an_emptied_journal_is_reported(tmp_path: Path) -> None:
    build(tmp_path)

    outbox = damage(tmp_path, b"")

    assert outbox.pending() == []
    assert_reported(outbox, b"", recovered=0, damaged=1)
    assert post(outbox, "encore").id == 1


def test_random_bytes_are_reported_with_nothing_recovered(tmp_path: Path) -> None:
    raw, _ = build(tmp_path)
    garbage = random.Random(11).randbytes(len(raw))

    outbox = damage(tmp_path, garbage)

    assert outbox.pending() == [] and outbox.dead_letters() == []
    [report] = outbox.recoveries()
    assert report.recovered == 0 and report.damaged >= 1 and report.kept_at.read_bytes() == garbage


def test_a_flipped_byte_costs_only_the_record_it_hits(tmp_path: Path) -> None:
    raw, after = build(tmp_path)
    lines = raw.splitlines(keepends=True)
    middle = 3  # the third enqueue (line 0 is the meta record)
    at = sum(len(line) for line in lines[:middle]) + len(lines[middle]) // 2
    flipped = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]
    lost = after[middle][-1][0]

    outbox = damage(tmp_path, flipped)

    expected = [item for item in after[-1] if item[0] != lost]
    assert queue_of(outbox) == expected  # keys, order and attempts of every other entry
    assert_reported(outbox, flipped, recovered=4, damaged=1)
    reopened = Outbox.in_folder(tmp_path)  # the journal was rewritten clean: nothing more to report
    assert queue_of(reopened) == expected and reopened.quarantined == []
    assert len(reopened.recoveries()) == 1


def test_every_process_sees_the_report_until_it_is_acknowledged(tmp_path: Path) -> None:
    raw, after = build(tmp_path)
    app = Outbox.in_folder(tmp_path)
    assert queue_of(app) == after[-1]

    shell = damage(tmp_path, raw[:-5])  # the shell finds the damage and repairs it

    assert [r.kept_at for r in app.recoveries()] == [r.kept_at for r in shell.recoveries()]
    assert queue_of(app) == queue_of(shell) == after[-2]  # the app follows the rewritten journal
    assert app.acknowledge_recoveries() == 1
    assert shell.recoveries() == [] and app.recoveries() == []
    assert shell.acknowledge_recoveries() == 0
    assert [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name] == [shell.quarantined[0].name]


# -- the single-file outbox of earlier versions ------------------------------------------


def legacy_doc() -> tuple[dict, list[OutboxEntry], OutboxEntry]:
    """An outbox.json as the previous version wrote it: two queued entries, one dead letter."""
    made = datetime(2017, 3, 4, 21, 0, tzinfo=UTC)

    def entry(entry_id: int, key: str, **extra: Any) -> OutboxEntry:
        base = OutboxEntry(
            entry_id, key, "message", "POST", "/v1/channels/all/messages", {"body": key}, "all", "Msg", made
        )
        return replace(base, **extra)

    def doc(e: OutboxEntry) -> dict:
        d = e.to_doc()
        del d["garbled"]  # not in format 1
        return d

    queued = [entry(3, "k-three", attempts=2, next_attempt_at=99.5, last_error="timeout"), entry(5, "k-five")]
    dead = entry(4, "k-four", dead_reason="409 team full", dead_at=made)
    layout = {
        "meta": {"1": {"format": 1, "next_id": 7}},
        "queue": {str(e.id): doc(e) for e in queued},
        "dead": {str(dead.id): doc(dead)},
    }
    return layout, queued, dead


def test_the_old_outbox_file_is_imported_whole_and_removed(tmp_path: Path) -> None:
    doc, queued, dead = legacy_doc()
    (tmp_path / LEGACY_OUTBOX_FILE).write_bytes(orjson.dumps(doc))

    outbox = Outbox.in_folder(tmp_path)

    assert outbox.pending() == queued and outbox.dead_letters() == [dead]
    assert not (tmp_path / LEGACY_OUTBOX_FILE).exists() and outbox.path.exists()
    assert outbox.recoveries() == [] and outbox.quarantined == []
    assert post(outbox, "après").id == 7
    assert Outbox.in_folder(tmp_path).pending() == [*queued, outbox.pending()[-1]]


@pytest.mark.parametrize(
    ("key", "cut", "kept_queued", "kept_dead"),
    [("k-five", True, 1, False), ("k-four", True, 2, False), ("k-five", False, 1, True)],
)
def test_a_damaged_old_outbox_file_gives_up_only_what_is_unreadable(
    tmp_path: Path, key: str, cut: bool, kept_queued: int, kept_dead: bool
) -> None:
    doc, queued, dead = legacy_doc()
    raw = orjson.dumps(doc)
    at = raw.index(f'"{key}"'.encode())
    # Cut in that entry, or an unbalanced quote in it (the rest of the file still parses).
    damaged = raw[: at + 20] if cut else raw[:at] + raw[at + 1 :]
    (tmp_path / LEGACY_OUTBOX_FILE).write_bytes(damaged)

    outbox = Outbox.in_folder(tmp_path)

    assert outbox.pending() == queued[:kept_queued]
    assert outbox.dead_letters() == ([dead] if kept_dead else [])
    [report] = outbox.recoveries()
    assert (report.recovered, report.damaged) == (kept_queued + kept_dead, 1)
    assert report.kept_at.name.startswith(f"{LEGACY_OUTBOX_FILE}.corrupt-")
    assert report.kept_at.read_bytes() == damaged
    assert not (tmp_path / LEGACY_OUTBOX_FILE).exists()
    assert post(outbox, "après").id == 7


def test_an_unreadable_old_outbox_file_is_reported_empty(tmp_path: Path) -> None:
    (tmp_path / LEGACY_OUTBOX_FILE).write_bytes(b"\x00\xff garbage")

    outbox = Outbox.in_folder(tmp_path)

    assert outbox.pending() == []
    [report] = outbox.recoveries()
    assert report.recovered == 0 and report.kept_at.read_bytes() == b"\x00\xff garbage"


# -- compaction and full disks -----------------------------------------------------------


def test_compaction_keeps_the_queue_and_the_file_small(tmp_path: Path) -> None:
    outbox = Outbox.in_folder(tmp_path, rng=random.Random(5))
    reader = Outbox.in_folder(tmp_path)  # follows the appends, then the rewritten file
    entries = [post(outbox, f"m{n}") for n in range(30)]
    outbox.dead_letter(entries[0].key, "422 refused")
    for entry in entries[1:10]:
        outbox.mark_sent(entry.key)
    for step in range(2 * COMPACT_MIN_RECORDS):
        outbox.mark_failed(entries[10 + step % 20].key, error=f"try {step}", now=step)
        if step % 97 == 0:
            assert reader.pending() == outbox.pending()

    lines = outbox.path.read_bytes().splitlines()
    assert len(lines) <= COMPACT_MIN_RECORDS  # 400+ changes, yet never more than the threshold
    assert orjson.loads(lines[0].split(b" ", 1)[1])["op"] == "meta"
    for view in (reader, Outbox.in_folder(tmp_path)):
        assert view.pending() == outbox.pending() and view.dead_letters() == outbox.dead_letters()
    assert [e.attempts for e in outbox.pending()] == [20] * 20
    assert outbox.pending()[0].last_error == f"try {2 * COMPACT_MIN_RECORDS - 20}"
    assert post(outbox, "après").id == 31


def half_then_disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


def test_a_full_disk_mid_append_leaves_the_journal_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = Outbox.in_folder(tmp_path)
    first = [post(outbox, f"m{n}") for n in range(3)]
    before = outbox.path.read_bytes()

    half_then_disk_full(monkeypatch)
    with pytest.raises(CacheWriteError) as caught:
        post(outbox, "perdu")
    with pytest.raises(CacheWriteError):
        outbox.mark_failed(first[0].key, error="x", now=0)
    monkeypatch.undo()

    assert caught.value.disk_full
    assert outbox.path.read_bytes() == before
    assert outbox.pending() == first
    later = post(outbox, "space is back")
    reopened = Outbox.in_folder(tmp_path)
    assert reopened.pending() == [*first, later] and reopened.recoveries() == []


def test_a_half_record_that_could_not_be_cut_off_is_repaired_before_the_next_append(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = Outbox.in_folder(tmp_path)
    first = [post(outbox, f"m{n}") for n in range(3)]

    def cannot_truncate(fd: int, length: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    half_then_disk_full(monkeypatch)
    monkeypatch.setattr(os, "ftruncate", cannot_truncate)
    with pytest.raises(CacheWriteError):
        post(outbox, "perdu")
    monkeypatch.undo()

    later = post(outbox, "space is back")  # not glued to the half record: the journal is rebuilt first

    reopened = Outbox.in_folder(tmp_path)
    assert reopened.pending() == [*first, later]
    [report] = reopened.recoveries()
    assert (report.recovered, report.damaged) == (3, 1)


# -- garbled answers ---------------------------------------------------------------------


def test_garbled_answers_are_counted_and_forgotten_on_retry(tmp_path: Path) -> None:
    outbox = Outbox.in_folder(tmp_path)
    entry = post(outbox, "réponse bizarre")

    outbox.mark_failed(entry.key, error="not the contract", now=0, garbled=True)
    failed = outbox.mark_failed(entry.key, error="not the contract", now=0, garbled=True)
    plain = outbox.mark_failed(entry.key, error="timeout", now=0)

    assert failed is not None and failed.garbled == 2
    assert plain is not None and plain.garbled == 2 and plain.attempts == 3
    reopened = Outbox.in_folder(tmp_path)
    assert reopened.pending()[0].garbled == 2
    reopened.dead_letter(entry.key, "garbled three times")
    again = reopened.retry_dead(entry.key)
    assert again is not None and again.garbled == 0 and again.attempts == 0
    assert Outbox.in_folder(tmp_path).pending()[0].garbled == 0
