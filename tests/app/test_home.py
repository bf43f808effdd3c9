"""Home against the real server: now and next, the jury countdown, my team, my swaps, my mentions."""

from __future__ import annotations

from nuittui.screens.chat import ChatScreen
from nuittui.screens.home import HomeScreen
from nuittui.screens.thread import ThreadView
from tests.app.conftest import HELPER, MENTION_BODY, MY_SWAP_TITLE, SIZE, screen_text, wait_until
from tests.app.test_swaps import my_swap


async def online_home(app, pilot) -> HomeScreen:
    await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
    await wait_until(pilot, lambda: "Budget participatif ouvert" in screen_text(app), "my team on Home")
    return app.screen


async def test_home_shows_now_next_countdown_team_swaps_and_mentions(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        shown = screen_text(app)
        assert "20:30–08:00 La nuit du code" in shown  # now, in Paris time
        assert "08:00–09:00 Petit-déjeuner" in shown  # next
        assert "in 17 h 18 min" in shown  # the jury is on Sunday at 14:00
        assert "Camille R., Hugo M., Ada L." in shown
        assert MY_SWAP_TITLE in shown
        assert "#Lyon @camille-lyon: " + MENTION_BODY in shown
        assert "Raclette de minuit" not in shown  # Geneva's item is not for Lyon


async def test_time_moves_the_schedule_and_the_countdown(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await online_home(app, pilot)
        clock.advance(hours=17, minutes=30)  # Sunday 14:12 in Paris
        home.refresh_data()  # what the minute timer does
        await pilot.pause()
        shown = screen_text(app)
        assert "the jury has started" in shown
        assert "14:00–16:30 Passage devant le jury" in shown
        assert "17:00–18:00 Clôture et résultats" in shown


async def test_a_claim_on_my_swap_shows_on_home(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        mine = my_swap(app.engine)
        async with city.client(HELPER) as helper:
            await helper.claim(mine.id)
        await wait_until(
            pilot, lambda: "claimed · helper: @zoe-rennes" in screen_text(app), "the helper on Home"
        )


async def test_m_opens_the_chat_on_the_mention_and_reads_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        thread = app.screen.query_one(ThreadView)
        await wait_until(pilot, lambda: thread.channel == "city:lyon", "the Lyon channel")
        await wait_until(pilot, lambda: thread.messages.rows[-1].body == MENTION_BODY, "the mention")
        await pilot.press("escape", "1")
        await wait_until(pilot, lambda: "No unread mention." in screen_text(app), "the mention read")
