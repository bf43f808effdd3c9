"""Cities: every city's figures and the latest team updates, live from the cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, OptionList

from nuittui.models import City, CityProgress, EventPublic, ProgressCreate, Role, Stage, SwapCreate
from nuittui.readmodel.cities import city_figures
from nuittui.screens.cities import CitiesScreen, UpdateOption
from nuittui.server.accounts import token_digest
from nuittui.server.store import Store
from tests.app.conftest import (
    FROZEN_NOW,
    HELPER,
    ME,
    MY_PROJECT_TITLE,
    SIZE,
    CityServer,
    FrozenClock,
    _new_token,
    screen_text,
    wait_until,
)
from tests.app.test_projects import INJECTIONS
from tests.server.conftest import make_event


def figures(screen: CitiesScreen, city: str) -> dict[str, str]:
    """One city's row of the table, by column key."""
    table = screen.query_one("#city-figures", DataTable)
    cells = table.get_row(city)
    keys = [column.key.value for column in table.ordered_columns]
    return {key: str(cell).strip() for key, cell in zip(keys, cells, strict=True)}


def server_figures(city: CityServer) -> list[CityProgress]:
    """Each city's figures as the server computes them (``GET /v1/progress``), in the event's order."""
    return city.store.progress_report().cities


async def open_cities(pilot: Any) -> CitiesScreen:
    """Go to the Cities section (key 6) once the cache holds the event."""
    app = pilot.app
    await wait_until(pilot, lambda: bool(city_figures(app.engine.rows())), "the figures in the cache")
    await pilot.press("6")
    await wait_until(pilot, lambda: isinstance(app.screen, CitiesScreen), "the Cities section")
    return app.screen


async def test_every_city_has_its_figures(make_app, city: CityServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cities(pilot)
        expected = server_figures(city)
        assert len(expected) == 7
        text = screen_text(app)
        for one in expected:
            row = figures(screen, one.city)
            assert row["participants"] == str(one.participants)
            assert row["teams"] == str(one.teams)
            assert row["active"] == str(one.projects_active)
            assert row["open"] == str(one.swaps_open)
            assert row["resolved"] == str(one.swaps_resolved)
            assert one.name in text
        assert figures(screen, "lyon")["city"] == "● Lyon"  # my city is marked
        assert "Median to claim" in text


async def test_figures_change_live_when_a_swap_is_posted(make_app, city: CityServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cities(pilot)
        before = int(figures(screen, "rennes")["open"])
        async with city.client(HELPER) as client:  # someone in Rennes asks for help
            await client.create_swap(SwapCreate(title="Docker refuse de démarrer", tags=["docker"]))
        await wait_until(
            pilot, lambda: figures(screen, "rennes")["open"] == str(before + 1), "Rennes' open swaps +1"
        )
        lyon = next(one for one in server_figures(city) if one.city == "lyon")
        assert int(figures(screen, "lyon")["open"]) == lyon.swaps_open


async def test_a_team_update_appears_first_in_the_latest_updates(make_app, city: CityServer) -> None:
    app = make_app()
    project = next(p for p in city.store.list_projects() if p.title == MY_PROJECT_TITLE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cities(pilot)
        updates = screen.query_one("#city-updates", OptionList)
        async with city.client(ME) as client:
            await client.post_progress(
                project.id, ProgressCreate(text="Le vote en ligne marche sur mobile !", stage=Stage.TESTING)
            )
        await wait_until(
            pilot,
            lambda: (
                isinstance(updates.options[0], UpdateOption)
                and updates.options[0].update.text == "Le vote en ligne marche sur mobile !"
            ),
            "the new update on top",
        )
        text = screen_text(app)
        assert "Le vote en ligne marche sur mobile !" in text
        assert f"Lyon · {MY_PROJECT_TITLE} · @{ME} · testing" in text


def injected_city(tmp_path: Path, clock: FrozenClock) -> CityServer:
    """A server whose cities have hostile names, with ``ME`` registered in the first one."""
    base = make_event()
    names = (INJECTIONS[0], f"{INJECTIONS[2]} {INJECTIONS[3]}", f"{INJECTIONS[4]}{INJECTIONS[6]}")
    cities = [City(id=c.id, name=name) for c, name in zip(base.cities, names, strict=True)]
    event = EventPublic.model_validate(base.model_dump() | {"cities": [c.model_dump() for c in cities]})
    path = tmp_path / "hostile.db"
    Store.create(path, event=event, join_code="code").close()
    store = Store.open(path)
    try:
        store.clock = lambda: FROZEN_NOW
        store.create_user(
            handle=ME,
            display_name="[@click=app.quit]Ada[/]",
            city=cities[0].id,
            role=Role.PARTICIPANT,
            token_digest=token_digest(_new_token(ME)),
        )
    finally:
        store.close()
    home = tmp_path / "hostile-home"
    home.mkdir()
    return CityServer(path, {ME: _new_token(ME)}, clock, home)


async def test_hostile_city_names_show_literally(make_app, tmp_path: Path, clock: FrozenClock) -> None:
    server = injected_city(tmp_path, clock)
    try:
        app = make_app(engine=server.engine(ME))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_cities(pilot)
            text = screen_text(app)
            assert "● [@click=app.quit]x[/]" in text
            assert "[TODO] fix a\\[b]" in text
            assert "[31mred[0mgnp.exe" in text
            assert "\x1b" not in text and "\u202e" not in text
            table = screen.query_one("#city-figures", DataTable)
            table.focus()
            for row in range(3):
                await pilot.click("#city-figures", offset=(3, row + 1))
            assert app.is_running
    finally:
        server.close()
