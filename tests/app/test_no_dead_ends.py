"""No dead ends, as a participant meets them: Home's "My swaps", a swap just posted, what cannot be
done and why, what ``y`` copies, a draft kept on Escape, the channel highlight kept across syncs."""

from __future__ import annotations

from textual.widgets import Checkbox, OptionList, Select

from nuittui.screens.home import HomeScreen
from nuittui.screens.swap_detail import SwapDetailScreen
from nuittui.screens.swap_form import SwapForm
from nuittui.screens.swaps import SwapBoardScreen, SwapOption
from tests.app.conftest import ME, MY_SWAP_TITLE, SIZE, screen_text, toasts, wait_until
from tests.app.test_swaps import board_titles, open_board, open_swap

POSTGIS = "PostGIS : ST_DWithin renvoie tous les trajets de la région"


def highlighted_title(app) -> str | None:
    option = app.screen.query_one("#swap-board", OptionList).highlighted_option
    return option.swap.title if isinstance(option, SwapOption) else None


async def test_my_swaps_on_home_opens_the_board_with_only_mine(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        postgis = next(s for s in city.store.list_swaps() if s.title == POSTGIS)
        async with city.client(ME) as me:
            await me.claim(postgis.id)  # one I help on
        await open_board(app, pilot)
        await wait_until(pilot, lambda: POSTGIS in screen_text(app), "the board")
        await open_swap(app, pilot, POSTGIS)  # left open: "My swaps" goes back to the board
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await wait_until(pilot, lambda: sorted(board_titles(app)) == sorted([MY_SWAP_TITLE, POSTGIS]), "mine")
        assert app.screen.query_one("#filter-mine", Checkbox).value
        assert app.screen.query_one("#filter-status", Select).value == "active"
        await pilot.press("o")  # the same key takes the filter off
        await wait_until(pilot, lambda: len(board_titles(app)) > 2, "every swap again")


async def test_a_swap_just_posted_is_selected_on_the_board(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        assert highlighted_title(app) != "Wifi de la mezzanine"
        city.go_offline()
        await wait_until(pilot, lambda: app.engine.state.status == "offline", "offline")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
        await pilot.press(*"Wifi de la mezzanine")
        await pilot.press("ctrl+s")
        board = app.screen.query_one("#swap-board", OptionList)
        # pending, it is already the one highlighted (and says why it cannot open yet)
        await wait_until(
            pilot,
            lambda: (
                board.highlighted_option is not None and "pending-" in (board.highlighted_option.id or "")
            ),
            "the pending swap highlighted",
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("waiting to reach the server" in t for t in toasts(app)), "why")
        city.go_online()
        await wait_until(
            pilot, lambda: highlighted_title(app) == "Wifi de la mezzanine", "the new swap selected"
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapDetailScreen), "its detail")
        assert app.screen.swap is not None and app.screen.swap.title == "Wifi de la mezzanine"
