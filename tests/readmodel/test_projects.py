"""Projects and a project's page projected from a real cache's rows, my team writes beside them."""

from __future__ import annotations

from pathlib import Path

from nuittui.cache import LocalCache, Outbox
from nuittui.cache.folder import CacheFolder
from nuittui.models import EventType
from nuittui.readmodel.projects import (
    LATEST_PROGRESS,
    TeamPending,
    project_detail,
    project_line,
    projects_view,
    theme_projects,
)
from tests.cache.cache_builders import Stream, progress_update, project, reset_batch, user


def _cache(tmp_path: Path) -> tuple[CacheFolder, Outbox]:
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    full = project(10, members=("zoe", "yann", "xavier", "willy", "victor", "ursula"))
    cache.apply(
        stream.batch(
            [
                stream.upsert(EventType.USER, user("ada", team=7)),
                stream.upsert(EventType.USER, user("hugo", team=7)),
                stream.upsert(EventType.USER, user("noe")),
                stream.upsert(EventType.PROJECT, project(7, members=("ada", "hugo"))),
                stream.upsert(
                    EventType.PROJECT,
                    project(8, members=("aa", "bb", "cc")).model_copy(update={"title": "Aaa\x1b[2J"}),
                ),
                stream.upsert(EventType.PROJECT, project(9, city="paris")),
                stream.upsert(EventType.PROJECT, full.model_copy(update={"max_team_size": 6})),
                stream.upsert(EventType.PROJECT, project(11, theme="collectif")),
                *(stream.upsert(EventType.PROGRESS, progress_update(900 + i, 7)) for i in range(7)),
                stream.upsert(EventType.PROGRESS, progress_update(950, 8)),
            ]
        )
    )
    return CacheFolder(tmp_path), Outbox.in_folder(tmp_path)


def test_the_list_keeps_my_pending_team_writes_beside_the_projects(tmp_path: Path) -> None:
    rows, outbox = _cache(tmp_path)
    outbox.enqueue("team.join", "POST", "/v1/projects/9/join", None, summary="Join team #9")
    outbox.enqueue(
        "team.looking", "PATCH", "/v1/projects/7", {"looking_for_members": False}, summary="Team #7…"
    )

    mine = projects_view(rows, "ada", outbox.pending(), only_my_city=True)
    every = projects_view(rows, "ada", outbox.pending())

    assert [p.id for p in mine.projects] == [1, 2, 7, 8, 10, 11]  # Lyon's, by id
    assert [p.id for p in every.projects] == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]
    assert mine.my_team == 7 and mine.my_city == "lyon" and mine.cities["paris"] == "Paris"
    seven = mine.projects[2]
    assert seven.mine and seven.size == "2/8" and seven.looking_for_members  # as the server said it
    assert mine.pending[7] == TeamPending(looking=False, looking_key=outbox.pending()[1].key)
    assert mine.pending[9].change == "join"
    assert mine.projects[3].title == "Aaa[2J"  # nothing of the terminal's reaches the screen
    themes = {t.id: (t.projects, t.looking) for t in mine.themes}
    assert themes["democratie"] == (4, 1) and themes["collectif"] == (1, 1)
    # my team first, then those looking for members, then by title
    assert [p.id for p in theme_projects(mine, "democratie")] == [7, 8, 1, 10]
    assert projects_view(rows, "ada", [], looking_only=True, city="lyon").projects[-1].id == 11


def test_a_project_page_says_what_i_may_do_and_why_not(tmp_path: Path) -> None:
    rows, outbox = _cache(tmp_path)
    outbox.enqueue(
        "progress.create",
        "POST",
        "/v1/projects/7/progress",
        {"text": "On a fini la carte", "stage": "testing"},
        summary="Progress update for team #7",
    )

    page = project_detail(rows, "ada", outbox.pending(), 7)
    assert page is not None
    assert page.member and page.meta.startswith("Démocratie") and "team 2/8" in page.meta
    assert [(m.handle, m.me) for m in page.members] == [("ada", True), ("hugo", False)]
    assert page.members[0].skills == ("python", "cartographie")
    assert len(page.progress) == LATEST_PROGRESS and page.progress[0].id == 906  # newest first
    assert page.progress_ids == frozenset(range(900, 907))
    assert [(p.text, p.stage) for p in page.pending_progress] == [("On a fini la carte", "testing")]
    assert page.progress[0].created_at > page.progress[-1].created_at
    assert set(page.why_not) == {"join"} and page.why_not["join"] == "You are already in this team."

    other = project_detail(rows, "ada", [], 8)
    assert other is not None and not other.member
    assert other.why_not["join"].startswith("Leave your team first: Projet 7")
    assert other.why_not["post_update"] == "Only the team's members can post its progress"
    assert other.why_not["leave"] == "You are not in this team."

    full = project_detail(rows, "noe", [], 10)
    assert (
        full is not None
        and full.full
        and full.why_not["join"] == "Projet 10 — carte des défibrillateurs is full (6 members)."
    )
    assert "looking_on" in full.why_not

    free = project_detail(rows, "noe", [], 11)
    assert free is not None and "join" not in free.why_not and free.stage == "exploring"
    outbox.enqueue("team.join", "POST", "/v1/projects/11/join", None, summary="Join team #11")
    joining = project_detail(rows, "noe", outbox.pending(), 11)
    assert joining is not None and joining.pending.change == "join" and "leave" not in joining.why_not

    assert project_detail(rows, "ada", [], 404) is None
    assert project_detail(rows, None, [], 7) is not None


def test_a_malformed_project_row_is_left_out() -> None:
    assert project_line({"id": "7", "title": "x", "max_team_size": 5}) is None
    assert project_line({"id": 7, "title": None, "max_team_size": 5}) is None
    line = project_line({"id": 7, "title": "x", "max_team_size": 5, "members": "nope"})
    assert line is not None and line.members == 0 and not line.looking_for_members
