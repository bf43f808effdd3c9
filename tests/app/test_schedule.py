"""Schedule: items by day in the event's time zone, the now-line, my city / everyone / all cities."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from nuittui.models import Role, ScheduleItemCreate
from nuittui.readmodel.schedule import schedule_view
from nuittui.screens.schedule import ItemRow, NowLine, ScheduleRow, ScheduleScope, ScheduleScreen
from tests.app.conftest import FROZEN_NOW, SIZE, CityServer, screen_text, wait_until
from tests.app.test_projects import INJECTIONS

ORGANIZER = "orga-sched"


def rows(screen: ScheduleScreen) -> list[ScheduleRow]:
    """The schedule's rows, top to bottom."""
    return list(screen.query(ScheduleRow))


def around_now(screen: ScheduleScreen) -> tuple[str | None, str | None]:
    """The titles of the items just above and just below the now-line."""
    shown = rows(screen)
    index = next(i for i, r in enumerate(shown) if isinstance(r.row, NowLine))
    before = next((r.row.item.title for r in reversed(shown[:index]) if isinstance(r.row, ItemRow)), None)
    after = next((r.row.item.title for r in shown[index + 1 :] if isinstance(r.row, ItemRow)), None)
    return before, after


async def open_schedule(pilot: Any) -> ScheduleScreen:
    """Go to the Schedule section (key 5) once the cache holds the schedule."""
    app = pilot.app
    engine = app.engine
    await wait_until(
        pilot,
        lambda: bool(schedule_view(engine.rows(), engine.handle, engine.unconfirmed(), "all").lines),
        "the schedule in the cache",
    )
    await pilot.press("5")
    await wait_until(pilot, lambda: isinstance(app.screen, ScheduleScreen), "the Schedule section")
    screen = app.screen
    await wait_until(
        pilot, lambda: any(isinstance(r.row, NowLine) for r in screen.query(ScheduleRow)), "the now-line"
    )
    return screen


async def test_the_now_line_sits_between_what_started_and_what_is_next(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_schedule(pilot)
        # 20:42 in Paris: the night of code started at 20:30; for Lyon, breakfast is next
        assert around_now(screen) == ("La nuit du code", "Petit-déjeuner")
        text = screen_text(app)
        assert "now 20:42" in text
        assert "20:30–08:00" in text  # Paris time, not UTC (19:30)
        assert "Saturday 4 March" in text and "Sunday 5 March" in text
        current = [r for r in rows(screen) if isinstance(r.row, ItemRow) and r.row.state == "current"]
        assert [r.row.item.title for r in current] == ["La nuit du code"]
        assert "▶ 20:30–08:00  La nuit du code" in text


async def test_the_scope_switches_between_my_city_everyone_and_all_cities(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_schedule(pilot)
        titles = {r.row.item.title for r in rows(screen) if isinstance(r.row, ItemRow)}
        assert "Atelier : tester avec un lecteur d'écran" in titles  # Lyon's own item
        assert "Raclette de minuit" not in titles  # Genève's
        assert screen.scope is ScheduleScope.MY_CITY

        await pilot.press("c")
        titles = {r.row.item.title for r in rows(screen) if isinstance(r.row, ItemRow)}
        assert screen.scope is ScheduleScope.GLOBAL
        assert "Atelier : tester avec un lecteur d'écran" not in titles
        assert "La nuit du code" in titles
        assert "Everyone" in screen_text(app)

        await pilot.press("c")
        assert screen.scope is ScheduleScope.ALL
        # Montpellier's game test at 21:00 is now the next thing, labelled with its city and room
        assert around_now(screen) == ("La nuit du code", "Partie test du jeu présidentiel")
        assert "Amphi B · Montpellier" in screen_text(app)


async def test_the_now_line_moves_with_the_clock(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_schedule(pilot)
        await pilot.press("c", "c")  # all cities
        assert around_now(screen)[1] == "Partie test du jeu présidentiel"
        clock.advance(minutes=30)  # 21:12: Montpellier's game test has started
        screen.refresh_data()
        await pilot.pause()
        assert around_now(screen) == ("Partie test du jeu présidentiel", "Pause crêpes")
        assert "now 21:12" in screen_text(app)


async def test_a_new_item_appears_live_and_its_text_is_literal(make_app, city: CityServer) -> None:
    city.add_user(ORGANIZER, city="lyon", role=Role.ORGANIZER)
    title = " ".join(INJECTIONS[:4])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_schedule(pilot)
        async with city.client(ORGANIZER) as client:
            await client.create_schedule_item(
                ScheduleItemCreate(
                    title=title,
                    description=" ".join(INJECTIONS),
                    starts_at=FROZEN_NOW + timedelta(minutes=8),
                    ends_at=FROZEN_NOW + timedelta(minutes=38),
                    city="lyon",
                    room="[b]Salle[/b] \x1b[1m2",
                )
            )
        await wait_until(pilot, lambda: around_now(screen)[1] == title, "the new item next after now")
        text = screen_text(app)
        assert "20:50–21:20  [@click=app.quit]x[/] [/ [TODO] fix a\\[b]" in text
        assert "[b]Salle[/b] [1m2" in text
        assert "\x1b" not in text and "\u202e" not in text
        await pilot.click(ScheduleRow, offset=(20, 0))
        assert app.is_running


async def test_a_kind_of_the_organizers_own_shows_plainly(make_app, city: CityServer) -> None:
    city.add_user(ORGANIZER, city="lyon", role=Role.ORGANIZER)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_schedule(pilot)
        async with city.client(ORGANIZER) as client:
            await client.create_schedule_item(
                ScheduleItemCreate(
                    title="Pizza de minuit",
                    starts_at=FROZEN_NOW + timedelta(minutes=8),
                    ends_at=FROZEN_NOW + timedelta(minutes=38),
                    city="lyon",
                    kind="[b]midnight pizza",
                )
            )
        await wait_until(
            pilot, lambda: around_now(screen)[1] == "Pizza de minuit", "the pizza next after now"
        )
        text = screen_text(app)
        assert "Pizza de minuit · Lyon  · [b]midnight pizza" in text
        assert "Dîner · " not in text  # a well-known kind adds nothing to its line
