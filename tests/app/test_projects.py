"""Projects: themes with counts, a theme's projects, a project's page, joining and leaving a team.

Against the real server in-process (``tests/app/conftest.py``): the app runs as a
newcomer of Lyon with no team, so joining is possible.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

from nuittui.models import ProjectCreate, ProjectPublic, Role
from nuittui.readmodel.projects import ProjectDetail, project_detail
from nuittui.screens.project_detail import ProjectDetailScreen
from nuittui.screens.projects import ProjectOption, ProjectsScreen, ThemeOption
from tests.app.conftest import MY_CITY, SIZE, CityServer, screen_text, wait_until

NEWBIE = "newbie"
ORGANIZER = "orga-lyon"
MEMBER_LINE = "@newbie  Néo Débutant"
"""How the newcomer shows in a team's member list (the top bar shows only the handle)."""

INJECTIONS = (
    "[@click=app.quit]x[/]",
    "[/",
    "[TODO] fix",
    "a\\[b]",
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;ZXZpbA==\x07osc",
    "\u202egnp.exe",
)
"""Strings that would run an action, break markup or drive the terminal if treated as markup."""


def add_newbie(city: CityServer) -> None:
    """A Lyon participant with no team yet."""
    city.add_user(NEWBIE, city=MY_CITY, display_name="Néo Débutant", skills=["python"])


async def create_project(city: CityServer, **fields: Any) -> ProjectPublic:
    """A project made by an organizer through the API (so the engines hear of it)."""
    if ORGANIZER not in city._tokens:
        city.add_user(ORGANIZER, city=MY_CITY, role=Role.ORGANIZER)
    values: dict[str, Any] = {"theme": "democratie-numerique", "city": MY_CITY} | fields
    async with city.client(ORGANIZER) as client:
        return await client.create_project(ProjectCreate(**values))


def page_of(app: Any, project_id: int) -> ProjectDetail | None:
    """The project's page as the app shows it, from the engine's cache and outbox (the read model);
    None while the cache does not have the project."""
    engine = app.engine
    return project_detail(engine.rows(), engine.handle, engine.unconfirmed(), project_id)


async def open_projects(pilot: Any) -> ProjectsScreen:
    """Go to the Projects section (key 2) once online."""
    app = pilot.app
    await wait_until(pilot, lambda: app.engine.state.status == "online", "the engine online")
    await pilot.press("2")
    await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen), "the Projects section")
    return app.screen


async def open_project(pilot: Any, project: ProjectPublic) -> ProjectDetailScreen:
    """Highlight the project's theme, then the project, and press Enter on each, as a user does."""
    app = pilot.app
    screen = await open_projects(pilot)
    await wait_until(pilot, lambda: page_of(app, project.id) is not None, "the project in the cache")
    themes = screen.query_one("#themes", OptionList)
    themes.focus()
    index = next(
        i for i, o in enumerate(themes.options) if isinstance(o, ThemeOption) and o.theme.id == project.theme
    )
    themes.highlighted = index
    await pilot.press("enter")
    projects = screen.query_one("#projects", OptionList)
    await wait_until(
        pilot,
        lambda: any(isinstance(o, ProjectOption) and o.project.id == project.id for o in projects.options),
        "the project in the list",
    )
    projects.highlighted = next(
        i
        for i, o in enumerate(projects.options)
        if isinstance(o, ProjectOption) and o.project.id == project.id
    )
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project's page")
    return app.screen


async def test_themes_list_the_six_themes_with_their_counts(make_app, city: CityServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        themes = screen.query_one("#themes", OptionList)
        names = [o.theme.name for o in themes.options if isinstance(o, ThemeOption)]
        event = app.engine.rows().event_row()
        assert event is not None
        assert names == [t["name"] for t in event["themes"]]
        assert len(names) == 6
        text = screen_text(app)
        assert "Vie de nos campagnes" in text
        lyon = city.store.list_projects(city=MY_CITY)  # what the server has, as the app's cache does
        first_theme = event["themes"][0]["id"]
        count = sum(p.theme == first_theme for p in lyon)
        assert f"{count} project" in text


async def test_projects_looking_for_members_stand_out_and_the_city_filter_switches(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        projects = screen.query_one("#projects", OptionList)
        shown = [o.project for o in projects.options if isinstance(o, ProjectOption)]
        assert shown and all(p.city == MY_CITY for p in shown)
        for option in projects.options:
            if isinstance(option, ProjectOption) and option.project.looking_for_members:
                assert "● " in str(option.prompt) and "looking for members" in str(option.prompt)
        assert "my city" in screen_text(app)

        await pilot.press("c")
        shown = [o.project for o in projects.options if isinstance(o, ProjectOption)]
        assert {p.city for p in shown} - {MY_CITY}, "every city's projects after pressing c"
        assert "all cities" in screen_text(app)


async def test_join_a_team_pending_until_confirmed_then_i_am_a_member(make_app, city) -> None:
    add_newbie(city)
    project = await create_project(city, title="Carte des fontaines", max_team_size=4)
    app = make_app(engine=city.engine(NEWBIE))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = await open_project(pilot, project)
        assert "Carte des fontaines" in screen_text(app)
        assert MEMBER_LINE not in screen_text(app)

        city.go_offline()  # the venue's wifi drops: the join waits in the outbox, shown as pending
        await pilot.press("j")
        await wait_until(pilot, lambda: "joining… (pending)" in screen_text(app), "the pending join")
        assert MEMBER_LINE not in screen_text(app)

        city.go_online()
        await wait_until(pilot, lambda: MEMBER_LINE in screen_text(app), "me among the members")
        await wait_until(pilot, lambda: "pending" not in screen_text(app), "the pending mark gone")
        members = [m.handle for m in page_of(app, project.id).members]
        assert members.count(NEWBIE) == 1
        await wait_until(pilot, lambda: "You joined Carte des fontaines" in screen_text(app), "the toast")
        assert page.check_action("leave", ()) and not page.check_action("join", ())

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen), "back on the list")
        assert "my team" in screen_text(app)


