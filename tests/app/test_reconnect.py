"""Back online soon after the server returns: the capped reconnect delay, a key to retry now, and
any key pressed while offline trying at once."""

from __future__ import annotations

from nuittui.screens.swaps import SwapBoardScreen
from nuittui.sync import Backoff
from tests.app.conftest import ME, SIZE, screen_text, toasts, wait_until

SLOW = Backoff(base=120.0, cap=120.0)
"""Delays far longer than any test waits: only a retry can bring the app back online."""


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


def test_the_reconnect_delay_never_grows_past_two_seconds() -> None:
    backoff = Backoff()
    delays = [backoff.next_delay() for _ in range(40)]
    assert max(delays) <= 2.0
    assert min(delays) > 0


async def test_back_online_soon_after_a_long_outage(city, make_app) -> None:
    engine = city.engine(ME, reconnect=Backoff())  # the app's own delays
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: engine.state.status == "online", "the first sync")
        city.go_offline()
        await wait_until(pilot, lambda: engine.state.status == "offline", "offline")
        # a long outage: the delay between tries has grown to its cap
        await wait_until(pilot, lambda: engine._reconnect.failures >= 8, "many failed tries", timeout=60)
        city.go_online()
        # at most one capped delay (2 s) and one request away; the bound is generous
        await wait_until(pilot, lambda: engine.state.status == "online", "back online", timeout=8)
        await wait_until(pilot, lambda: "● online" in screen_text(app), "the status bar")


async def test_the_retry_key_shows_while_offline_and_reconnects_at_once(city, make_app) -> None:
    engine = city.engine(ME, reconnect=SLOW)
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: engine.state.status == "online", "the first sync")
        assert "Retry now" not in footer_line(app)
        city.go_offline()
        await wait_until(pilot, lambda: engine.state.status == "offline", "offline")
        await wait_until(pilot, lambda: "^r Retry now" in footer_line(app), "the retry key in the footer")
        await pilot.press("f1")
        await wait_until(pilot, lambda: "Retry now" in screen_text(app), "the retry key in the help")
        await pilot.press("escape")
        city.go_online()
        await pilot.press("ctrl+r")
        # the toast goes after 3 s: seen first, then the link back (however slow the run)
        await wait_until(pilot, lambda: any("Trying to reach the server" in t for t in toasts(app)), "said")
        await wait_until(pilot, lambda: engine.state.status == "online", "back online on the retry key")
        await wait_until(pilot, lambda: "Retry now" not in footer_line(app), "the retry key gone")


async def test_any_key_pressed_while_offline_tries_the_server_at_once(city, make_app) -> None:
    engine = city.engine(ME, reconnect=SLOW)
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: engine.state.status == "online", "the first sync")
        city.go_offline()
        await wait_until(pilot, lambda: engine.state.status == "offline", "offline")
        city.go_online()
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await wait_until(pilot, lambda: engine.state.status == "online", "back online after a key")
