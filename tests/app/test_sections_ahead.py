"""The sections not shown yet are built ahead, hidden, after the app starts and after a language
switch: a first visit is then as quick as a revisit, and shows what is current, in the current
language. Built hidden, a section does nothing a user would have to see (no thread marked read)."""

from __future__ import annotations

from nuittui.models import MessageCreate, SwapCreate
from nuittui.readmodel.threads import channel_lines
from nuittui.screens.base import SECTIONS
from nuittui.screens.chat import ChatScreen
from nuittui.screens.cities import CitiesScreen
from nuittui.screens.swaps import SwapBoardScreen
from tests.app.conftest import HELPER, SIZE, screen_text, wait_until
from tests.app.test_home import online_home
from tests.app.test_swaps import board


def unread(app, channel: str) -> int:
    engine = app.engine
    lines = channel_lines(engine.rows(), engine.handle, engine.unconfirmed(), engine.read_markers())
    return next(line for line in lines if line.channel.id == channel).unread


async def all_built_ahead(app, pilot) -> None:
    await wait_until(pilot, lambda: app.built_sections() == set(SECTIONS), "every section built ahead")


async def test_a_chat_built_ahead_marks_its_channel_read_only_once_shown(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        async with city.client(HELPER) as helper:
            await helper.send_message("all", MessageCreate(body="Quelqu'un a un adaptateur HDMI ?"))
        await wait_until(pilot, lambda: unread(app, "all") >= 1, "an unread message in the event's channel")
        await all_built_ahead(app, pilot)
        before = unread(app, "all")
        await pilot.pause(0.3)
        assert unread(app, "all") == before  # the chat, built hidden, read nothing
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        await wait_until(pilot, lambda: "adaptateur HDMI" in screen_text(app), "the new message on screen")
        await wait_until(pilot, lambda: unread(app, "all") == 0, "the event's channel read once shown")


async def test_a_section_built_ahead_shows_what_changed_after_it_was_built(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        await all_built_ahead(app, pilot)
        async with city.client(HELPER) as helper:
            await helper.create_swap(SwapCreate(title="Vite ne recharge plus", tags=["js"]))
        await wait_until(
            pilot,
            lambda: any(s.title == "Vite ne recharge plus" for s in board(app.engine).swaps),
            "the new swap synced while the board is hidden",
        )
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await wait_until(pilot, lambda: "Vite ne recharge plus" in screen_text(app), "the new swap shown")


async def test_after_a_language_switch_the_sections_are_built_again_ahead_in_the_new_language(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        await all_built_ahead(app, pilot)
        await app.switch_language("fr")
        await wait_until(pilot, lambda: "1 Accueil" in screen_text(app), "Home in French")
        await all_built_ahead(app, pilot)
        await pilot.press("6")
        await wait_until(pilot, lambda: isinstance(app.screen, CitiesScreen), "the cities")
        await pilot.pause()
        shown = screen_text(app)
        assert "Villes — chiffres en direct" in shown and "Cities" not in shown
