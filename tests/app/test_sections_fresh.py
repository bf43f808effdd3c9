"""A section shown again is up to date: it redraws when something it shows changed while it was hidden
(a sync change here; a read marker in ``test_home``), and otherwise shows at once as it was."""

from __future__ import annotations

import gc
import weakref

from textual.widgets import Checkbox, OptionList, Select

from nuittui.screens.base import SECTIONS
from nuittui.screens.chat import ChatScreen
from nuittui.screens.cities import CitiesScreen
from nuittui.screens.home import HomeScreen
from nuittui.screens.schedule import ScheduleScope, ScheduleScreen
from nuittui.screens.swap_detail import SwapDetailScreen
from nuittui.screens.swap_form import SwapForm
from nuittui.screens.swaps import SwapBoardScreen
from nuittui.screens.thread import ThreadView
from tests.app.conftest import HELPER, MY_SWAP_TITLE, SIZE, screen_text, wait_until
from tests.app.test_chat import open_chat
from tests.app.test_home import online_home
from tests.app.test_sections_ahead import all_built_ahead
from tests.app.test_swaps import my_swap


async def test_home_shown_again_after_a_change_while_hidden_shows_it(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        await pilot.press("6")
        await wait_until(pilot, lambda: isinstance(app.screen, CitiesScreen), "Cities")
        mine = my_swap(app.engine)
        async with city.client(HELPER) as helper:
            await helper.claim(mine.id)
        await wait_until(
            pilot,
            lambda: my_swap(app.engine).claimed_by == HELPER,
            "the claim synced while Home is hidden",
        )
        assert "claimed · helper: @zoe-rennes" not in screen_text(app)
        await pilot.press("1")
        await wait_until(
            pilot, lambda: "claimed · helper: @zoe-rennes" in screen_text(app), "the claim on Home"
        )


async def test_every_section_built_before_a_language_switch_shows_in_the_new_language(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        for key, screen in (("3", SwapBoardScreen), ("4", ChatScreen), ("1", HomeScreen)):
            await pilot.press(key)
            await wait_until(pilot, lambda screen=screen: isinstance(app.screen, screen), key)
        await app.switch_language("fr")
        await pilot.press("3")  # at once: the board built in English must not come back
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await wait_until(pilot, lambda: "n Publier un swap" in screen_text(app), "the board in French")
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        await wait_until(pilot, lambda: "Salons" in screen_text(app), "the chat in French")
        assert "Post a swap" not in screen_text(app) and "Channels" not in screen_text(app)


async def test_a_language_switch_shows_the_section_drawn_with_no_frame_between(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        await pilot.press("3")
        await wait_until(pilot, lambda: MY_SWAP_TITLE in screen_text(app), "the board")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapDetailScreen), "a swap's detail")
        await app.switch_language("fr")
        # when the switch is done, the board is back and already drawn in French: the frame
        # before stayed until then, with no blank or half-drawn one between
        assert isinstance(app.screen, SwapBoardScreen) and len(app.screen_stack) == 1
        text = screen_text(app)
        assert "n Publier un swap" in text and MY_SWAP_TITLE in text
        await pilot.press("n")  # and it answers keys
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the swap form")


async def test_the_sections_a_language_switch_replaces_are_not_kept_frozen(make_app) -> None:
    """Once every section is built the collector freezes them (its passes stay short); the ones a
    language switch replaces must be left to the collector, or each switch would keep a whole
    app's worth for good."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        await all_built_ahead(app, pilot)
        english = []
        for number, section in enumerate(SECTIONS, 1):
            await pilot.press(str(number))
            await wait_until(pilot, lambda section=section: app.current_mode == section, section)
            if app.screen is not app.default_screen:  # Textual keeps that one for good
                english.append(weakref.ref(app.screen))
        await wait_until(pilot, lambda: gc.get_freeze_count() > 0, "the sections built, frozen")
        await app.switch_language("fr")

        def english_collectable() -> bool:
            gc.collect()
            collectable = {id(each) for each in gc.get_objects()}  # the frozen ones are not
            kept = [screen() for screen in english]
            return all(screen is None or id(screen) in collectable for screen in kept)

        await wait_until(pilot, english_collectable, "the English sections freed or collectable")
        await all_built_ahead(app, pilot)


async def test_a_language_switch_keeps_the_open_channel_the_board_s_filters_and_the_scope(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chat = await open_chat(app, pilot)
        await pilot.press("escape", "c")
        chat.query_one("#channels", OptionList).highlighted = chat._index_of("city:paris")
        await pilot.press("enter")
        await wait_until(pilot, lambda: chat.query_one(ThreadView).channel == "city:paris", "Paris")
        await pilot.press("escape", "3")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await wait_until(pilot, lambda: MY_SWAP_TITLE in screen_text(app), "the swaps")
        await pilot.press("o")  # only mine, in Paris
        app.screen.query_one("#filter-city", Select).value = "paris"
        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, ScheduleScreen), "the schedule")
        await pilot.press("c")
        await wait_until(pilot, lambda: app.screen.scope is ScheduleScope.GLOBAL, "the next scope")
        await app.switch_language("fr")
        # the schedule on screen, rebuilt in French, shows the same scope
        await wait_until(pilot, lambda: "Pour tous (c pour changer)" in screen_text(app), "the scope")
        await pilot.press("4")  # and the chat, rebuilt hidden, has Paris open
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        await wait_until(pilot, lambda: "#Paris" in screen_text(app), "Paris's channel, open")
        assert app.screen.query_one(ThreadView).channel == "city:paris"
        await pilot.press("3")  # the board, too, keeps its filters
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await wait_until(pilot, lambda: "Mes swaps" in screen_text(app), "the board in French")
        board = app.screen
        assert board.query_one("#filter-mine", Checkbox).value
        await wait_until(
            pilot, lambda: board.query_one("#filter-city", Select).value == "paris", "Paris chosen"
        )
