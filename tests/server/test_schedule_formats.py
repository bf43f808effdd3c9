"""The schedule published as c3voc JSON and iCalendar, and imported back from both formats."""

from __future__ import annotations

import json
import re
import zoneinfo
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import icalendar
import jsonschema
import pytest
from fastapi import FastAPI

from nuittui.models import MessageCreate, ScheduleItemPublic, ScheduleItemUpdate
from nuittui.server.app import create_app
from nuittui.server.cli import main
from nuittui.server.store import SYSTEM, Store
from tests.sync.conftest import eventually, make_engine
from tests.sync.live import LiveServer

from .conftest import BASE_URL, JOIN_CODE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "event.toml"
SCHEMA = Path(__file__).parent / "c3voc" / "schema.json"
PRETALX = Path(__file__).parent / "c3voc" / "pretalx_export.json"


def _schema() -> dict[str, object]:
    # As published, the schema holds two `// TODO` comment lines, which JSON does not allow.
    text = "\n".join(line for line in SCHEMA.read_text().splitlines() if not line.strip().startswith("//"))
    return json.loads(text)


def _validator() -> jsonschema.Draft6Validator:
    """The published schema with its uuid, date and date-time formats checked.

    The schema marks an event's ``start`` as a date-time while frab and pretalx (and the schema's
    own `Day`/`date` fields) give it as ``HH:MM``: that field is checked against ``HH:MM`` below
    instead of the format.
    """
    checker = jsonschema.FormatChecker(formats=("uuid", "date"))
    return jsonschema.Draft6Validator(_schema(), format_checker=checker)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def edition_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database made from the example event file."""
    db = tmp_path / "nuit.db"
    code, _out, err = _run(capsys, "init", "--event", str(EXAMPLE), "--db", str(db), "--join-code", JOIN_CODE)
    assert code == 0, err
    return db


@pytest.fixture
async def edition_api(edition_db: Path) -> httpx.AsyncClient:
    app: FastAPI = create_app(db_path=edition_db)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as client,
    ):
        yield client


def _items(edition_db: Path, city: str | None = None) -> list[ScheduleItemPublic]:
    store = Store.open(edition_db)
    try:
        return store.schedule(city=city)
    finally:
        store.close()


def _is_iso(value: str) -> bool:
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


# ---- publishing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("city", [None, "lyon", "geneve"])
async def test_the_json_is_valid_against_the_c3voc_schema(
    edition_api: httpx.AsyncClient, edition_db: Path, city: str | None
) -> None:
    response = await edition_api.get("/v1/schedule.json", params={"city": city} if city else {})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    document = response.json()

    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(document)]
    assert errors == []
    conference = document["schedule"]["conference"]
    talks = [t for day in conference["days"] for room in day["rooms"].values() for t in room]
    assert sorted(t["id"] for t in talks) == sorted(i.id for i in _items(edition_db, city))
    for talk in talks:
        assert re.fullmatch(r"\d\d:\d\d", talk["start"]) and _is_iso(talk["date"])
    for day in conference["days"]:
        assert _is_iso(day["day_start"]) and _is_iso(day["day_end"])
    assert conference["time_zone_name"] == "Europe/Paris"


async def test_the_ics_holds_every_item_in_its_zone(edition_api: httpx.AsyncClient, edition_db: Path) -> None:
    whole = await edition_api.get("/v1/schedule.ics")
    lyon = await edition_api.get("/v1/schedule.ics", params={"city": "lyon"})
    assert whole.status_code == lyon.status_code == 200
    assert whole.headers["content-type"] == "text/calendar; charset=utf-8"

    for response, city in ((whole, None), (lyon, "lyon")):
        calendar = icalendar.Calendar.from_ical(response.content)
        events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        items = _items(edition_db, city)
        assert set(events) == {i.uid for i in items}
        zones = {str(z["tzid"]) for z in calendar.walk("VTIMEZONE")}
        for item in items:
            event = events[item.uid]
            start, end = event.decoded("dtstart"), event.decoded("dtend")
            assert (start, end) == (item.starts_at, item.ends_at)
            expected = {"bruxelles": "Europe/Brussels", "geneve": "Europe/Zurich"}.get(
                item.city or "", "Europe/Paris"
            )
            assert start.tzinfo == zoneinfo.ZoneInfo(expected) and expected in zones
            assert str(event["summary"]) == item.title
            assert [str(c) for c in event["categories"].cats] == [item.kind]
    cities = {
        str(e.get("location", "")).rpartition(", ")[2]
        for e in icalendar.Calendar.from_ical(lyon.content).walk("VEVENT")
    }
    assert cities <= {"", "Lyon"} | {i.room for i in _items(edition_db) if i.city is None}


async def test_a_cancelled_item_is_struck_out_in_the_ics_and_left_out_of_the_json(
    edition_api: httpx.AsyncClient, edition_db: Path
) -> None:
    item = next(i for i in _items(edition_db, "lyon") if i.city == "lyon")
    store = Store.open(edition_db)
    try:
        store.update_schedule_item(None, SYSTEM, item.id, ScheduleItemUpdate(cancelled=True))
    finally:
        store.close()

    calendar = icalendar.Calendar.from_ical((await edition_api.get("/v1/schedule.ics")).content)
    document = (await edition_api.get("/v1/schedule.json", params={"city": "lyon"})).json()

    statuses = {str(e["uid"]): str(e.get("status", "")) for e in calendar.walk("VEVENT")}
    assert statuses[item.uid] == "CANCELLED"
    assert {s for uid, s in statuses.items() if uid != item.uid} == {""}
    talks = [
        t for day in document["schedule"]["conference"]["days"] for r in day["rooms"].values() for t in r
    ]
    assert item.id not in {t["id"] for t in talks} and talks
    assert list(_validator().iter_errors(document)) == []


@pytest.mark.parametrize("path", ["/v1/schedule.json", "/v1/schedule.ics"])
async def test_etag_and_304_until_the_schedule_changes(
    edition_api: httpx.AsyncClient, edition_db: Path, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first = await edition_api.get(path, params={"city": "lyon"})
    etag = first.headers["etag"]
    same = await edition_api.get(path, params={"city": "lyon"}, headers={"If-None-Match": etag})
    other_city = await edition_api.get(path, params={"city": "geneve"}, headers={"If-None-Match": etag})
    store = Store.open(edition_db)
    try:  # a change elsewhere (a message) keeps the schedule's ETag
        store.create_user(handle="ada", display_name="Ada", city="lyon")
        store.post_message(None, store.actor("ada"), "all", MessageCreate(body="salut"))
    finally:
        store.close()
    after_message = await edition_api.get(path, params={"city": "lyon"}, headers={"If-None-Match": etag})
    edited = EXAMPLE.read_text(encoding="utf-8").replace('title = "Pizza de minuit"', 'title = "Pizza !"')
    (edition_db.parent / "edited.toml").write_text(edited, encoding="utf-8")
    assert _run(capsys, "import", str(edition_db.parent / "edited.toml"), "--db", str(edition_db))[0] == 0
    changed = await edition_api.get(path, params={"city": "lyon"}, headers={"If-None-Match": etag})
    unknown = await edition_api.get(path, params={"city": "paris"})

    assert first.status_code == 200 and etag.startswith('"')
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    assert other_city.status_code == 200
    assert after_message.status_code == 304
    assert changed.status_code == 200 and changed.headers["etag"] != etag and "Pizza !" in changed.text
    assert unknown.status_code == 404


async def test_both_are_public(edition_api: httpx.AsyncClient) -> None:
    for path in ("/v1/schedule.json", "/v1/schedule.ics"):
        assert (await edition_api.get(path)).status_code == 200  # no token


# ---- importing -----------------------------------------------------------------------------------


async def test_our_json_round_trips_through_our_import(
    edition_api: httpx.AsyncClient, edition_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = (await edition_api.get("/v1/schedule.json")).json()
    source = tmp_path / "schedule.json"
    source.write_text(json.dumps(published), encoding="utf-8")

    again = _run(capsys, "schedule", "import", str(source), "--db", str(edition_db))
    fresh = tmp_path / "fresh.db"
    assert _run(capsys, "init", "--event", str(EXAMPLE), "--db", str(fresh))[0] == 0
    store = Store.open(fresh)
    try:  # an empty schedule, to import into
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM schedule")
    finally:
        store.close()
    global_only = tmp_path / "global.json"
    global_items = [i for i in _items(edition_db) if i.city is None]
    for day in published["schedule"]["conference"]["days"]:  # the items for every city only
        day["rooms"] = {
            room: [t for t in talks if t["track"] is None] for room, talks in day["rooms"].items()
        }
    global_only.write_text(json.dumps(published), encoding="utf-8")
    into_fresh = _run(capsys, "schedule", "import", str(global_only), "--db", str(fresh))
    twice = _run(capsys, "schedule", "import", str(global_only), "--db", str(fresh))

    assert again[0] == 0
    # every city item is skipped, not moved: an import into the global schedule never takes one
    assert again[1].endswith("0 added, 0 updated, 15 unchanged, 9 skipped\n"), again[1]
    assert into_fresh[1].endswith(f"{len(global_items)} added, 0 updated, 0 unchanged, 0 skipped\n")
    assert twice[1].endswith(f"0 added, 0 updated, {len(global_items)} unchanged, 0 skipped\n")
    imported = _items(fresh)

    def shape(items: list[ScheduleItemPublic]) -> list[tuple[object, ...]]:
        return sorted((i.uid, i.title, i.description, i.starts_at, i.ends_at, i.room, i.kind) for i in items)

    assert shape(imported) == shape(global_items)


async def test_a_pretalx_export_imports_unedited_into_a_served_city_and_reaches_its_apps(
    edition_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = LiveServer(edition_db).start()
    engine = make_engine(live.url, live.register("camille", city="lyon"), "camille", tmp_path / "camille")
    await engine.start()
    try:
        await eventually(
            lambda: engine.state.status == "online" and len(engine.rows().table_rows("schedule")) > 0
        )
        first = _run(capsys, "schedule", "import", str(PRETALX), "--city", "lyon", "--db", str(edition_db))
        guids = set(re.findall(r'"guid": "([0-9a-f-]{36})"', PRETALX.read_text(encoding="utf-8")))

        def mine() -> dict[str, Mapping[str, Any]]:
            rows = engine.rows().table_rows("schedule").values()
            return {r["uid"]: r for r in rows if r.get("uid") in guids}

        # No API write meanwhile: the serving process publishes what the command committed.
        await eventually(lambda: len(mine()) == 3, within=10)
        again = _run(capsys, "schedule", "import", str(PRETALX), "--city", "lyon", "--db", str(edition_db))
        moved = tmp_path / "moved.json"
        moved.write_text(
            PRETALX.read_text(encoding="utf-8").replace('"Soudure de nuit"', '"Soudure de nuit (annulée ?)"'),
            encoding="utf-8",
        )
        third = _run(capsys, "schedule", "import", str(moved), "--city", "lyon", "--db", str(edition_db))
        await eventually(
            lambda: mine()["5d2e9c7a-1b3f-5e4d-8a6c-7f0b1e2d3c44"]["title"] == "Soudure de nuit (annulée ?)",
            within=10,
        )
    finally:
        await engine.aclose()
        live.stop()

    assert first[0] == again[0] == third[0] == 0
    assert first[1].splitlines() == [
        "skipped: Bilan trois mois après: comes after the event (2027-03-01T10:00:00+01:00)",
        f"imported {PRETALX} (frab/pretalx JSON) into lyon's schedule:"
        " 3 added, 0 updated, 0 unchanged, 1 skipped",
    ]
    assert again[1].splitlines()[-1].endswith("0 added, 0 updated, 3 unchanged, 1 skipped")
    assert third[1].splitlines()[-1].endswith("0 added, 1 updated, 2 unchanged, 1 skipped")
    items = {i.uid: i for i in _items(edition_db, "lyon") if i.uid in guids}
    assert len(items) == 3 and {i.city for i in items.values()} == {"lyon"}
    falc = items["3b4f1d8e-6a6b-5c71-9d60-2a9c6f1b8e11"]
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert (falc.title, falc.room, falc.kind) == ("Écrire pour tous : le FALC", "Salle Shadok", "talk")
    assert (falc.starts_at, falc.ends_at) == (
        datetime(2026, 3, 14, 16, tzinfo=paris),
        datetime(2026, 3, 14, 16, 45, tzinfo=paris),
    )
    assert falc.description == (
        "Le « facile à lire et à comprendre » en pratique.\n\nAvec des exemples tirés de sites publics."
    )
    night = items["5d2e9c7a-1b3f-5e4d-8a6c-7f0b1e2d3c44"]
    length = night.ends_at - night.starts_at
    assert (night.kind, night.room, length) == ("Workshop", "Atelier", timedelta(minutes=90))


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//test//FR
BEGIN:VEVENT
UID:atelier-1@example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Paris:20260314T160000
DTEND;TZID=Europe/Paris:20260314T170000
SUMMARY:Atelier cartographie
LOCATION:Salle 3
CATEGORIES:workshop
END:VEVENT
BEGIN:VEVENT
UID:soiree@example.org
DTSTAMP:20260101T000000Z
DTSTART:20260314T210000
DURATION:PT30M
SUMMARY:Soirée jeux
END:VEVENT
BEGIN:VEVENT
UID:trop-tard@example.org
DTSTAMP:20260101T000000Z
DTSTART:20260614T100000Z
DTEND:20260614T110000Z
SUMMARY:Trois mois après
END:VEVENT
BEGIN:VEVENT
UID:journee@example.org
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260314
SUMMARY:Toute la journée
END:VEVENT
END:VCALENDAR
"""


