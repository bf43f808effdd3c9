"""A section shown again is up to date: it redraws when something it shows changed while it was hidden
(a sync change here; a read marker in ``test_home``), and otherwise shows at once as it was."""

from __future__ import annotations

import gc
import weakref

from nuittui.i18n import current_language, set_language
from nuittui.screens.base import SECTIONS
from nuittui.screens.chat import ChatScreen
from nuittui.screens.cities import CitiesScreen
from nuittui.screens.home import HomeScreen
from nuittui.screens.swap_detail import SwapDetailScreen
from nuittui.screens.swap_form import SwapForm
from nuittui.screens.swaps import SwapBoardScreen
from tests.app.conftest import HELPER, MY_SWAP_TITLE, SIZE, screen_text, wait_until
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
    try:
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
    finally:
        if current_language() != "en":
            set_language("en")


async def test_a_language_switch_shows_the_section_drawn_with_no_frame_between(make_app) -> None:
    app = make_app()
    try:
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
    finally:
        if current_language() != "en":
            set_language("en")


async def test_the_sections_a_language_switch_replaces_are_freed(make_app) -> None:
    """Once every section is built the collector freezes them (its passes stay short); the ones a
    language switch replaces must still be freed, or each switch would keep a whole app's worth.

    Home and Schedule are left out: Textual keeps the app's first screen (Home) for the app's
    life, and a timer Schedule cancelled holds it until the timer's time (30 s)."""
    app = make_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await online_home(app, pilot)
            await all_built_ahead(app, pilot)
            english = []
            for number, section in enumerate(SECTIONS, 1):
                await pilot.press(str(number))
                await wait_until(pilot, lambda section=section: app.current_mode == section, section)
                if section not in ("home", "schedule"):
                    english.append(weakref.ref(app.screen))
            await wait_until(pilot, lambda: gc.get_freeze_count() > 0, "the sections built, frozen")
            await app.switch_language("fr")
            await wait_until(pilot, lambda: "1 Accueil" in screen_text(app), "the app in French")

            def english_freed() -> bool:
                gc.collect()
                return all(screen() is None for screen in english)

            await wait_until(pilot, english_freed, "the English sections freed")
    finally:
        if current_language() != "en":
            set_language("en")
