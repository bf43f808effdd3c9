"""LocalCache.apply and the readers: what a participant sees offline after each sync."""

from __future__ import annotations

import os
import re
from pathlib import Path

import orjson
import pytest

from nuittui.cache import LocalCache
from nuittui.models import (
    EventType,
    SwapStatus,
    SyncEvent,
    apply_events,
    compute_city_progress,
)

from .cache_builders import (
    Stream,
    event,
    message,
    progress_update,
    project,
    reset_batch,
    schedule_item,
    swap,
    user,
)


@pytest.fixture
def stream() -> Stream:
    return Stream()


@pytest.fixture
def synced(tmp_path: Path, stream: Stream) -> LocalCache:
    """A cache after its first sync (a reset with a realistic snapshot)."""
    cache = LocalCache(tmp_path / "data")
    cache.apply(reset_batch(stream)[0])
    return cache


def everything(cache: LocalCache) -> dict[str, object]:
    """Every reader's answer, to compare two caches."""
    return {
        "event": cache.event(),
        "cursor": cache.cursor(),
        "users": cache.users(),
        "projects": cache.projects(),
        "progress": cache.progress(),
        "swaps": cache.swaps(),
        "schedule": cache.schedule(),
        "channels": cache.channels(),
        "messages": {c.id: cache.messages(c.id) for c in cache.channels()},
        "count": cache.message_count(),
        "cities": cache.city_progress(),
    }


def test_a_fresh_cache_is_empty_and_asks_for_a_reset(tmp_path: Path, stream: Stream) -> None:
    cache = LocalCache(tmp_path)
    assert cache.cursor() is None
    assert cache.event() is None
    assert cache.users() == [] and cache.swaps() == [] and cache.messages("all") == []
    assert cache.city_progress() == []

    result = cache.apply(stream.batch([stream.message("all")]))

    assert result.needs_reset and not result.changed
    assert cache.cursor() is None and cache.messages("all") == []


def test_snapshot_then_events_reads_like_the_reference_reducer(tmp_path: Path, stream: Stream) -> None:
    cache = LocalCache(tmp_path)
    batch, snap = reset_batch(stream)
    cache.apply(batch)
    events = [
        stream.message("city:lyon", "alice-lyon", "Qui connaît Leaflet ?"),
        stream.upsert(EventType.USER, user("karim-lille", "lille")),
        stream.upsert(EventType.PROJECT, project(2, "lyon", "donnees", ("david-lyon", "emma-lyon"))),
        stream.upsert(EventType.PROGRESS, progress_update(3, 2)),
        stream.upsert(EventType.SWAP, swap(4, "karim-lille", "lille", tags=("leaflet",))),
        stream.upsert(
            EventType.SWAP, swap(1, "alice-lyon", status=SwapStatus.CLAIMED, claimed_by="karim-lille")
        ),
        stream.upsert(EventType.SCHEDULE, schedule_item(5, "Repas du soir", 11, city="paris")),
        stream.message("swap:4", "karim-lille", "Je passe te voir"),
    ]
    cache.apply(stream.batch(events))

    expected = apply_events(snap, events)
    assert cache.cursor() == stream.seq
    assert cache.event() == expected.event
    assert cache.users() == expected.users
    assert cache.projects() == expected.projects
    assert sorted(cache.progress(), key=lambda p: p.id) == expected.progress
    assert sorted(cache.swaps(), key=lambda s: s.id) == expected.swaps
    assert cache.schedule() == expected.schedule
    cached = [m for c in cache.channels() for m in cache.messages(c.id)]
    assert sorted(cached, key=lambda m: m.seq) == expected.messages
    assert cache.city_progress() == compute_city_progress(
        expected.event.cities, expected.users, expected.projects, expected.swaps, expected.progress
    )


