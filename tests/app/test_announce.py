"""What participants see of the organizers running the weekend live, against the real server: an
announcement (toast, bell, Home's banner, dismissed for good), a hidden message ("removed by the
organizers", its text nowhere on screen, nothing to copy), a moved jury slot (a toast, the note in
Schedule, the countdown on Home)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import orjson

from nuittui.models import MessageCreate, ScheduleItemUpdate
from nuittui.screens.chat import ChatScreen
from nuittui.screens.home import HomeScreen
from nuittui.screens.schedule import ScheduleScreen
from nuittui.screens.thread import ThreadView
from nuittui.server.accounts import add_organizer
from nuittui.widgets import MessageList
from tests.app.conftest import MY_CITY, SIZE, CityServer, screen_text, toasts, wait_until

JURY = "Passage devant le jury"


def organizer(city: CityServer, handle: str, home: str, *, event_wide: bool = False):
    """A ``CityClient`` of a new organizer of ``home`` (of every city with ``event_wide``)."""
    from nuittui.client import CityClient

    token, _user = add_organizer(city.store, handle, city=home, event_wide=event_wide)
    return CityClient(base_url=city.url, token=token, transport=httpx.ASGITransport(app=city.app))


async def online_home(app, pilot) -> HomeScreen:
    await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
    await wait_until(pilot, lambda: "Budget participatif ouvert" in screen_text(app), "my team on Home")
    return app.screen


def banner(app) -> str:
    """The text of Home's announcement banner, or "" when it is not shown."""
    widget = app.screen.query_one("#home-announcement")
    return str(widget.render()) if widget.display and widget.has_class("-shown") else ""


