"""The event file: the example round-trips, broken files are reported like a compiler, imports apply."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from nuittui.models import EventPublic, ProjectPublic, ScheduleItemPublic
from nuittui.readmodel.projects import ProjectDetail, project_detail
from nuittui.readmodel.schedule import schedule_view
from nuittui.server.cli import main
from nuittui.server.store import Store
from nuittui.sync import SyncEngine
from tests.sync.conftest import eventually, make_engine
from tests.sync.live import LiveServer

from .conftest import JOIN_CODE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "event.toml"
CORPUS = Path(__file__).parent / "eventfiles"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _init(capsys: pytest.CaptureFixture[str], source: Path, db: Path) -> None:
    code, _out, err = _run(capsys, "init", "--event", str(source), "--db", str(db), "--join-code", JOIN_CODE)
    assert code == 0, err


# ---- the example ---------------------------------------------------------------------------------


async def test_the_example_round_trips_through_init_and_the_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nuit.db"
    _init(capsys, EXAMPLE, db)
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    live = LiveServer(db).start()
    try:
        token = live.register("camille", city="lyon")
        async with httpx.AsyncClient(base_url=live.url, headers={"Authorization": f"Bearer {token}"}) as api:
            event = EventPublic.model_validate((await api.get("/v1/event")).json())
            projects = [ProjectPublic.model_validate(p) for p in (await api.get("/v1/projects")).json()]
            items = [ScheduleItemPublic.model_validate(i) for i in (await api.get("/v1/schedule")).json()]
    finally:
        live.stop()

    wanted = raw["event"]
    assert (event.name, event.timezone) == (wanted["name"], wanted["timezone"])
    assert (event.starts_at, event.ends_at, event.jury_at) == (
        wanted["starts_at"],
        wanted["ends_at"],
        wanted["jury_at"],
    )
    assert [(c.id, c.name, c.country, c.venue, c.timezone) for c in event.cities] == [
        (c["id"], c["name"], c.get("country", "France"), c.get("venue", ""), c.get("timezone"))
        for c in raw["cities"]
    ]
    assert [(t.id, t.name, t.description) for t in event.themes] == [
        (t["id"], t["name"], t.get("description", "")) for t in raw["themes"]
    ]
    assert len(raw["projects"]) == 12 and len(event.cities) == 3
    assert [
        (p.title, p.summary, p.theme, p.city, p.brought_by, p.skills_needed, p.max_team_size, p.links)
        for p in projects
    ] == [
        (
            p["title"],
            p.get("summary", ""),
            p["theme"],
            p["city"],
            p["brought_by"],
            p.get("skills", []),
            p.get("team_size", 8),
            p.get("links", []),
        )
        for p in raw["projects"]
    ]
    assert projects[0].description == raw["projects"][0]["description"].strip("\n")

    def key(start: datetime, title: str, city: str | None) -> tuple[datetime, str, str | None]:
        return (start, title, city)

    from_file = [
        (
            key(i["starts_at"], i["title"], i.get("city")),
            i["ends_at"],
            i.get("kind", "talk"),
            i.get("room", ""),
        )
        for i in raw["schedule"]
    ] + [
        (key(j["starts_at"], j["title"], j["city"]), j["ends_at"], "jury", j.get("room", ""))
        for j in raw["jury"]
    ]
    served = [(key(i.starts_at, i.title, i.city), i.ends_at, i.kind, i.room) for i in items]
    assert sorted(served) == sorted(from_file)
    assert "midnight pizza" in {i.kind for i in items}


def test_the_example_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "check", str(EXAMPLE))
    assert code == 0 and err == ""
    assert out.endswith(
        "ok — Nuit du Code Citoyen 2026: 3 cities, 6 themes, 12 projects, 24 schedule items\n"
    )


# ---- broken files --------------------------------------------------------------------------------


@pytest.mark.parametrize("broken", sorted(CORPUS.glob("*.toml")), ids=lambda p: p.stem)
def test_a_broken_file_lists_every_problem_at_its_line(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = (CORPUS / f"{broken.stem}.expected").read_text(encoding="utf-8").splitlines()

    code, out, err = _run(capsys, "check", str(broken))
    init = _run(capsys, "init", "--event", str(broken), "--db", str(tmp_path / "x.db"))

    lines = err.splitlines()
    assert code == 1 and out == ""
    assert [line.replace(f"{broken.parent}/", "") for line in lines[:-1]] == expected
    assert lines[-1] == f"nuit-server: error: {broken}: {len(expected)} problem{'s' * (len(expected) > 1)}"
    assert init[0] == 1 and init[2].splitlines()[:-1] == lines[:-1]
    assert not (tmp_path / "x.db").exists()


def test_an_unreadable_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "check", str(tmp_path / "absent.toml"))
    assert (
        code == 1
        and err == f"nuit-server: error: cannot read {tmp_path / 'absent.toml'}: No such file or directory\n"
    )


# ---- import --------------------------------------------------------------------------------------


def _edited(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "edited.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_the_same_file_twice_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nuit.db"
    _init(capsys, EXAMPLE, db)
    store = Store.open(db)
    before = store.counts()
    store.close()

    first = _run(capsys, "import", str(EXAMPLE), "--db", str(db))
    second = _run(capsys, "import", str(EXAMPLE), "--db", str(db))

    store = Store.open(db)
    after = store.counts()
    store.close()
    assert first[0] == second[0] == 0
    assert first[1] == second[1] == "nothing to change\n"
    assert after == before  # not even an event in the sync log


def test_dry_run_prints_the_changes_and_makes_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nuit.db"
    _init(capsys, EXAMPLE, db)
    edited = _edited(tmp_path, ('title = "Pizza de minuit"', 'title = "Pizza de minuit (végé)"'))

    dry = _run(capsys, "import", str(edited), "--db", str(db), "--dry-run")
    again = _run(capsys, "import", str(edited), "--db", str(db), "--dry-run")

    assert dry == again
    assert dry[1] == "update item lyon-pizza: title\nwould change: 0 added, 1 updated, 0 deleted\n"


def _project_pages(engine: SyncEngine) -> list[ProjectDetail]:
    """Every cached project's page, as the app shows it (the read model)."""
    rows, pending = engine.rows(), engine.unconfirmed()
    pages = (project_detail(rows, engine.handle, pending, pid) for pid in rows.table_rows("projects"))
    return [page for page in pages if page is not None]