def test_reset_replaces_everything_and_keeps_nothing_old(synced: LocalCache, stream: Stream) -> None:
    synced.apply(stream.batch([stream.message("team:1", "alice-lyon", "ancien message")]))
    old_files = set(os.listdir(synced.folder / "messages")) | set(os.listdir(synced.folder / "tables"))
    fresh_stream = Stream(seq=5000, message_id=9000)
    batch, snap = reset_batch(fresh_stream, messages_per_channel=2)
    snap.users = [user("zoe-geneve", "geneve")]
    snap.swaps = []
    snap.messages = [m for m in snap.messages if m.channel == "all"]

    result = synced.apply(batch)

    assert result.reset and result.cursor == fresh_stream.seq
    assert [u.handle for u in synced.users()] == ["zoe-geneve"]
    assert synced.swaps() == []
    assert synced.messages("team:1") == [] and synced.messages("city:lyon") == []
    assert [m.id for m in synced.messages("all")] == [m.id for m in snap.messages]
    # The old files are gone from disk, not only hidden.
    new_files = set(os.listdir(synced.folder / "messages")) | set(os.listdir(synced.folder / "tables"))
    assert not (old_files & new_files)
    assert len(os.listdir(synced.folder / "messages")) == 1


def test_schedule_delete_removes_the_item(synced: LocalCache, stream: Stream) -> None:
    result = synced.apply(stream.batch([stream.delete_schedule(2)]))
    assert [i.id for i in synced.schedule()] == [1, 3, 4]
    assert result.changed_ids["schedule"] == {2}


def test_unknown_event_types_and_bad_data_are_skipped_not_fatal(synced: LocalCache, stream: Stream) -> None:
    poll = SyncEvent(seq=stream.seq + 1, type="poll.create", data={"question": "Pizza ou couscous ?"})
    broken_swap = SyncEvent(seq=stream.seq + 2, type=EventType.SWAP, data={"id": 1, "title": "sans le reste"})
    broken_message = SyncEvent(seq=stream.seq + 3, type=EventType.MESSAGE, data={"id": "x", "channel": "all"})
    stream.seq += 3
    odd_message = stream.message("all", body="date illisible")
    odd_message.data["created_at"] = "samedi soir"
    after = stream.message("all", body="toujours là")

    result = synced.apply(stream.batch([poll, broken_swap, broken_message, odd_message, after]))

    assert (result.skipped, result.invalid) == (1, 2)
    assert synced.swap(1).title.startswith("Bug 1")  # the good copy was not replaced
    bodies = [m.body for m in synced.messages("all")]
    assert bodies[-1] == "toujours là" and "date illisible" not in bodies  # never shown as a message
    assert synced.cursor() == stream.seq


def test_history_is_bounded_per_channel(tmp_path: Path, stream: Stream) -> None:
    cache = LocalCache(tmp_path, history_per_channel=30)
    cache.apply(reset_batch(stream, messages_per_channel=0)[0])
    for _ in range(4):
        cache.apply(stream.batch([stream.message("all") for _ in range(25)]))
    cache.apply(stream.batch([stream.message("city:lyon") for _ in range(5)]))

    shown = cache.messages("all")
    assert len(shown) == 30
    assert [m.seq for m in shown] == sorted(m.seq for m in shown)
    assert shown[-1].seq == stream.seq - 5  # the newest "all" message is kept
    assert len(cache.messages("city:lyon")) == 5
    assert cache.message_count() == 35
    on_disk = sum(
        len(chunk_messages(path))
        for path in (cache.folder / "messages").iterdir()
        if path.name.startswith("all-")
    )
    assert on_disk < 2 * 30  # whole old chunks are deleted, not just hidden


def chunk_messages(path: Path) -> list[dict[str, object]]:
    return orjson.loads(path.read_bytes())["messages"]


def test_cursor_is_saved_with_the_data_and_a_reopened_cache_reads_the_same(
    synced: LocalCache, stream: Stream
) -> None:
    synced.apply(stream.batch([stream.message("all", body="avant la coupure"), stream.delete_schedule(1)]))
    before = everything(synced)

    reopened = LocalCache(synced.folder)

    assert reopened.cursor() == stream.seq
    assert everything(reopened) == before
    assert reopened.messages("all")[-1].body == "avant la coupure"
    assert reopened.last_synced_at() is not None


