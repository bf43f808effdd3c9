"""The read model of the organizers' live changes: what a schedule change says (one rule for every
view), cancelled items off now/next, and Home's announcement banner from stored rows."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from nuittui.cache import LocalCache
from nuittui.cache.folder import CacheFolder
from nuittui.i18n import set_language
from nuittui.models import EventType, MessagePublic, SyncEvent
from nuittui.readmodel.home import home_view
from nuittui.readmodel.schedule import change_alert, change_note, now_and_next, schedule_lines
from tests.cache.cache_builders import T0, Stream, project, reset_batch, schedule_item, user

PARIS = ZoneInfo("Europe/Paris")


def _row(item_id: int, title: str, hour: int, **changes: object) -> dict[str, object]:
    return {**schedule_item(item_id, title, hour).model_dump(mode="json"), **changes}


def test_a_change_is_said_the_same_way_everywhere() -> None:
    moved = _row(
        1,
        "Jury",
        6,
        previous_starts_at=(T0 + timedelta(hours=5, minutes=30)).isoformat(),
        changed_fields=["starts_at", "ends_at"],
        changed_at=T0.isoformat(),
    )
    room = _row(2, "Atelier", 7, changed_fields=["room", "title"], changed_at=T0.isoformat())
    both = {**moved, "changed_fields": ["room"]}  # moved earlier, then its room changed
    cancelled = _row(3, "Quiz", 8, cancelled=True, changed_fields=["cancelled"], changed_at=T0.isoformat())
    plain = _row(4, "Dîner", 9)

    lines = {line.title: line for line in schedule_lines([moved, room, cancelled, plain])}

    assert change_note(moved, PARIS) == "moved from 14:30"  # 13:30 UTC, shown in the event's zone
    assert lines["Jury"].change(PARIS) == "moved from 14:30"  # the line says the same as the row
    assert change_note(room, PARIS) == "changed: room, title"
    assert change_note(both, PARIS) == "moved from 14:30; changed: room"
    assert lines["Quiz"].change(UTC) == change_note(cancelled, UTC) == "cancelled"
    assert lines["Dîner"].change(PARIS) is None
    set_language("fr")
    try:
        assert change_note(room, PARIS) == "modifié : salle, titre"
        assert change_alert("Jury", False, T0, T0 + timedelta(minutes=30), PARIS) == (
            "Jury : déplacé de 09:00 à 09:30"
        )
    finally:
        set_language("en")
    assert (
        change_alert("Jury", False, T0, T0 + timedelta(minutes=30), PARIS) == "Jury moved from 09:00 to 09:30"
    )
    assert change_alert("Quiz", True, None, T0, PARIS) == "Quiz cancelled"
    assert change_alert("Atelier", False, None, T0, PARIS) is None  # a room change is no alert


def test_a_cancelled_item_is_never_now_nor_next() -> None:
    rows = [
        _row(1, "Ouverture", 0, cancelled=True),
        _row(2, "Café", 0),
        _row(3, "Atelier", 2, cancelled=True),
        _row(4, "Dîner", 4),
    ]
    moment = T0 + timedelta(minutes=30)

    lines = schedule_lines(rows)
    current, upcoming = now_and_next(lines, moment)
    raw_current, raw_next = now_and_next(
        rows, moment, start=lambda r: T0 + timedelta(hours=0), end=lambda r: T0 + timedelta(hours=1)
    )

    assert [line.title for line in lines] == ["Ouverture", "Café", "Atelier", "Dîner"]  # still listed
    assert [line.title for line in current] == ["Café"]
    assert upcoming is not None and upcoming.title == "Dîner"
    assert [r["title"] for r in raw_current] == ["Café", "Dîner"] and raw_next is None  # rows too


def _message(stream: Stream, channel: str, author: str, body: str, **flags: bool):
    stream.message_id += 1
    created = T0 + timedelta(hours=12, seconds=stream.seq)
    message = MessagePublic(
        id=stream.message_id,
        channel=channel,
        author=author,
        body=body,
        created_at=created,
        seq=stream.seq + 1,
        **flags,
    )
    return stream.upsert(EventType.MESSAGE, message)


def test_home_shows_the_newest_announcement_to_me_until_dismissed(tmp_path: Path) -> None:
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    events = [
        stream.upsert(EventType.USER, user("ada", "lyon", team=None)),
        _message(stream, "all", "chef", "Bienvenue à tous", announcement=True),
        _message(stream, "city:lyon", "lea", "Pizzas   en\nsalle 2", announcement=True),
        _message(stream, "city:paris", "paul", "Pizzas à Paris", announcement=True),  # another city
        _message(stream, "all", "hugo", "pas une annonce"),
        _message(stream, "all", "ada", "la mienne", announcement=True),  # mine: not news to me
    ]
    cache.apply(stream.batch(events))
    rows = CacheFolder(tmp_path)

    view = home_view(rows, "ada", [], {})
    assert view.announcement is not None
    assert (view.announcement.author, view.announcement.channel) == ("lea", "city:lyon")
    assert view.announcement.excerpt == "Pizzas en salle 2"  # one line
    assert view.announcement.more == 1  # "Bienvenue à tous"; Paris' does not count

    dismissed = home_view(rows, "ada", [], {}, dismissed=view.announcement.seq)
    assert dismissed.announcement is None

    hidden = _message(stream, "all", "chef", "", announcement=True, hidden=True)
    newer = _message(stream, "all", "chef", "Jury à 14 h 30 " + "x" * 300, announcement=True)
    cache.apply(stream.batch([hidden, newer]))
    again = home_view(CacheFolder(tmp_path), "ada", [], {}, dismissed=view.announcement.seq)
    assert again.announcement is not None and again.announcement.more == 0  # the hidden one is no news
    assert again.announcement.excerpt.startswith("Jury à 14 h 30") and again.announcement.excerpt.endswith(
        "…"
    )
    assert home_view(CacheFolder(tmp_path), None, [], {}).announcement is None  # not signed in


def test_a_hidden_message_of_my_team_is_marked_on_home(tmp_path: Path) -> None:
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    first = _message(stream, "team:7", "hugo", "mon mot de passe : hunter2")
    cache.apply(
        stream.batch(
            [
                stream.upsert(EventType.USER, user("ada", "lyon", team=7)),
                stream.upsert(EventType.PROJECT, project(7, members=("ada", "hugo"))),
                first,
                _message(stream, "team:7", "hugo", "oubliez ça"),
            ]
        )
    )
    hidden = MessagePublic.model_validate({**first.data, "body": "", "hidden": True})
    stream.seq += 1
    cache.apply(
        stream.batch([SyncEvent(seq=stream.seq, type=EventType.MESSAGE, data=hidden.model_dump(mode="json"))])
    )

    view = home_view(CacheFolder(tmp_path), "ada", [], {})

    assert view.team is not None
    assert [(m.body, m.hidden) for m in view.team.chat] == [("", True), ("oubliez ça", False)]
