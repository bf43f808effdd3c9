"""The shell's lean reading of the cache's files gives the read model what the cache itself gives."""

from __future__ import annotations

from pathlib import Path

from nuittui.cache import LocalCache
from nuittui.cache.folder import DEFAULT_HISTORY, CacheFolder
from nuittui.readmodel.home import home_view
from nuittui.readmodel.rules import mention_pattern
from nuittui.shell.lean.rows import HISTORY, LeanRows
from tests.cache.cache_builders import Stream, reset_batch


def test_the_lean_rows_are_the_cache_rows(tmp_path: Path) -> None:
    stream = Stream()
    cache = LocalCache(tmp_path, history_per_channel=30)  # chunks of 30, older ones trimmed
    cache.apply(reset_batch(stream, messages_per_channel=10)[0])
    bodies = ["@bob regarde", "rien", "merci @Bob !"]
    cache.apply(stream.batch([stream.message("all", "alice", bodies[i % 3]) for i in range(70)]))
    cache.apply(stream.batch([stream.message("team:1", "bob", "@bob moi-même") for _ in range(5)]))
    full, lean = CacheFolder(tmp_path, history_per_channel=30), LeanRows(tmp_path, keep=30)

    assert lean.event_row() == full.event_row()
    for kind in ("users", "projects", "progress", "swaps", "schedule"):
        assert lean.table_rows(kind) == full.table_rows(kind), kind
    assert lean.channel_last_seqs() == full.channel_last_seqs()
    newest = full.channel_last_seqs()["all"]
    for channel in ("all", "team:1", "city:paris", "nowhere"):
        for limit, before in ((None, None), (5, None), (45, None), (10, newest - 3), (None, newest - 40)):
            assert lean.message_rows(channel, limit, before) == full.message_rows(channel, limit, before)
        for after in (0, newest - 50, newest - 7, newest):
            for window in (3, 500):
                found = lean.count_newer(
                    channel, after, newest=window, other_than="bob", matching=mention_pattern("bob")
                )
                assert found == full.count_newer(
                    channel, after, newest=window, other_than="bob", matching=mention_pattern("bob")
                ), (channel, after, window)
    assert len(lean.message_rows("all")) == 30  # the trimmed history, as the app shows it
    assert home_view(lean, "alice-lyon", [], {}) == home_view(full, "alice-lyon", [], {})
    assert HISTORY == DEFAULT_HISTORY