def test_an_apply_rewrites_only_the_files_it_touches(synced: LocalCache, stream: Stream) -> None:
    def inodes() -> dict[str, int]:
        folder = synced.folder
        return {p.name: p.stat().st_ino for d in ("messages", "tables") for p in (folder / d).iterdir()}

    before = inodes()
    synced.apply(stream.batch([stream.message("city:paris") for _ in range(50)]))
    after = inodes()

    changed = {name for name in before if after.get(name) != before[name]}
    assert changed == {n for n in before if n.startswith("city%3Aparis-")}


def test_events_already_covered_by_the_cursor_do_not_roll_back_newer_data(
    synced: LocalCache, stream: Stream
) -> None:
    # The shell synced further while the app still held an older answer.
    claimed = stream.upsert(
        EventType.SWAP, swap(1, "alice-lyon", status=SwapStatus.CLAIMED, claimed_by="hugo-paris")
    )
    older_answer = stream.batch([claimed])
    resolved = stream.upsert(
        EventType.SWAP, swap(1, "alice-lyon", status=SwapStatus.RESOLVED, claimed_by="hugo-paris")
    )
    synced.apply(older_answer.model_copy(update={"events": [claimed, resolved], "cursor": stream.seq}))

    result = synced.apply(older_answer)

    assert result.stale == 1 and not result.changed
    assert synced.swap(1).status is SwapStatus.RESOLVED
    assert synced.cursor() == stream.seq


def test_apply_result_tells_what_changed(synced: LocalCache, stream: Stream) -> None:
    first, second = stream.message("team:1", key="key-1"), stream.message("team:1")
    claim = stream.upsert(
        EventType.SWAP, swap(1, "alice-lyon", status=SwapStatus.CLAIMED, claimed_by="ines-paris"), key="key-2"
    )
    new_swap = stream.upsert(EventType.SWAP, swap(9, "jules-lyon"))

    result = synced.apply(stream.batch([first, second, claim, new_swap]))

    assert result.changed_kinds == {"messages", "swaps"}
    assert result.new_messages == {"team:1": [first.data["id"], second.data["id"]]}
    assert result.confirmed_keys == {"key-1", "key-2"}
    assert result.swap_status_changes[1].before is SwapStatus.OPEN
    assert result.swap_status_changes[1].after is SwapStatus.CLAIMED
    assert result.swap_status_changes[9].before is None
    assert result.changed_ids["swaps"] == {1, 9}


def test_a_crash_between_chunk_and_state_write_loses_and_duplicates_nothing(
    synced: LocalCache, stream: Stream
) -> None:
    state = synced.folder / "state.json"
    before_crash = state.read_bytes()
    event_ = stream.message("all", body="une seule fois")
    batch = stream.batch([event_])
    synced.apply(batch)
    # Killed after the chunk was renamed into place, before state.json: the old state is what survives.
    state.write_bytes(before_crash)
    restarted = LocalCache(synced.folder)
    assert restarted.cursor() == event_.seq - 1

    result = restarted.apply(batch)  # the server sends the same events again

    assert result.new_messages == {}
    assert [m.body for m in restarted.messages("all")].count("une seule fois") == 1
    assert restarted.cursor() == event_.seq


def test_messages_page_backwards_with_limit_and_before_seq(tmp_path: Path, stream: Stream) -> None:
    cache = LocalCache(tmp_path, history_per_channel=2000)
    cache.apply(reset_batch(stream, messages_per_channel=0)[0])
    cache.apply(stream.batch([stream.message("all") for _ in range(1200)]))  # three chunks
    everything_ = cache.messages("all")

    newest = cache.messages("all", limit=50)
    older = cache.messages("all", limit=50, before_seq=newest[0].seq)
    oldest = cache.messages("all", limit=50, before_seq=everything_[1].seq)

    assert newest == everything_[-50:]
    assert older == everything_[-100:-50]
    assert oldest == everything_[:1]
    assert cache.messages("all", before_seq=everything_[0].seq) == []


