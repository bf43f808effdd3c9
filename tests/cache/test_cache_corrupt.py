"""A damaged or foreign cache is moved aside and resynced, never a crash."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from nuittui.cache import LocalCache
from nuittui.models import EventType

from .cache_builders import Stream, reset_batch, swap


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A synced cache folder, closed."""
    stream = Stream()
    cache = LocalCache(tmp_path / "data")
    cache.apply(reset_batch(stream)[0])
    cache.apply(stream.batch([stream.message("all", body="dernier message")]))
    return cache.folder


def garble(path: Path) -> None:
    path.write_bytes(b'{"format": 1, "cursor": 12, "users": [{"handle": "ali')


def assert_empty_and_resyncs(cache: LocalCache) -> None:
    assert cache.cursor() is None
    assert cache.users() == [] and cache.swaps() == [] and cache.messages("all") == []
    assert cache.message_count() == 0
    stream = Stream(seq=10_000, message_id=10_000)
    result = cache.apply(reset_batch(stream)[0])
    assert result.reset and cache.cursor() == stream.seq and len(cache.users()) == 21


def test_a_corrupt_state_file_is_moved_aside_and_the_cache_starts_empty(folder: Path) -> None:
    garble(folder / "state.json")

    cache = LocalCache.open(folder)

    assert len(cache.quarantined) == 1
    moved = cache.quarantined[0]
    assert moved.name.startswith("state.json.corrupt-") and moved.exists()
    assert moved.read_bytes().startswith(b'{"format": 1, "cursor": 12')
    assert "state.json" in (cache.reset_reason or "")
    assert_empty_and_resyncs(cache)
    assert moved.exists()  # kept for a bug report, even after the resync


def test_a_corrupt_channel_file_is_moved_aside_when_read(folder: Path) -> None:
    chunk = next((folder / "messages").glob("all-*.json"))
    garble(chunk)

    cache = LocalCache(folder)
    assert cache.users()  # nothing read the bad chunk yet
    assert cache.messages("all") == []  # reading it finds it bad

    assert [p.name.split(".corrupt-")[0] for p in cache.quarantined] == [chunk.name]
    assert cache.quarantined[0].parent == chunk.parent
    # Another process opening the folder sees the emptied cache too, so it resyncs as well.
    assert LocalCache(folder).cursor() is None
    assert_empty_and_resyncs(cache)


def test_a_corrupt_table_found_during_apply_empties_the_cache_and_asks_for_a_reset(folder: Path) -> None:
    cache = LocalCache(folder)
    garble(next((folder / "tables").glob("swaps-*.json")))
    stream = Stream(seq=cache.cursor() or 0)
    result = cache.apply(stream.batch([stream.upsert(EventType.SWAP, swap(1))]))

    assert result.needs_reset and result.cursor is None
    assert [p.name.split(".corrupt-")[0].split("-")[0] for p in cache.quarantined] == ["swaps"]
    assert_empty_and_resyncs(cache)


def test_a_missing_referenced_file_counts_as_corrupt(folder: Path) -> None:
    next((folder / "tables").glob("users-*.json")).unlink()
    cache = LocalCache(folder)
    assert cache.users() == []
    assert cache.cursor() is None
    assert "missing" in (cache.reset_reason or "")


def test_a_cache_of_another_format_version_reads_as_empty_without_quarantine(folder: Path) -> None:
    state = orjson.loads((folder / "state.json").read_bytes())
    state["format"] = 0
    (folder / "state.json").write_bytes(orjson.dumps(state))

    cache = LocalCache(folder)

    assert cache.quarantined == []
    assert "format 0" in (cache.reset_reason or "")
    assert_empty_and_resyncs(cache)
    assert orjson.loads((folder / "state.json").read_bytes())["format"] != 0


def test_garbage_left_by_a_killed_writer_is_cleaned_at_open(folder: Path) -> None:
    (folder / ".state.json.k3j2l1.tmp").write_bytes(b'{"format": 1, "cur')
    (folder / "messages" / "all-999.json").write_bytes(b"{}")  # renamed, but state.json never named it
    (folder / "messages" / ".all-999.json.x8y7.tmp").write_bytes(b"")

    cache = LocalCache(folder)

    assert cache.quarantined == []
    assert not (folder / ".state.json.k3j2l1.tmp").exists()
    assert not (folder / "messages" / "all-999.json").exists()
    assert not (folder / "messages" / ".all-999.json.x8y7.tmp").exists()
    assert cache.messages("all")[-1].body == "dernier message"
