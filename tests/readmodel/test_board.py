"""The swap board and a swap's detail projected from a real cache: rows, filters, pending, may/why."""

from __future__ import annotations

from pathlib import Path

import pytest

from nuittui.cache import LocalCache, Outbox
from nuittui.cache.folder import CacheFolder
from nuittui.i18n import set_language
from nuittui.models import EventType, SwapStatus
from nuittui.readmodel.board import ACTIONS, BoardFilters, board_view, may_act, swap_detail
from tests.cache.cache_builders import Stream, reset_batch, swap, user


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A cache (with the snapshot's swaps 1 to 3) where ada (Lyon, skills python and cartographie)
    asked 800, helps on zoe's 804, and hugo and zoe asked others."""
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    hugo_claimed = swap(800, author="ada", claimed_by="hugo", status=SwapStatus.CLAIMED, minutes=1)
    cache.apply(
        stream.batch(
            [
                stream.upsert(EventType.USER, user("ada", team=7)),
                stream.upsert(EventType.SWAP, hugo_claimed),
                stream.upsert(EventType.SWAP, swap(801, author="hugo", tags=("cartographie",), minutes=5)),
                stream.upsert(
                    EventType.SWAP, swap(802, author="hugo", status=SwapStatus.RESOLVED, minutes=3)
                ),
                stream.upsert(
                    EventType.SWAP, swap(803, author="zoe", city="paris", tags=("python", "sql"), minutes=4)
                ),
                stream.upsert(
                    EventType.SWAP,
                    swap(804, author="zoe", claimed_by="ada", status=SwapStatus.CLAIMED, tags=("rust",)),
                ),
            ]
        )
    )
    return tmp_path


def test_the_board_shows_every_swap_newest_first_with_what_each_row_says(folder: Path) -> None:
    view = board_view(CacheFolder(folder), "ada", [])

    assert [s.id for s in view.swaps if s.id >= 800] == [801, 803, 802, 800, 804]
    row = next(s for s in view.swaps if s.id == 803)
    assert (row.status_label, row.city_name, row.author, row.tags) == (
        "open",
        "Paris",
        "zoe",
        ("python", "sql"),
    )
    assert row.matches_skills and not row.mine and not row.helping
    mine = next(s for s in view.swaps if s.id == 800)
    assert mine.mine and mine.claimed_by == "hugo" and mine.author_name == "Ada"
    assert view.tags == ("cartographie", "postgis", "python", "rust", "sql")
    assert ("lyon", "Lyon") in view.cities and view.zone == "Europe/Paris"


def test_the_filters_of_the_board_and_of_swap_list(folder: Path) -> None:
    view = board_view(CacheFolder(folder), "ada", [])

    def ids(**filters: object) -> list[int]:
        return [s.id for s in view.shown(BoardFilters(**filters)) if s.id >= 800]  # type: ignore[arg-type]

    assert ids(status="active") == [801, 803, 800, 804]
    assert ids(status="resolved") == [802]
    assert [s.id for s in view.shown(BoardFilters(status="claimed"))] == [800, 804, 2]
    assert ids(status="active", city="paris") == [803]
    assert ids(tag="python") == [803, 802, 800]
    assert ids(author="hugo") == [801, 802]
    assert ids(status="active", mine=True) == [800, 804]  # asked, or helping on
    assert ids(claimed_by_me=True) == [804]
    assert ids(status="active", skills=True) == [801, 803, 800]  # python or cartographie: a tag
    assert ids(status="pending") == []
    assert board_view(CacheFolder(folder), None, []).shown(BoardFilters(mine=True)) == ()


def test_my_swaps_still_in_the_outbox_are_their_own_field(folder: Path) -> None:
    outbox = Outbox.in_folder(folder)
    outbox.enqueue(
        "swap.create", "POST", "/v1/swaps", {"title": "Wifi\x1b[2J", "tags": ["réseau"]}, summary="New swap"
    )
    outbox.enqueue("swap.claim", "POST", "/v1/swaps/801/claim", None, summary="Claim swap #801")

    view = board_view(CacheFolder(folder), "ada", outbox.pending())

    assert [(p.title, p.tags) for p in view.pending] == [("Wifi[2J", ("réseau",))]
    assert len(view.swaps) == 8 and "Wifi[2J" not in {s.title for s in view.swaps}  # never mixed in
    assert len(view.pending_shown(BoardFilters())) == 1
    assert len(view.pending_shown(BoardFilters(status="pending", city="lyon", tag="réseau"))) == 1
    assert view.pending_shown(BoardFilters(status="open")) == ()
    assert view.pending_shown(BoardFilters(city="paris")) == ()
    assert view.pending_shown(BoardFilters(author="zoe")) == ()


def test_what_i_may_do_on_a_swap_and_why_not(folder: Path) -> None:
    rows = CacheFolder(folder)

    mine = swap_detail(rows, "ada", [], 800)
    assert mine.allowed == {"resolve", "cancel", "reopen"}
    assert mine.why_not["claim"] == "This is your own swap: someone else claims it to help you."
    assert mine.why_not["release"] == "Only its helper, @hugo, can release it."

    # One claim at a time: I help on 804, so I may not claim 801.
    other = swap_detail(rows, "ada", [], 801)
    assert other.allowed == frozenset()
    assert other.why_not["claim"] == "You already help on swap #804: release it first (one claim at a time)."
    assert other.why_not["resolve"] == "Only its author, @hugo, can resolve it."
    assert other.why_not["release"] == "Nobody has claimed this swap: there is nothing to release."

    helping = swap_detail(rows, "ada", [], 804)
    assert helping.allowed == {"release"} and helping.why_not["claim"] == "You are already helping on it."
    assert (helping.helper_name, helping.helper_city) == ("Ada", "Lyon")  # who is coming, from where

    resolved = swap_detail(rows, "ada", [], 802)
    assert resolved.why_not["claim"] == "This swap is resolved: there is nothing to claim."
    assert swap_detail(rows, "emma-lyon", [], 801).allowed == {"claim"}

    signed_out = swap_detail(rows, None, [], 801)
    assert signed_out.allowed == frozenset() and set(signed_out.why_not) == set(ACTIONS)
    assert signed_out.why_not["claim"] == "Not signed in."
    assert swap_detail(rows, "ada", [], 9999).swap is None


def test_an_action_waiting_in_the_outbox_holds_the_others(folder: Path) -> None:
    outbox = Outbox.in_folder(folder)
    outbox.enqueue("swap.release", "POST", "/v1/swaps/804/release", None, summary="Release swap #804")

    detail = swap_detail(CacheFolder(folder), "ada", outbox.pending(), 804)

    assert detail.waiting == ("Release swap #804",)
    assert detail.allowed == frozenset()
    assert detail.why_not["claim"] == "Waiting for the server to answer your last action on this swap."


def test_the_rules_follow_the_language(folder: Path) -> None:
    rows = CacheFolder(folder)
    theirs = next(s for s in board_view(rows, "ada", []).swaps if s.id == 801)
    set_language("fr")
    try:
        allowed, why = may_act(theirs._replace(status="cancelled"), "ada")
    finally:
        set_language("en")
    assert allowed == frozenset()
    assert why["claim"] == "Ce swap est annulé : il n'y a rien à prendre."
    assert why["reopen"] == "Seul·e son auteur·ice, @hugo, peut le rouvrir."
