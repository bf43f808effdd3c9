"""A team's members post its progress and say whether it is looking for members, from its page and
from the palette; everyone else sees those actions greyed, with the reason; anyone without a team
joins one from the palette.

Against the real server in-process (``tests/app/conftest.py``): ``ME`` (ada) is in the team of
``MY_PROJECT_TITLE``; a second person checks what reached the server with their own client.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Select, TextArea

from nuittui.models import ProjectPublic, Stage
from nuittui.readmodel.rows import me_row
from nuittui.screens.project_detail import ProjectDetailScreen
from nuittui.screens.projects import ProjectsScreen
from nuittui.screens.team_update import TeamUpdateForm
from tests.app.conftest import HELPER, MY_PROJECT_TITLE, SIZE, CityServer, screen_text, toasts, wait_until
from tests.app.test_projects import NEWBIE, add_newbie, create_project, open_project, page_of


def my_project(city: CityServer) -> ProjectPublic:
    return next(p for p in city.store.list_projects() if p.title == MY_PROJECT_TITLE)


async def server_project(city: CityServer, project_id: int) -> ProjectPublic:
    """The project as another participant's machine reads it from the server."""
    async with city.client(HELPER) as other:
        return await other.project(project_id)


async def write_update(pilot: Any, text: str, stage: Stage) -> TeamUpdateForm:
    app = pilot.app
    await pilot.press("u")
    await wait_until(pilot, lambda: isinstance(app.screen, TeamUpdateForm), "the update form")
    form = app.screen
    await wait_until(pilot, lambda: form.query_one("#update-text", TextArea).has_focus, "the text focused")
    await pilot.press(*text)
    form.query_one("#update-stage", Select).value = stage.value
    await pilot.pause()
    return form


async def test_a_member_posts_an_update_pending_then_on_the_server(make_app, city) -> None:
    project = my_project(city)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = await open_project(pilot, project)
        assert page.check_action("post_update", ()) is True
        city.go_offline()  # the wifi drops: the update waits in the outbox, shown at once as pending
        await write_update(pilot, "La carte s'affiche enfin", Stage.BUILDING)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is page, "back on the page")
        page.query_one("#project-progress").scroll_visible(animate=False, top=True)
        await wait_until(pilot, lambda: "La carte s'affiche enfin" in screen_text(app), "the pending update")
        assert "⧗ pending  building" in screen_text(app)

        city.go_online()
        await wait_until(
            pilot, lambda: any("Progress update posted" in t for t in toasts(app)), "the confirmation"
        )
        await wait_until(pilot, lambda: "⧗ pending" not in screen_text(app), "the pending mark gone")
        assert "La carte s'affiche enfin" in screen_text(app)
    async with city.client(HELPER) as other:
        [latest, *_older] = await other.progress(project.id)
    assert (latest.text, latest.stage, latest.author) == ("La carte s'affiche enfin", Stage.BUILDING, "ada")
    assert (await server_project(city, project.id)).stage == Stage.BUILDING


async def test_escape_keeps_the_update_as_a_draft_and_a_blank_text_is_said_inline(make_app, city) -> None:
    project = my_project(city)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = await open_project(pilot, project)
        form = await write_update(pilot, "   ", Stage.TESTING)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "text: must not be empty" in screen_text(app), "the inline error")
        assert app.screen is form and app.engine.unconfirmed() == []

        await pilot.press(*"Tests verts")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is page, "the form closed")
        assert any("Draft kept" in t for t in toasts(app))
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, TeamUpdateForm), "the form again")
        again = app.screen
        assert again.query_one("#update-text", TextArea).text.strip() == "Tests verts"
        assert again.query_one("#update-stage", Select).value == Stage.TESTING.value
        assert "Your draft is back" in screen_text(app)
    async with city.client(HELPER) as other:
        assert all(p.text != "Tests verts" for p in await other.progress(project.id))