def test_an_ics_imports_into_a_city_skips_what_it_cannot_and_updates_on_reimport(
    edition_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "lyon.ics"
    source.write_text(ICS.replace("\n", "\r\n"), encoding="utf-8")

    first = _run(capsys, "schedule", "import", str(source), "--city", "lyon", "--db", str(edition_db))
    source.write_text(ICS.replace("Salle 3", "Salle 4").replace("\n", "\r\n"), encoding="utf-8")
    second = _run(capsys, "schedule", "import", str(source), "--city", "lyon", "--db", str(edition_db))
    unknown = _run(capsys, "schedule", "import", str(source), "--city", "paris", "--db", str(edition_db))

    assert first[0] == 0
    assert first[1].splitlines() == [
        "skipped: Toute la journée: an all-day event: it has no time",
        "skipped: Trois mois après: comes after the event (2026-06-14T10:00:00+00:00)",
        f"imported {source} (iCalendar) into lyon's schedule: 2 added, 0 updated, 0 unchanged, 2 skipped",
    ]
    assert second[1].splitlines()[-1].endswith("0 added, 1 updated, 1 unchanged, 2 skipped")
    mine = {i.uid: i for i in _items(edition_db, "lyon") if i.uid.endswith("@example.org")}
    assert set(mine) == {"atelier-1@example.org", "soiree@example.org"}
    atelier, soiree = mine["atelier-1@example.org"], mine["soiree@example.org"]
    assert (atelier.room, atelier.kind, atelier.city) == ("Salle 4", "workshop", "lyon")
    assert soiree.starts_at == datetime(2026, 3, 14, 21, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert (soiree.ends_at - soiree.starts_at).total_seconds() == 1800 and soiree.kind == "talk"
    assert unknown[0] == 1 and "unknown city 'paris'" in unknown[2]


def test_a_file_of_neither_format_is_one_line(
    edition_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("samedi : pizza\n", encoding="utf-8")
    code, _out, err = _run(capsys, "schedule", "import", str(source), "--db", str(edition_db))
    assert code == 1
    assert (
        err == f"nuit-server: error: {source} is neither a frab/pretalx schedule JSON nor an iCalendar file\n"
    )