async def test_a_changed_file_reaches_a_connected_app_through_sync(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nuit.db"
    _init(capsys, EXAMPLE, db)
    live = LiveServer(db).start()
    engine = make_engine(live.url, live.register("camille", city="lyon"), "camille", tmp_path / "camille")
    await engine.start()
    try:
        await eventually(lambda: len(_project_pages(engine)) == 12 and engine.state.status == "online")
        edited = _edited(
            tmp_path,
            ('title = "Pizza de minuit"', 'title = "Pizza de minuit (végé)"'),
            (
                'brought_by = "Association Les Outils Partagés (fictive)"',
                'brought_by = "Les Outils Partagés"',
            ),
            (
                "# ---- the jury",
                '[[projects]]\nid = "nouveau"\ntitle = "Un nouveau projet"\ntheme = "donnees-du-citoyen"\n'
                'city = "lyon"\n\n# ---- the jury',
            ),
        )
        code, out, err = _run(capsys, "import", str(edited), "--db", str(db))
        assert code == 0, err
        assert out.splitlines()[-1] == "changed: 1 added, 2 updated, 0 deleted"

        def arrived() -> bool:
            titles = {
                i.title
                for i in schedule_view(engine.rows(), engine.handle, engine.unconfirmed(), "all").lines
            }
            people = {p.title: p.brought_by for p in _project_pages(engine)}
            return (
                "Pizza de minuit (végé)" in titles
                and people.get("Prêteurs de quartier") == "Les Outils Partagés"
                and "Un nouveau projet" in people
            )

        # No API write happens meanwhile: the server publishes what the command committed.
        await eventually(arrived, within=10)
    finally:
        await engine.aclose()
        live.stop()


def test_prune_deletes_what_left_the_file_but_never_a_project_with_members(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nuit.db"
    _init(capsys, EXAMPLE, db)
    store = Store.open(db)
    try:
        ada = store.create_user(handle="ada", display_name="Ada", city="lyon")
        joined = {p.title: p.id for p in store.list_projects()}["Quiz infox"]
        store.join_project(None, store.actor(ada.handle), joined)
    finally:
        store.close()
    without_two = _edited(
        tmp_path,
        ('[[projects]]\nid = "quiz-infox"', '[[unused]]\nid = "quiz-infox"'),
        ('[[projects]]\nid = "paniers-directs"', '[[unused2]]\nid = "paniers-directs"'),
    )
    text = without_two.read_text(encoding="utf-8")
    # drop the two tables entirely (down to the next [[projects]])
    for name in ("unused", "unused2"):
        start = text.index(f"[[{name}]]")
        text = text[:start] + text[text.index("[[projects]]", start) :]
    without_two.write_text(text, encoding="utf-8")

    kept = _run(capsys, "import", str(without_two), "--db", str(db))
    refused = _run(capsys, "import", str(without_two), "--db", str(db), "--prune")
    store = Store.open(db)
    titles = {p.title for p in store.list_projects()}
    store.close()

    assert kept[0] == 0
    assert "keep project paniers-directs: not in the file (--prune deletes it)" in kept[1]
    assert refused[0] == 1 and refused[1] == ""
    assert refused[2].splitlines() == [
        f"{without_two}: refused: project quiz-infox is not in the file but has 1 member: not deleted",
        "nuit-server: error: nothing was changed",
    ]
    assert {"Quiz infox", "Paniers en direct"} <= titles

    store = Store.open(db)
    try:
        store.leave_project(None, store.actor("ada"), joined)
    finally:
        store.close()
    pruned = _run(capsys, "import", str(without_two), "--db", str(db), "--prune")
    store = Store.open(db)
    titles = {p.title for p in store.list_projects()}
    store.close()
    assert pruned[0] == 0
    assert "delete project quiz-infox" in pruned[1] and "delete project paniers-directs" in pruned[1]
    assert not {"Quiz infox", "Paniers en direct"} & titles and len(titles) == 10


def test_a_bare_json_event_is_checked_like_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The older ``--event event.json`` takes what the issue saw it accept silently, and says so."""
    good = tmp_path / "event.json"
    good.write_text(
        '{"name": "N", "timezone": "Europe/Paris", "starts_at": "2026-03-14T09:00:00+01:00",'
        ' "ends_at": "2026-03-15T18:00:00+01:00", "jury_at": "2026-03-15T14:00:00+01:00",'
        ' "cities": [{"id": "lyon", "name": "Lyon"}], "themes": [], "jury_at_by_city": {}}'
    )
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"name": "N", "timezone": "Europe/Lyon", "starts_at": "2026-03-14T09:00:00+01:00",'
        ' "ends_at": "2026-03-15T18:00:00+01:00", "jury_at": "2026-03-16T14:00:00+01:00",'
        ' "cities": [{"id": "lyon", "name": "Lyon"},'
        ' {"id": "lyon", "name": "Lyon", "timezone": "Europe/Geneve"}],'
        ' "themes": [], "projects": [{"title": "Carte"}]}'
    )
    naive = tmp_path / "naive.json"
    naive.write_text(good.read_text().replace("2026-03-14T09:00:00+01:00", "2026-03-14T09:00:00"))
    backwards = tmp_path / "backwards.json"
    backwards.write_text(good.read_text().replace("2026-03-15T18:00:00+01:00", "2026-03-13T18:00:00+01:00"))

    created = _run(capsys, "init", "--event", str(good), "--db", str(tmp_path / "good.db"))
    results = {
        path.stem: _run(capsys, "init", "--event", str(path), "--db", str(tmp_path / f"{path.stem}.db"))
        for path in (broken, naive, backwards)
    }
    checked = _run(capsys, "check", str(broken))
    imported = _run(capsys, "import", str(good), "--db", str(tmp_path / "good.db"))

    assert created[0] == 0 and created[1].startswith(f"created {tmp_path / 'good.db'}: N, 1 city, 0 projects")
    assert results["broken"][2].splitlines() == [
        f"{broken}: cities[1]: duplicate id 'lyon'",
        f"{broken}: cities[1]: unknown time zone 'Europe/Geneve' (an IANA name such as Europe/Paris)",
        f"{broken}: jury_at 2026-03-16T14:00:00+01:00 is outside the event",
        f"{broken}: unknown key 'projects'",
        f"{broken}: unknown time zone 'Europe/Lyon' (an IANA name such as Europe/Paris)",
        f"nuit-server: error: {broken}: 5 problems; nothing was changed",
    ]
    assert results["naive"][2].splitlines()[0] == (
        f"{naive}: starts_at has no time zone offset; write it with one, e.g. +01:00"
    )
    assert results["backwards"][2].splitlines()[0] == (
        f"{backwards}: ends_at 2026-03-13T18:00:00+01:00 is before starts_at 2026-03-14T09:00:00+01:00"
    )
    assert all(code == 1 for code, _out, _err in results.values())
    assert not any((tmp_path / f"{stem}.db").exists() for stem in results)
    assert checked[0] == 1 and checked[2].splitlines()[:-1] == results["broken"][2].splitlines()[:-1]
    assert imported[0] == 1 and "import takes the TOML event file" in imported[2]


def test_a_team_size_below_the_team_is_refused_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nuit.db"
    _init(capsys, EXAMPLE, db)
    store = Store.open(db)
    try:
        quiz = {p.title: p.id for p in store.list_projects()}["Quiz infox"]
        for handle in ("ada", "bo"):
            store.create_user(handle=handle, display_name=handle.title(), city="lyon")
            store.join_project(None, store.actor(handle), quiz)
        before = store.counts()
    finally:
        store.close()
    # One refusal stops the whole file: the other change (a title) is not applied either.
    edited = _edited(
        tmp_path,
        ('title = "Quiz infox"\n', 'title = "Quiz infox"\nteam_size = 1\n'),
        ('title = "Pizza de minuit"', 'title = "Pizza de minuit (végé)"'),
    )

    code, out, err = _run(capsys, "import", str(edited), "--db", str(db))

    store = Store.open(db)
    try:
        project = store.get_project(quiz)
        titles = {i.title for i in store.schedule()}
        after = store.counts()
    finally:
        store.close()
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{edited}: refused: project quiz-infox: team_size 1 is below its 2 members",
        "nuit-server: error: nothing was changed",
    ]
    assert project.max_team_size == 8 and len(project.members) == 2
    assert "Pizza de minuit" in titles and after == before
