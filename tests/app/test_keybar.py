"""The key bar at the bottom of every section: a click on a key presses it, a click on a greyed key
says why, and on a narrow terminal the pinned keys (F1, q, Ctrl+P) stay while the others are cut."""

from __future__ import annotations

from textual.widgets import Button

from nuittui.screens.base import SectionFooter
from nuittui.screens.swap_form import SwapForm
from tests.app.conftest import ME, SIZE, screen_text, toasts, wait_until
from tests.app.test_no_dead_ends import POSTGIS
from tests.app.test_swaps import board, open_board, open_swap


def offset_of(bar: SectionFooter, label: str) -> tuple[int, int]:
    """Where ``label`` is drawn in the bar (a cell inside it), as a user would aim the mouse."""
    line = screen_text(bar.app).splitlines()[-1]
    start = line.index(label)
    return (start + 1, 0)


async def test_a_click_on_a_key_presses_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        bar = app.screen.query_one(SectionFooter)
        await wait_until(
            pilot, lambda: "n Post a swap" in screen_text(app).splitlines()[-1], "the board's keys"
        )
        await pilot.click(SectionFooter, offset=offset_of(bar, "n Post a swap"))
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form, from a click on its key")


async def test_a_click_on_a_greyed_key_says_why(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        postgis = next(s for s in city.store.list_swaps() if s.title == POSTGIS)
        async with city.client(ME) as me:
            await me.claim(postgis.id)  # one claim at a time: no Claim elsewhere
        await open_board(app, pilot)
        await wait_until(pilot, lambda: any(s.claimed_by == ME for s in board(app.engine).swaps), "my claim")
        detail = await open_swap(
            app, pilot, "Leaflet : les marqueurs disparaissent depuis le passage à webpack"
        )
        claim = detail.query_one("#do-claim", Button)
        await wait_until(pilot, lambda: claim.display and claim.disabled, "a greyed Claim")
        bar = detail.query_one(SectionFooter)
        await wait_until(
            pilot, lambda: "c Claim" in screen_text(app).splitlines()[-1], "Claim in the key bar"
        )
        await pilot.click(SectionFooter, offset=offset_of(bar, "c Claim"))
        why = f"You already help on swap #{postgis.id}: release it first (one claim at a time)."
        await wait_until(pilot, lambda: any(why in t for t in toasts(app)), "why, on the click")
        assert app.engine.state.queued == 0  # nothing was claimed


async def test_a_narrow_terminal_cuts_the_sections_keys_not_help_and_quit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await open_board(app, pilot)
        await wait_until(pilot, lambda: "F1 Help" in screen_text(app).splitlines()[-1], "the key bar")
        last = screen_text(app).splitlines()[-1]
        assert "q Quit" in last and "^p Commands" in last
        assert "n Post a swap" in last  # the first of the board's keys still fits
        assert "y Copy" not in last  # the last one does not: F1 lists it
        await pilot.press("f1")
        await wait_until(pilot, lambda: "Copy" in screen_text(app), "every key, in the help")
