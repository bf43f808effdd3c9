"""The read model on a real cache: each display rule once, and Home projected from stored rows."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from nuittui.cache import LocalCache, Outbox
from nuittui.cache.folder import CacheFolder
from nuittui.i18n import set_language
from nuittui.models import EventType, SwapStatus
from nuittui.readmodel.home import home_view
from nuittui.readmodel.rules import city_names, is_mention, safe, status_label, who_line
from nuittui.readmodel.schedule import now_and_next, schedule_lines
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


@pytest.mark.parametrize(
    ("body", "mentioned"),
    [
        ("@alice regarde", True),
        ("merci @Alice !", True),
        ("(@alice)", True),
        ("x-@alice", False),  # inside a word: highlighted nowhere, counted nowhere
        ("mail alice@alice.fr", False),
        ("@alice-2 et @alices", False),
        ("a.@alice", False),
    ],
)
def test_a_mention_is_one_rule(body: str, mentioned: bool) -> None:
    assert is_mention(body, "alice") is mentioned


def test_what_never_reaches_a_terminal() -> None:
    assert safe("a\x1b[31mb\u202ec\x07d\r\ne\tf") == "a[31mbcd\ne\tf"


def test_status_labels_follow_the_language() -> None:
    set_language("fr")
    try:
        assert [status_label(s) for s in ("open", "claimed", "pending", "??")] == [
            "ouvert",
            "pris",
            "en attente",
            "??",
        ]
    finally:
        set_language("en")
    assert status_label("cancelled") == "cancelled"


def test_city_names_and_who_line_bear_odd_rows() -> None:
    names = city_names({"cities": [{"id": "lyon", "name": "Lyon"}, {"id": 3}, "x", {"id": "gap"}]})
    assert names == {"lyon": "Lyon", "gap": "gap"}
    assert city_names(None) == {} and city_names({"cities": "nope"}) == {}
    assert who_line("ada", "lyon", names) == "@ada · Lyon" and who_line("ada", None, names) == "@ada"


def test_now_and_next_latest_started_first_then_the_next() -> None:
    rows = [
        schedule_item(1, "Ouverture", 0).model_dump(mode="json"),
        schedule_item(2, "Atelier Lyon", 1, city="lyon").model_dump(mode="json"),
        schedule_item(3, "Atelier Paris", 1, city="paris").model_dump(mode="json"),
        {
            **schedule_item(4, "Long", 0).model_dump(mode="json"),
            "ends_at": (T0 + timedelta(hours=9)).isoformat(),
        },
        schedule_item(5, "Dîner", 4).model_dump(mode="json"),
        {"id": "bad", "title": "no id"},
    ]
    lines = schedule_lines(rows, city="lyon")
    current, upcoming = now_and_next(lines, T0 + timedelta(hours=1, minutes=30))

    assert [line.title for line in lines] == ["Ouverture", "Long", "Atelier Lyon", "Dîner"]
    assert [line.title for line in current] == ["Atelier Lyon", "Long"]
    assert upcoming is not None and upcoming.title == "Dîner"


def test_home_is_projected_from_the_stored_rows_and_the_outbox(tmp_path: Path) -> None:
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    cache.apply(
        stream.batch(
            [
                stream.upsert(EventType.USER, user("ada", team=7)),
                stream.upsert(EventType.PROJECT, project(7, members=("ada", "hugo"))),
                stream.upsert(EventType.PROGRESS, progress_update(900, 7)),
                stream.upsert(
                    EventType.SWAP, swap(800, author="ada", claimed_by="hugo", status=SwapStatus.CLAIMED)
                ),
                stream.upsert(EventType.SWAP, swap(801, author="hugo", tags=("cartographie",), minutes=5)),
                stream.upsert(EventType.SWAP, swap(802, author="hugo", status=SwapStatus.RESOLVED)),
                stream.message("team:7", author="hugo", body="on déploie ce soir"),
                stream.message("city:lyon", author="hugo", body="@ada tu peux relire ?"),
                stream.message("city:lyon", author="hugo", body="x-@ada pas une mention"),
            ]
        )
    )
    outbox = Outbox.in_folder(tmp_path)
    outbox.enqueue("swap.create", "POST", "/v1/swaps", {"title": "En attente\x1b[2J"}, summary="New swap")
    outbox.enqueue("me.update", "PATCH", "/v1/me", {"city": "paris"}, summary="Update my profile")

    view = home_view(CacheFolder(tmp_path), "ada", outbox.pending(), {})

    assert view.signed_in and view.who == "@ada · Paris"  # my queued profile update shows at once
    assert view.zone == event().timezone and view.jury_at == event().jury_at
    assert view.team is not None and view.team.members == "Ada, Hugo" and view.team.latest is not None
    assert [m.body for m in view.team.chat] == ["on déploie ce soir"]
    assert [(s.kind, s.status) for s in view.swaps] == [("pending", "pending"), ("mine", "claimed")]
    assert view.swaps[0].title == "En attente[2J"
    assert view.could_help[0] == "Bug 801: la migration Alembic échoue"  # open, matches my skills, newest
    assert not {"Bug 800: la migration Alembic échoue", "Bug 802: la migration Alembic échoue"} & set(
        view.could_help
    )  # mine, and a resolved one
    assert [(m.channel, m.excerpt) for m in view.mentions] == [("city:lyon", "@ada tu peux relire ?")]
    assert all(line.city in (None, "paris") for line in view.schedule)
