"""Snapshots at 80×24, a laptop's terminal: every section, a project, a swap, both forms, the help and
the welcome screen, on the seeded demo event at a frozen time. Everything a user needs is on screen
or one key away: the top bar names every section, the footer keeps F1 and q, the forms' buttons show.
Update with ``pytest tests/app/test_snapshots_laptop.py --snapshot-update`` and look at each SVG
before accepting it."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

from nuittui.i18n import set_language
from nuittui.screens.chat import ChatScreen
from nuittui.screens.cities import CitiesScreen
from nuittui.screens.help import HelpScreen
from nuittui.screens.home import HomeScreen
from nuittui.screens.project_detail import ProjectDetailScreen
from nuittui.screens.projects import ProjectOption, ProjectsScreen
from nuittui.screens.schedule import NowLine, ScheduleRow, ScheduleScreen
from nuittui.screens.swap_detail import SwapDetailScreen
from nuittui.screens.swap_form import ResolveForm, SwapForm
from nuittui.screens.swaps import SwapBoardScreen, SwapOption
from nuittui.screens.team_update import TeamUpdateForm
from nuittui.screens.thread import ThreadView
from nuittui.screens.welcome import WelcomeScreen
from tests.app.conftest import MENTION_BODY, MY_PROJECT_TITLE, MY_SWAP_TITLE, screen_text, wait_until
from tests.app.test_snapshots_a import lyon_read
from tests.app.test_snapshots_b import now_line_shown, online, show

LAPTOP = (80, 24)


async def open_my_swap(pilot: Any) -> SwapDetailScreen:
    """The board, then my own swap's detail."""
    app = pilot.app
    await show(pilot, "3", SwapBoardScreen)
    board = app.screen.query_one("#swap-board", OptionList)
    board.highlighted = next(
        i for i, o in enumerate(board.options) if isinstance(o, SwapOption) and o.swap.title == MY_SWAP_TITLE
    )
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, SwapDetailScreen), "my swap")
    await pilot.pause()
    return app.screen


class TestSections:
    def test_home(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            await wait_until(pilot, lambda: MENTION_BODY[:30] in screen_text(pilot.app), "the mention")

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_home_in_french(self, snap_compare, make_app) -> None:
        set_language("fr")  # the longest section names: every one still in the top bar

        async def run_before(pilot: Any) -> None:
            app = pilot.app  # "@ada · Lyon" is left out of the French bar: every section name first
            await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")
            await wait_until(pilot, lambda: "6 Villes" in screen_text(app), "the top bar")
            await wait_until(pilot, lambda: MENTION_BODY[:30] in screen_text(app), "the mention")

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_projects(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            await show(pilot, "2", ProjectsScreen)

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

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

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_board(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            await show(pilot, "3", SwapBoardScreen)

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_my_swap(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            await open_my_swap(pilot)

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_chat(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            app = pilot.app
            await online(pilot)
            await show(pilot, "4", ChatScreen)
            app.screen.open_channel("city:lyon")
            thread = app.screen.query_one(ThreadView)
            await wait_until(
                pilot, lambda: thread.messages.rows and thread.messages.rows[-1].body == MENTION_BODY, "Lyon"
            )
            await wait_until(pilot, lambda: lyon_read(app), "Lyon read in the channel list")
            await pilot.press("escape")  # the messages, not the blinking compose box

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_schedule(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            screen = await show(pilot, "5", ScheduleScreen)
            await wait_until(
                pilot,
                lambda: any(isinstance(r.row, NowLine) for r in screen.query(ScheduleRow)),
                "the now-line",
            )
            await wait_until(pilot, lambda: now_line_shown(screen), "the now-line scrolled to")

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_cities(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            await online(pilot)
            await show(pilot, "6", CitiesScreen)

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)


class TestForms:
    def test_swap_form_on_its_last_field(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            app = pilot.app
            await online(pilot)
            await show(pilot, "3", SwapBoardScreen)
            await pilot.press("n")
            await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
            await pilot.press(*"Segfault", "tab", "tab", "tab", "tab")
            await pilot.press(*"Mezzanine")
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_team_update_form(self, snap_compare, make_app) -> None:
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
            await pilot.press("u")
            await wait_until(pilot, lambda: isinstance(app.screen, TeamUpdateForm), "the form")
            await pilot.press(*"Le vote marche de bout en bout")
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_resolve_form(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            app = pilot.app
            await online(pilot)
            await open_my_swap(pilot)
            await pilot.press("v")
            await wait_until(pilot, lambda: isinstance(app.screen, ResolveForm), "the form")
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_help_on_the_board(self, snap_compare, make_app) -> None:
        async def run_before(pilot: Any) -> None:
            app = pilot.app
            await online(pilot)
            await show(pilot, "3", SwapBoardScreen)
            await pilot.press("f1")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=LAPTOP, run_before=run_before)

    def test_welcome(self, snap_compare, clock) -> None:
        from nuittui.app import NuitApp

        async def run_before(pilot: Any) -> None:
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, WelcomeScreen), "the welcome screen")
            await pilot.pause()

        assert snap_compare(NuitApp(engine=None, clock=clock), terminal_size=LAPTOP, run_before=run_before)

    def test_welcome_signing_in_with_a_token(self, snap_compare, clock) -> None:
        from nuittui.app import NuitApp

        async def run_before(pilot: Any) -> None:
            app = pilot.app
            await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome screen")
            await pilot.press("f3")
            await wait_until(pilot, lambda: "Sign in with the token" in screen_text(app), "the token mode")
            await pilot.wait_for_scheduled_animations()  # the tab's underline: where it ends
            await pilot.pause()

        assert snap_compare(NuitApp(engine=None, clock=clock), terminal_size=LAPTOP, run_before=run_before)