def test_add_history_merges_older_pages_and_stays_bounded(synced: LocalCache, stream: Stream) -> None:
    first_seq = synced.messages("city:lyon")[0].seq
    page = [message(5000 + i, "city:lyon", seq=i + 1) for i in range(first_seq - 1)]

    added = synced.add_history("city:lyon", page)

    shown = synced.messages("city:lyon")
    assert added == len(page)
    assert [m.seq for m in shown] == list(range(1, first_seq)) + [m.seq for m in shown[len(page) :]]
    assert LocalCache(synced.folder).messages("city:lyon") == shown

    small = LocalCache(synced.folder, history_per_channel=10)
    assert len(small.messages("city:lyon")) == 10
    assert small.add_history("city:lyon", [message(9999, "city:lyon", seq=0)]) == 0
    with pytest.raises(ValueError):
        synced.add_history("city:lyon", [message(1, "all", seq=1)])


def test_readers_filter_like_the_api(synced: LocalCache, stream: Stream) -> None:
    assert [p.id for p in synced.projects(city="lyon")] == [1, 2]
    assert [p.id for p in synced.projects(theme="ville")] == [3]
    assert [s.id for s in synced.swaps(status=SwapStatus.OPEN)] == [1]
    assert [s.id for s in synced.swaps(tag="postgis")] == [2]
    assert [s.id for s in synced.swaps(city="lyon")] == [3, 1]  # newest first
    assert [s.id for s in synced.swaps(claimed_by="bastien-lyon")] == [2]
    assert [s.id for s in synced.swaps(author="alice-paris")] == [2]
    assert [i.id for i in synced.schedule(city="paris")] == [1, 2, 4]
    assert [i.id for i in synced.schedule(city="lyon")] == [1, 2, 3, 4]
    assert [u.id for u in synced.progress(project_id=3)] == [2]
    assert synced.user("ALICE-LYON").city == "lyon"
    assert synced.user("nobody") is None and synced.swap(404) is None and synced.project(404) is None


def test_channels_list_every_room_with_its_last_seq(synced: LocalCache, stream: Stream) -> None:
    synced.apply(stream.batch([stream.message("swap:3")]))
    channels = {c.id: c for c in synced.channels()}

    assert list(channels)[:8] == ["all"] + [f"city:{c.id}" for c in event().cities]
    assert channels["city:lyon"].title == "Lyon"
    assert channels["team:1"].title.startswith("Projet 1")
    assert channels["swap:3"].last_seq == stream.seq
    assert channels["city:geneve"].last_seq == 0
    assert {f"team:{i}" for i in range(1, 6)} <= channels.keys()
    assert channels["all"].last_seq == synced.messages("all")[-1].seq


def test_newer_messages_are_counted_across_chunks_from_the_newest_back(
    tmp_path: Path, stream: Stream
) -> None:
    cache = LocalCache(tmp_path, history_per_channel=2000)
    cache.apply(reset_batch(stream, messages_per_channel=0)[0])
    cache.apply(stream.batch([stream.message("all", author="bob") for _ in range(1000)]))  # two chunks
    read_up_to = stream.seq
    cache.apply(
        stream.batch(
            [
                stream.message("all", author="bob", body="@ada tu peux regarder ?"),
                stream.message("all", author="ada", body="j'arrive @bob"),  # mine: never unread
                stream.message("all", author="bob", body="écrire à mail@ada.fr"),
                *(stream.message("all", author="carol") for _ in range(600)),  # into a third chunk
            ]
        )
    )
    mention = re.compile(r"(?<![\w@.-])@ada(?![\w-])", re.IGNORECASE)
    reopened = LocalCache(tmp_path, history_per_channel=2000)  # as a new process reads it

    def count(after: int, window: int = 5000, cache: LocalCache = reopened) -> tuple[int, int]:
        return cache.count_newer("all", after, newest=window, other_than="ada", matching=mention)

    assert count(read_up_to) == (602, 1)
    assert count(0) == (1602, 1)
    assert count(0, window=10) == (10, 0)  # only the newest ten are looked at
    assert count(stream.seq) == (0, 0)
    assert count(0, cache=LocalCache(tmp_path, history_per_channel=100)) == (100, 0)  # history kept
    assert reopened.count_newer("nowhere", 0, newest=500, other_than=None, matching=None) == (0, 0)


