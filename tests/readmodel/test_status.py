"""The status line is a read-model projection: Home's rules on the same cache, read through the cache
or straight from its files by the shell's fast path."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from nuittui.cache import LocalCache, Outbox
from nuittui.cache.folder import CacheFolder
from nuittui.models import EventType, MessagePublic, SwapStatus, SyncEvent
from nuittui.readmodel.home import home_view
from nuittui.readmodel.status import status_view
from nuittui.shell.lean.rows import LeanRows
from nuittui.shell.lean.statusline import gather, render
from nuittui.sync.markers import READ_FILE, dismiss_announcements, write_json, write_posted
from tests.cache.cache_builders import T0, Stream, reset_batch, schedule_item, swap, user


def _said(stream: Stream, channel: str, author: str, body: str, **flags: bool) -> SyncEvent:
    stream.message_id += 1
    message = MessagePublic(
        id=stream.message_id,
        channel=channel,
        author=author,
        body=body,
        created_at=T0 + timedelta(hours=12, seconds=stream.seq),
        seq=stream.seq + 1,
        **flags,
    )
    return stream.upsert(EventType.MESSAGE, message)


def _cache(folder: Path) -> tuple[LocalCache, Stream]:
    stream = Stream()
    cache = LocalCache(folder)
    cache.apply(reset_batch(stream)[0])
    cache.apply(stream.batch([stream.upsert(EventType.USER, user("ada", "lyon"))]))
    return cache, stream


def test_the_status_line_and_home_agree_on_announcements_and_mentions(tmp_path: Path) -> None:
    cache, stream = _cache(tmp_path)
    cache.apply(
        stream.batch(
            [
                _said(stream, "all", "chef", "Bienvenue à tous", announcement=True),
                _said(stream, "city:lyon", "lea", "@ada les pizzas sont là", announcement=True),
                _said(stream, "city:paris", "paul", "Pizzas à Paris", announcement=True),  # not my city
                _said(stream, "all", "ada", "la mienne", announcement=True),  # mine
                _said(stream, "all", "chef", "retirée", announcement=True, hidden=True),
                _said(stream, "team:1", "hugo", "@ada tu relis ?"),
                _said(stream, "team:1", "hugo", "x-@ada pas une mention"),
                _said(stream, "swap:2", "hugo", "@Ada c'est réglé"),
                _said(stream, "swap:2", "ada", "merci @ada"),  # mine: never a mention
                _said(stream, "city:paris", "paul", "@ada lu déjà"),
            ]
        )
    )
    read_up_to = {"city:paris": stream.seq}
    write_json(tmp_path / READ_FILE, read_up_to)
    moment = T0 + timedelta(hours=1, minutes=30)

    home = home_view(CacheFolder(tmp_path), "ada", [], read_up_to)
    status = status_view(CacheFolder(tmp_path), "ada", [], read_up_to, 0, moment)
    lean = gather(tmp_path, "ada", "lyon", now=moment)  # the shell's fast path, from the files alone

    assert home.announcement is not None
    assert status.announcements == lean.announcements == home.announcement.more + 1 == 2
    assert status.announcement is not None and lean.announcement is not None
    assert status.announcement.seq == lean.announcement.seq == home.announcement.seq
    assert lean.announcement.body == "@ada les pizzas sont là"
    assert status.mentions == lean.mentions == len(home.mentions) == 3
    assert render(lean, now=moment).startswith("@3 · 📣2 · ")

    dismiss_announcements(tmp_path, home.announcement.seq)  # Home's x
    assert gather(tmp_path, "ada", "lyon", now=moment).announcements == 0
    assert home_view(CacheFolder(tmp_path), "ada", [], read_up_to, dismissed=status.announcement.seq) == (
        home._replace(announcement=None)
    )


def test_the_status_line_shows_my_swaps_and_what_is_on_for_my_city(tmp_path: Path) -> None:
    cache, stream = _cache(tmp_path)
    cache.apply(
        stream.batch(
            [
                stream.upsert(
                    EventType.SWAP, swap(800, author="ada", claimed_by="hugo", status=SwapStatus.CLAIMED)
                ),
                stream.upsert(EventType.SWAP, swap(801, author="ada", status=SwapStatus.RESOLVED, minutes=9)),
                stream.upsert(
                    EventType.SWAP, swap(802, author="hugo", claimed_by="ada", status=SwapStatus.CLAIMED)
                ),
                stream.upsert(EventType.SCHEDULE, schedule_item(10, "Atelier Paris", 1, city="paris")),
            ]
        )
    )
    moment = T0 + timedelta(hours=1, minutes=30)  # "Présentation des thèmes" (global) is on, 1 h - 2 h

    view = gather(tmp_path, "ada", "lyon", now=moment)

    assert view.my_swap is not None and (view.my_swap.id, view.my_swap.claimed_by) == (800, "hugo")
    assert view.helping is not None and view.helping.id == 802
    assert [line.title for line in view.now] == ["Présentation des thèmes"]  # not Paris's workshop
    assert view.next is not None and view.next.title == "Visite des salles, Lyon"  # my city's
    assert render(view, now=moment) == "swap #800 ← hugo · helping #802 · ▸ 11:00 Visite des salles, Lyon"

    outbox = Outbox.in_folder(tmp_path)
    outbox.enqueue("me.update", "PATCH", "/v1/me", {"city": "paris"}, summary="Update my profile")
    outbox.enqueue("swap.create", "POST", "/v1/swaps", {"title": "En attente"}, summary="New swap")
    moved = gather(tmp_path, "ada", "lyon", now=moment)

    assert [line.title for line in moved.now] == ["Présentation des thèmes", "Atelier Paris"]
    assert moved.next is not None and moved.next.title == "Jury"  # my queued move to Paris, as on Home
    assert (moved.queued, moved.pending_swaps) == (2, 1)
    assert moved.next_row is not None and moved.next_row["title"] == "Jury"  # the stored row, for --json


def test_a_swap_just_posted_by_the_fast_path_is_mine_until_the_cache_holds_it(tmp_path: Path) -> None:
    _cache(tmp_path)
    write_posted(tmp_path, {"id": 42, "title": "Ça plante", "status": "open", "author": "ada"})

    view = gather(tmp_path, "ada", "lyon", now=T0)
    someone_else = gather(tmp_path, "hugo", "lyon", now=T0)

    assert view.my_swap is not None and (view.my_swap.id, view.my_swap.status) == (42, "open")
    assert render(view, now=T0).startswith("swap #42 open")
    assert someone_else.my_swap is None


def test_before_any_sync_and_over_damaged_files_the_line_says_less(tmp_path: Path) -> None:
    assert render(gather(tmp_path, "ada", "lyon", now=T0), now=T0) == "not synced yet"

    _cache(tmp_path)
    rows = LeanRows(tmp_path)
    for name in rows.state.tables.values():
        (tmp_path / "tables" / name).write_text("{half a file")
    for refs in rows.state.channels.values():
        for ref in refs:
            (tmp_path / "messages" / ref.file).write_text("[]")

    view = gather(tmp_path, "ada", "lyon", now=T0)

    assert view.synced and view.my_swap is None and view.next is None and view.mentions == 0
    assert render(view, now=T0) == ""  # nothing to say, and no traceback
