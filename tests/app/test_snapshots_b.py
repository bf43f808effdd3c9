"""Snapshots (120×40) of Projects (the themes and a project), Schedule, Cities and Welcome, on the
seeded demo event at a frozen time. Update with ``pytest tests/app/test_snapshots_b.py
--snapshot-update`` and look at each SVG before accepting it."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

from nuittui.screens.cities import CitiesScreen
from nuittui.screens.project_detail import ProjectDetailScreen
from nuittui.screens.projects import ProjectOption, ProjectsScreen
from nuittui.screens.schedule import NowLine, ScheduleRow, ScheduleScreen
from nuittui.screens.welcome import WelcomeScreen
from tests.app.conftest import MY_PROJECT_TITLE, SIZE, screen_text, wait_until


async def online(pilot: Any) -> None:
    """Wait for the first sync and the top bar, so every snapshot starts from the same state."""
    app = pilot.app
    await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
    await wait_until(pilot, lambda: app.engine.rows().event_row() is not None, "the event in the cache")
    await wait_until(pilot, lambda: "@ada · Lyon" in screen_text(app), "the top bar")


async def show(pilot: Any, key: str, screen_type: type) -> Any:
    """Press a section's key and wait for its screen."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_type), screen_type.__name__)
    await pilot.pause()
    return pilot.app.screen


class TestProjects:
    def test_themes_and_my_city_projects(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            await show(pilot, "2", ProjectsScreen)
            await pilot.press("down", "down")  # a theme with a team looking for members

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)

    def test_my_team_project(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            app = pilot.app
            await online(pilot)
            screen = await show(pilot, "2", ProjectsScreen)
            projects = screen.query_one("#projects", OptionList)
            projects.focus()
            projects.highlighted = next(
                i
                for i, o in enumerate(projects.options)
                if isinstance(o, ProjectOption) and o.project.title == MY_PROJECT_TITLE
            )
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def now_line_shown(screen) -> bool:
    """The schedule has scrolled its now-line to the top of the rows, as far as they scroll."""
    rows = screen.query_one("#schedule-rows")
    line = next((r for r in screen.query(ScheduleRow) if isinstance(r.row, NowLine)), None)
    if line is None:
        return False
    return rows.scroll_y >= rows.max_scroll_y or line.region.y == rows.content_region.y


class TestSchedule:
    def test_my_city_with_the_now_line(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            screen = await show(pilot, "5", ScheduleScreen)
            await wait_until(
                pilot,
                lambda: any(isinstance(r.row, NowLine) for r in screen.query(ScheduleRow)),
                "the now-line",
            )
            await wait_until(pilot, lambda: now_line_shown(screen), "the now-line scrolled to")

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


class TestCities:
    def test_figures_and_latest_updates(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            await show(pilot, "6", CitiesScreen)

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


class TestWelcome:
    def test_first_run(self, snap_compare, clock) -> None:
        from nuittui.app import NuitApp

        async def run_before(pilot: Any) -> None:
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, WelcomeScreen), "the welcome screen")
            await pilot.pause()  # the URL field's cursor: steady (the snap_compare fixture)

        app = NuitApp(engine=None, clock=clock)
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