def _hidden(stream: Stream, shown: SyncEvent) -> SyncEvent:
    """What the server sends when the organizers hide a message: the same id and seq, no text."""
    data = dict(shown.data, body="", hidden=True)
    return stream.upsert(EventType.MESSAGE, data)


def _files_holding(folder: Path, text: str) -> list[Path]:
    needle = text.encode()
    escaped = orjson.dumps(text)[1:-1]  # as JSON writes it (accents escaped or not)
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and (needle in path.read_bytes() or escaped in path.read_bytes())
    ]


def test_a_hidden_message_replaces_the_cached_copy_in_every_chunk_file(
    tmp_path: Path, stream: Stream
) -> None:
    cache = LocalCache(tmp_path / "data", history_per_channel=1200)
    cache.apply(reset_batch(stream, messages_per_channel=0)[0])
    secret = "mon numéro de carte bleue est 4970 1234"
    older = [stream.message("city:lyon") for _ in range(3)]
    abuse = stream.message("city:lyon", author="troll", body=secret)
    cache.apply(stream.batch([*older, abuse]))
    # Enough after it that the message sits in the oldest of three chunk files (500 messages each).
    for _ in range(2):
        cache.apply(stream.batch([stream.message("city:lyon") for _ in range(500)]))
    chunks = list((cache.folder / "messages").iterdir())
    holding = _files_holding(cache.folder, secret)
    assert len(chunks) == 3 and len(holding) == 1
    inodes = {path: path.stat().st_ino for path in chunks}  # an atomic rewrite is a new file

    result = cache.apply(stream.batch([_hidden(stream, abuse)]))

    assert _files_holding(cache.folder, secret) == []
    rewritten = [path for path in chunks if path.stat().st_ino != inodes[path]]
    assert rewritten == holding, "only the chunk that held it is rewritten"
    shown = [m for m in cache.messages("city:lyon") if m.id == abuse.data["id"]]
    assert [(m.hidden, m.body, m.author) for m in shown] == [(True, "", "troll")]
    assert result.new_messages == {}, "a placeholder is no news"
    assert "messages" in result.changed_kinds


def test_a_hidden_message_in_the_newest_chunk_and_one_not_cached(tmp_path: Path, stream: Stream) -> None:
    cache = LocalCache(tmp_path / "data")
    cache.apply(reset_batch(stream, messages_per_channel=2)[0])
    secret = "insulte à ne pas garder"
    abuse = stream.message("all", author="troll", body=secret)
    cache.apply(stream.batch([abuse, stream.message("all")]))
    never_seen = stream.message("all", body="jamais reçu ici")  # not applied: this cache never held it
    before = [m.id for m in cache.messages("all")]

    result = cache.apply(stream.batch([_hidden(stream, abuse), _hidden(stream, never_seen)]))

    shown = {m.id: m for m in cache.messages("all")}
    assert list(shown) == before, "the unseen one is not added as a placeholder"
    abuse_id = abuse.data["id"]
    assert (shown[abuse_id].hidden, shown[abuse_id].body, shown[abuse_id].seq) == (True, "", abuse.seq)
    assert _files_holding(cache.folder, secret) == []
    assert result.new_messages == {}
    reopened = LocalCache(tmp_path / "data")
    assert reopened.messages("all")[-2].hidden is True
