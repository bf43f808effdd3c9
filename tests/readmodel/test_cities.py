"""The cities' figures and latest updates, and the schedule's scopes and now/next, from a real cache."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from nuittui.cache import LocalCache, Outbox
from nuittui.cache.folder import CacheFolder
from nuittui.models import EventType, SwapStatus
from nuittui.readmodel.cities import LATEST_UPDATES, cities_view, city_figures
from nuittui.readmodel.schedule import now_next_view, schedule_view
from tests.cache.cache_builders import (
    T0,
    Stream,
    event,
    progress_update,
    project,
    reset_batch,
    schedule_item,
    swap,
    user,
)


def _cache(tmp_path: Path) -> LocalCache:
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    cache.apply(
        stream.batch(
            [
                stream.upsert(EventType.USER, user("ada", team=7)),
                stream.upsert(EventType.PROJECT, project(7, members=("ada",))),
                stream.upsert(EventType.PROGRESS, progress_update(900, 7, author="ada")),
                stream.upsert(EventType.SWAP, swap(800, claimed_by="ada", status=SwapStatus.CLAIMED)),
                stream.upsert(EventType.SWAP, swap(801, status=SwapStatus.RESOLVED)),
                stream.upsert(EventType.SWAP, swap(802, city="paris", claimed_by="ada", minutes=3)),
                stream.upsert(EventType.SCHEDULE, schedule_item(50, "Atelier Paris", 25, city="paris")),
                stream.upsert(EventType.SCHEDULE, schedule_item(51, "Atelier Lyon", 25, city="lyon")),
                stream.upsert(EventType.SCHEDULE, schedule_item(52, "Ouverture", 25)),
            ]
        )
    )
    return cache


def test_the_figures_follow_the_servers_rule(tmp_path: Path) -> None:
    cache = _cache(tmp_path)

    figures = city_figures(CacheFolder(tmp_path))

    # the contract's own computation, on the same cache: one rule, the same figures
    assert [f._asdict() for f in figures] == [c.model_dump(mode="json") for c in cache.city_progress()]
    lyon = next(f for f in figures if f.city == "lyon")
    assert lyon.name == "Lyon" and lyon.median_minutes_to_claim == 7 and lyon.swaps_resolved >= 1


def test_the_cities_board_shows_my_city_and_the_latest_updates(tmp_path: Path) -> None:
    _cache(tmp_path)
    outbox = Outbox.in_folder(tmp_path)
    outbox.enqueue("me.update", "PATCH", "/v1/me", {"city": "paris"}, summary="Update my profile")

    view = cities_view(CacheFolder(tmp_path), "ada", outbox.pending())

    assert view.my_city == "paris"  # my queued move shows at once
    assert view.zone == event().timezone and view.cities["lyon"] == "Lyon"
    assert view.updates[0].id == 900 and view.teams[7].startswith("Projet 7")
    assert [u.created_at for u in view.updates] == sorted((u.created_at for u in view.updates), reverse=True)
    assert len(view.updates) <= LATEST_UPDATES


def test_the_schedule_scopes_and_now_next(tmp_path: Path) -> None:
    _cache(tmp_path)
    rows = CacheFolder(tmp_path)

    def titles(scope: str) -> list[str]:
        return [
            line.title
            for line in schedule_view(rows, "ada", [], scope).lines
            if line.starts_at == T0 + timedelta(hours=25)
        ]

    assert titles("my_city") == ["Ouverture", "Atelier Lyon"]  # everyone's first at the same time
    assert titles("global") == ["Ouverture"]
    assert titles("all") == ["Ouverture", "Atelier Paris", "Atelier Lyon"]

    at = now_next_view(rows, "ada", [], T0 + timedelta(hours=25, minutes=30))
    assert at.city == "lyon" and at.zone == "Europe/Paris"
    assert {line.title for line in at.now} == {"Atelier Lyon", "Ouverture"}
    assert "Atelier Paris" not in {line.title for line in at.lines}
    assert at.jury_at == event().jury_at and at.until_jury is not None and at.until_jury > timedelta(0)
    assert now_next_view(rows, None, [], T0).city is None  # not signed in: every city's items
    assert "Atelier Paris" in {line.title for line in now_next_view(rows, None, [], T0).lines}
