"""Snapshots (120×40) of Home, the swap board, a swap and the chat, on the seeded demo event at a
frozen time. Update with ``pytest tests/app/test_snapshots_a.py --snapshot-update`` and look at
each SVG before accepting it."""

from __future__ import annotations

from nuittui.screens.chat import ChatScreen
from nuittui.screens.swap_detail import SwapDetailScreen
from nuittui.screens.swaps import SwapBoardScreen, SwapOption
from nuittui.screens.thread import ThreadView
from tests.app.conftest import MENTION_BODY, MY_SWAP_TITLE, SIZE, screen_text, wait_until


async def online(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
    await wait_until(pilot, lambda: "@ada · Lyon" in screen_text(app), "the top bar")


class TestHome:
    def test_home(self, snap_compare, make_app) -> None:
        async def run_before(pilot) -> None:
            await online(pilot)
            await wait_until(pilot, lambda: MENTION_BODY in screen_text(pilot.app), "the mention")

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


class TestSwaps:
    def test_board(self, snap_compare, make_app) -> None:
        async def run_before(pilot) -> None:
            await online(pilot)
            await pilot.press("3")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, SwapBoardScreen), "the board")

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)

    def test_my_swap(self, snap_compare, make_app) -> None:
        async def run_before(pilot) -> None:
            app = pilot.app
            await online(pilot)
            await pilot.press("3")
            await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
            board = app.screen.query_one("#swap-board")
            board.highlighted = next(
                i
                for i, o in enumerate(board.options)
                if isinstance(o, SwapOption) and o.swap.title == MY_SWAP_TITLE
            )
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, SwapDetailScreen), "the swap")

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def lyon_read(app) -> bool:
    """The channel list counts Lyon as read (it is read with the thread, in the same worker)."""
    return any(e.channel.id == "city:lyon" and e.unread == 0 for e in app.screen._entries)


class TestChat:
    def test_my_city_channel_with_a_mention(self, snap_compare, make_app) -> None:
        async def run_before(pilot) -> None:
            app = pilot.app
            await online(pilot)
            await pilot.press("4")
            await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
            app.screen.open_channel("city:lyon")
            thread = app.screen.query_one(ThreadView)
            await wait_until(
                pilot, lambda: thread.messages.rows and thread.messages.rows[-1].body == MENTION_BODY, "Lyon"
            )
            await wait_until(pilot, lambda: lyon_read(app), "Lyon read in the channel list")
            await pilot.press("escape")  # the messages, not the blinking compose box

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