async def test_a_member_toggles_looking_for_members_pending_until_confirmed(make_app, city) -> None:
    project = my_project(city)
    before = project.looking_for_members
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = await open_project(pilot, project)
        now = "on" if before else "off"
        wanted = "off" if before else "on"
        assert f"Looking for members: {now}" in screen_text(app)
        city.go_offline()
        await pilot.press("l")
        shown = "is looking for members (pending)" if wanted == "on" else "not looking for members (pending)"
        # the toast may say "(pending)" before the page has read the queued change: wait for the page
        await wait_until(
            pilot,
            lambda: f"Looking for members: {wanted}" in screen_text(app) and shown in screen_text(app),
            "the pending change on the page",
        )
        city.go_online()
        await wait_until(pilot, lambda: "(pending)" not in screen_text(app), "the change confirmed")
        assert f"Looking for members: {wanted}" in screen_text(app)
        assert (await server_project(city, project.id)).looking_for_members is (not before)

        await pilot.press("l")  # and back
        await wait_until(
            pilot,
            lambda: page_of(app, project.id).looking_for_members is before,
            "the second change synced",
        )
        assert page.is_mounted
    assert (await server_project(city, project.id)).looking_for_members is before


async def test_a_non_member_sees_the_team_actions_greyed_with_the_reason(make_app, city) -> None:
    add_newbie(city)
    project = my_project(city)
    app = make_app(engine=city.engine(NEWBIE))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = await open_project(pilot, project)
        assert page.check_action("post_update", ()) is None  # greyed in the footer, not hidden
        assert page.check_action("toggle_looking", ()) is None
        assert "Post update" in screen_text(app)
        await pilot.press("u")
        await wait_until(
            pilot,
            lambda: "Only the team's members can post its progress" in screen_text(app),
            "the reason",
        )
        await pilot.press("l")
        await wait_until(
            pilot,
            lambda: any("say whether it is looking for members" in t for t in toasts(app)),
            "the reason for looking",
        )
        assert not isinstance(app.screen, TeamUpdateForm)
        assert app.engine.unconfirmed() == []
        await pilot.press("f1")
        await wait_until(pilot, lambda: "not now: Only the team's members" in screen_text(app), "F1's reason")


async def test_the_palette_joins_a_team_for_someone_without_one(make_app, city) -> None:
    add_newbie(city)
    project = await create_project(city, title="Carte des fontaines", max_team_size=4)
    app = make_app(engine=city.engine(NEWBIE))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the engine online")
        await wait_until(pilot, lambda: page_of(app, project.id) is not None, "the project cached")
        await pilot.press("ctrl+p", *"team: Join Carte des fontaines")
        await wait_until(pilot, lambda: "team: Join Carte des fontaines" in screen_text(app), "the command")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any(m.handle == NEWBIE for m in page_of(app, project.id).members),
            "me in the team",
        )
        engine = app.engine
        me = me_row(engine.rows(), engine.handle, engine.unconfirmed())
        assert me is not None and me["team"] == project.id
    assert [m.handle for m in (await server_project(city, project.id)).members] == [NEWBIE]


async def test_the_palette_posts_an_update_and_switches_looking_for_a_member(make_app, city) -> None:
    project = my_project(city)
    before = project.looking_for_members
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the engine online")
        await pilot.press("ctrl+p", *"team: Looking")
        await wait_until(pilot, lambda: "team: Looking for members" in screen_text(app), "the command")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: page_of(app, project.id).looking_for_members is (not before),
            "the change synced",
        )
        await pilot.press("ctrl+p", *"team: Post update")
        await wait_until(pilot, lambda: "team: Post update" in screen_text(app), "the command")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TeamUpdateForm), "the form on the page")
        await pilot.press(*"Démo prête")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project's page")
        await wait_until(pilot, lambda: app.engine.unconfirmed() == [], "the update sent")
    assert (await server_project(city, project.id)).looking_for_members is (not before)
    async with city.client(HELPER) as other:
        assert "Démo prête" in [p.text for p in await other.progress(project.id)]


async def test_the_projects_list_marks_my_pending_looking_change(make_app, city) -> None:
    project = my_project(city)
    wanted = not project.looking_for_members
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_project(pilot, project)
        city.go_offline()  # the change waits in the outbox
        await pilot.press("l")
        await wait_until(pilot, lambda: "(pending)" in screen_text(app), "the pending change on the page")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen), "back on the list")
        shown = "⧗ looking for members" if wanted else "⧗ not looking for members"
        await wait_until(pilot, lambda: shown in screen_text(app), "the pending change on the list")
        assert "(pending)" in screen_text(app)  # on the next line at this width

        city.go_online()
        await wait_until(pilot, lambda: "⧗" not in screen_text(app), "the change confirmed")
        assert MY_PROJECT_TITLE in screen_text(app)
    assert (await server_project(city, project.id)).looking_for_members is wanted