async def test_leave_a_team(make_app, city) -> None:
    add_newbie(city)
    project = await create_project(city, title="Jardins partagés", max_team_size=4)
    async with city.client(NEWBIE) as client:
        await client.join(project.id)
    app = make_app(engine=city.engine(NEWBIE))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_project(pilot, project)
        assert MEMBER_LINE in screen_text(app)
        await pilot.press("x")
        await wait_until(pilot, lambda: MEMBER_LINE not in screen_text(app), "me gone from the team")
        assert all(m.handle != NEWBIE for m in page_of(app, project.id).members)


async def test_a_full_team_is_refused_at_once(make_app, city) -> None:
    add_newbie(city)
    city.add_user("late-lyon", city=MY_CITY, display_name="Léa")
    project = await create_project(city, title="Petite équipe", max_team_size=1)
    async with city.client("late-lyon") as client:
        await client.join(project.id)
    app = make_app(engine=city.engine(NEWBIE))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_project(pilot, project)
        await wait_until(pilot, lambda: "team 1/1" in screen_text(app), "the full team")
        await app.screen.run_action("join")  # the key is hidden from the footer; the button still exists
        await wait_until(pilot, lambda: "Petite équipe is full" in screen_text(app), "the toast")
        assert app.engine.unconfirmed() == []


async def test_the_server_refusing_a_join_becomes_a_toast(make_app, city) -> None:
    add_newbie(city)
    city.add_user("late-lyon", city=MY_CITY, display_name="Léa")
    project = await create_project(city, title="Deux places", max_team_size=1)
    app = make_app(engine=city.engine(NEWBIE))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_project(pilot, project)
        city.go_offline()
        await pilot.press("j")
        await wait_until(pilot, lambda: "joining… (pending)" in screen_text(app), "the pending join")
        async with city.client("late-lyon") as client:
            await client.join(project.id)  # someone else takes the last place meanwhile
        city.go_online()
        await wait_until(pilot, lambda: "Could not join the team" in screen_text(app), "the refusal's toast")
        await wait_until(pilot, lambda: "pending" not in screen_text(app), "the pending mark gone")
        # The refusal and the sync that brings the other member are two events: wait for both.
        await wait_until(pilot, lambda: "@late-lyon" in screen_text(app), "the member who got the place")
        assert MEMBER_LINE not in screen_text(app)


async def test_untrusted_text_in_projects_and_members_shows_literally(make_app, city) -> None:
    add_newbie(city)
    title = " ".join(INJECTIONS[:4])
    long_line = "x" * 3_990 + " fin"
    project = await create_project(
        city,
        title=title,
        summary=" ".join(INJECTIONS),
        description=long_line,
        skills_needed=["[b]gras[/b]", "[@click=app.bell]"],
        max_team_size=10,
    )
    for number, name in enumerate(INJECTIONS):
        handle = f"inj{number}"
        city.add_user(handle, city=MY_CITY, display_name=name[:64])
        async with city.client(handle) as client:
            await client.join(project.id)
    app = make_app(engine=city.engine(NEWBIE))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_projects(pilot)
        await wait_until(pilot, lambda: page_of(app, project.id) is not None, "the project")
        screen.refresh_data()
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x[/] [/ [TODO] fix a\\[b]" in text

        page = await open_project(pilot, project)
        assert "x" * 110 in screen_text(app)  # the long line wraps, nothing breaks
        page.query_one("#project-members").scroll_visible(animate=False, top=True)
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text
        assert "[TODO] fix" in text
        assert "a\\[b]" in text
        assert "[31mred[0m" in text  # escape sequences stripped by the contract, the rest is literal
        assert "gnp.exe" in text and "\u202e" not in text
        assert "\x1b" not in text
        assert "[b]gras[/b]" in text
        page.query_one("#project-page").scroll_home(animate=False)
        await pilot.pause()
        for offset in (0, 2, 6, 12, 24):  # clicking where the text is runs nothing
            await pilot.click("#project-title", offset=(offset, 0))
        page.query_one("#project-members").scroll_visible(animate=False, top=True)
        await pilot.pause()
        for offset in (0, 2, 6, 12, 24):
            await pilot.click("#project-members", offset=(offset, 2))
        await pilot.pause()
        assert app.is_running and app.bells == 0


async def test_the_page_says_who_brings_the_project_and_its_links(make_app, city) -> None:
    add_newbie(city)
    project = await create_project(
        city,
        title="Délibérations lisibles",
        brought_by="[b]Collectif Conseil Ouvert",
        links=["https://example.org/deliberations"],
    )
    plain = await create_project(city, title="Sans porteur")
    app = make_app(engine=city.engine(NEWBIE))
    async with app.run_test(size=SIZE) as pilot:
        await open_projects(pilot)
        await wait_until(pilot, lambda: page_of(app, plain.id) is not None, "the projects")
        page = await open_project(pilot, project)
        text = screen_text(app)
        assert "Brought by [b]Collectif Conseil Ouvert" in text
        assert "Links" in text and "https://example.org/deliberations" in text
        assert page.query_one("#project-brought-by").display
        page.dismiss()
        await pilot.pause()
        other = await open_project(pilot, plain)
        assert not other.query_one("#project-brought-by").display
        assert not other.query_one("#project-links").display