async def test_an_announcement_reaches_home_as_toast_bell_and_banner_and_stays_dismissed(
    make_app, city
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        assert banner(app) == "" and "Dismiss" not in screen_text(app)  # no announcement yet
        async with organizer(city, "chef", "rennes", event_wide=True) as chef:
            await chef.send_message(
                "all", MessageCreate(body="[b]Jury[/b] avancé : soyez prêts à 13 h 30", announcement=True)
            )
        toast = "Announcement: [b]Jury[/b] avancé : soyez prêts à 13 h 30"
        await wait_until(pilot, lambda: toast in toasts(app), "the toast")
        await wait_until(pilot, lambda: "Announcement" in banner(app), "the banner")
        shown = screen_text(app)
        assert "📣 Announcement · @chef" in shown
        assert "[b]Jury[/b] avancé : soyez prêts à 13 h 30" in shown  # plain data, never markup
        assert "x Dismiss" in shown
        assert app.bells == 1

        await pilot.press("x")
        await wait_until(pilot, lambda: banner(app) == "", "the banner gone")
        assert "soyez prêts" not in screen_text(app)
        await wait_until(pilot, lambda: app.engine.home_view().announcement is None, "the dismissal saved")

    again = make_app()  # the same profile, started again
    async with again.run_test(size=SIZE) as pilot:
        await online_home(again, pilot)
        assert banner(again) == ""
        assert "soyez prêts" not in screen_text(again)
        assert again.bells == 0  # what was in the cache at start is not news


async def test_an_announcement_to_another_city_does_not_show(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        async with (
            organizer(city, "orga-rennes", "rennes") as rennes,
            organizer(city, "lea", MY_CITY) as lyon,
        ):
            await rennes.send_message("city:rennes", MessageCreate(body="Pizzas à Rennes", announcement=True))
            await lyon.send_message("city:lyon", MessageCreate(body="Pizzas en salle 2", announcement=True))
        await wait_until(pilot, lambda: "Pizzas en salle 2" in banner(app), "Lyon's announcement")
        await wait_until(pilot, lambda: app.bells == 1, "the bell")
        assert "@lea · " in banner(app) and "Lyon" in banner(app)
        assert "more" not in banner(app)  # Rennes' announcement is not counted
        assert not any("Rennes" in toast for toast in toasts(app))
        assert "Pizzas à Rennes" not in screen_text(app)


async def test_a_hidden_message_shows_removed_by_the_organizers_in_an_open_thread(make_app, city) -> None:
    secret = "voici l'adresse perso de Camille : 12 rue des Lilas"
    posted = city.store.post_message(
        None, city.store.actor("camille-lyon"), "city:lyon", MessageCreate(body=secret)
    )
    message_id = orjson.loads(posted.body)["id"]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        app.screen.open_channel("city:lyon")
        await wait_until(pilot, lambda: secret in screen_text(app), "the message in the thread")

        async with organizer(city, "lea", MY_CITY) as lea:
            await lea.request("POST", f"/v1/messages/{message_id}/hide", json={"reason": "données perso"})
        await wait_until(pilot, lambda: "removed by the organizers" in screen_text(app), "the placeholder")
        shown = screen_text(app)
        assert secret not in shown
        assert "Lilas" not in shown
        assert "camille-lyon" in shown  # its time and author stay

        messages = app.screen.query_one(ThreadView).messages
        assert isinstance(messages, MessageList)
        messages.focus()
        await pilot.press("end")
        assert messages.cursor_row is not None and messages.cursor_row.hidden
        await pilot.press("y")
        await wait_until(
            pilot,
            lambda: "Nothing copied: this message was removed by the organizers." in toasts(app),
            "why nothing was copied",
        )
        assert not app.clipboard


async def test_a_moved_jury_slot_gives_a_toast_a_note_in_schedule_and_moves_the_countdown(
    make_app, city
) -> None:
    jury = next(item for item in city.store.schedule() if item.title == JURY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        assert "in 17 h 18 min" in screen_text(app)  # Sunday 14:00
        async with organizer(city, "chef", "rennes", event_wide=True) as chef:
            later = ScheduleItemUpdate(
                starts_at=jury.starts_at + timedelta(minutes=30), ends_at=jury.ends_at + timedelta(minutes=30)
            )
            await chef.update_schedule_item(jury.id, later)
        toast = f"Schedule changed: {JURY} moved from 14:00 to 14:30"
        await wait_until(pilot, lambda: toast in toasts(app), "the toast")
        await wait_until(pilot, lambda: "in 17 h 48 min" in screen_text(app), "the countdown moved")
        assert "14:30." in screen_text(app)  # "The jury tests the results on Sunday at 14:30."

        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, ScheduleScreen), "the schedule")
        screen = app.screen
        await wait_until(pilot, lambda: JURY in screen_text(app), "the jury's row")
        rows = [str(row.render()) for row in screen.query("ScheduleRow")]
        [line] = [row for row in rows if JURY in row]
        assert "14:30–17:00" in line
        assert "(moved from 14:00)" in line
        assert app.bells == 0  # a schedule change is a toast, not the bell


async def test_a_cancelled_item_leaves_now_and_next_and_shows_struck_in_schedule(make_app, city) -> None:
    breakfast = next(item for item in city.store.schedule() if item.title == "Petit-déjeuner")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        assert "08:00–09:00 Petit-déjeuner" in screen_text(app)  # next
        async with organizer(city, "chef", "rennes", event_wide=True) as chef:
            await chef.update_schedule_item(breakfast.id, ScheduleItemUpdate(cancelled=True))
        await wait_until(
            pilot, lambda: "Schedule changed: Petit-déjeuner cancelled" in toasts(app), "the toast"
        )
        await wait_until(pilot, lambda: "Petit-déjeuner" not in screen_text(app), "next without it")
        assert [n.severity for n in app._notifications] == ["warning"]

        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, ScheduleScreen), "the schedule")
        await wait_until(pilot, lambda: "Petit-déjeuner" in screen_text(app), "its row")
        [row] = [row for row in app.screen.query("ScheduleRow") if "Petit-déjeuner" in str(row.render())]
        assert "(cancelled)" in str(row.render())
        assert row.has_class("-cancelled")


async def test_the_first_paint_draws_the_banner_and_x_dismisses_it_before_the_engine_loads(
    city, clock
) -> None:
    from nuittui.app import NuitApp
    from nuittui.sync.first_paint import first_paint
    from nuittui.sync.markers import read_dismissed
    from tests.app.test_first_paint import gated, my_profile, synced_home

    async with organizer(city, "lea", MY_CITY) as lea:
        await lea.send_message("city:lyon", MessageCreate(body="Pizzas en salle 2", announcement=True))
    load = my_profile(city)
    _, engine = load()
    await synced_home(NuitApp(engine=engine, clock=clock))  # the announcement is in the cache now

    paint = first_paint(None, None)
    assert paint is not None and paint.home.announcement is not None
    go, loader = gated(load)
    app = NuitApp(engine=None, clock=clock, first_paint=paint, loader=loader)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.has_engine
        assert "Pizzas en salle 2" in banner(app)
        await pilot.press("x")
        await wait_until(pilot, lambda: banner(app) == "", "the banner gone")
        await wait_until(pilot, lambda: read_dismissed(paint.folder) > 0, "the dismissal saved")
        go.set()
        await wait_until(pilot, lambda: app.has_engine and app.engine.state.status == "online", "the engine")
        await wait_until(
            pilot, lambda: "Budget participatif ouvert" in screen_text(app), "Home from the engine"
        )
        assert banner(app) == ""  # the dismissal was kept for the engine's reads too
        assert app.bells == 0
