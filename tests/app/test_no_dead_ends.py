"""No dead ends, as a participant meets them: Home's "My swaps", a swap just posted, what cannot be
done and why, what ``y`` copies, a draft kept on Escape, the channel highlight kept across syncs."""

from __future__ import annotations

from textual.widgets import Button, Checkbox, OptionList, Select

from nuittui.models import MessageCreate
from nuittui.screens.chat import ChannelOption, ChatScreen
from nuittui.screens.home import HomeScreen
from nuittui.screens.swap_detail import SwapDetailScreen
from nuittui.screens.swap_form import SwapForm
from nuittui.screens.swaps import SwapBoardScreen, SwapOption
from nuittui.screens.thread import ThreadView
from tests.app.conftest import HELPER, ME, MY_SWAP_TITLE, SIZE, screen_text, toasts, wait_until
from tests.app.test_swaps import board, board_titles, open_board, open_swap

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


LAPTOP = (80, 24)


def on_screen(app, widget) -> bool:
    """Whether ``widget`` is drawn, whole, inside the terminal (not scrolled away or clipped)."""
    region = widget.region
    visible = app.screen.find_widget(widget).region if widget.display else None
    width, height = app.size
    return (
        visible is not None
        and region.height > 0
        and visible == region
        and region.right <= width
        and region.bottom <= height
    )


async def test_the_swap_form_fits_a_laptop_the_focused_field_and_post_in_view(make_app) -> None:
    app = make_app()
    async with app.run_test(size=LAPTOP) as pilot:
        await open_board(app, pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
        form = app.screen
        post = form.query_one("#swap-post")
        assert on_screen(app, post)
        for field in ("#swap-body", "#swap-tags", "#swap-project", "#swap-location"):
            await pilot.press("tab")
            await wait_until(pilot, lambda f=field: form.focused is form.query_one(f), f"focus on {field}")
            await wait_until(pilot, lambda f=field: on_screen(app, form.query_one(f)), f"{field} in view")
            assert on_screen(app, post), f"Post hidden with {field} focused"
        await pilot.press(*"Bureau 2")  # typed where it can be seen
        assert form.query_one("#swap-location").value == "Bureau 2"
        footer = screen_text(app).splitlines()[-1]
        assert "^s Post" in footer and "F1 Help" in footer
        await pilot.press("f1")
        await wait_until(pilot, lambda: "Keys of this screen" in screen_text(app), "the help over the form")
        assert "Post the swap" in screen_text(app)


async def test_escape_keeps_a_draft_that_comes_back_and_discard_forgets_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=LAPTOP) as pilot:
        await open_board(app, pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
        await pilot.press(*"Docker ne démarre pas")
        app.screen.query_one("#swap-body").insert("Cannot connect to the Docker daemon")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        assert any("Draft kept" in t for t in toasts(app))
        assert app.engine.state.queued == 0  # nothing was posted
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form again")
        form = app.screen
        assert form.query_one("#swap-title").value == "Docker ne démarre pas"
        assert form.query_one("#swap-body").text == "Cannot connect to the Docker daemon"
        assert "Your draft is back" in screen_text(app)
        await pilot.click("#form-discard")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "an empty form")
        assert app.screen.query_one("#swap-title").value == ""
        app.clear_notifications()  # what was said before (toasts expire on their own, however slow the run)
        await pilot.press("escape")  # nothing typed: nothing kept, nothing said
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await pilot.pause()
        assert not any("Draft kept" in t for t in toasts(app))


async def test_a_claim_i_may_not_make_is_greyed_and_says_why(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        postgis = next(s for s in city.store.list_swaps() if s.title == POSTGIS)
        async with city.client(ME) as me:
            await me.claim(postgis.id)  # I help there: one claim at a time
        await open_board(app, pilot)
        await wait_until(pilot, lambda: any(s.claimed_by == ME for s in board(app.engine).swaps), "my claim")
        leaflet = "Leaflet : les marqueurs disparaissent depuis le passage à webpack"
        detail = await open_swap(app, pilot, leaflet)
        claim = detail.query_one("#do-claim", Button)
        why = f"You already help on swap #{postgis.id}: release it first (one claim at a time)."
        await wait_until(pilot, lambda: claim.display and claim.disabled, "a greyed Claim")
        assert why in screen_text(app)
        await pilot.press("c")
        await wait_until(pilot, lambda: any(why in t for t in toasts(app)), "why, on the key")
        assert app.engine.state.queued == 0
        await pilot.press("f1")
        await wait_until(pilot, lambda: "not now: You already help" in screen_text(app), "why, in the help")
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await open_swap(app, pilot, MY_SWAP_TITLE)
        await wait_until(pilot, lambda: "This is your own swap" in screen_text(app), "my own swap")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        claimed = "pandas : UnicodeDecodeError sur le fichier des stations"
        await open_swap(app, pilot, claimed)
        await wait_until(
            pilot, lambda: "Already claimed by @quentin-bruxelles." in screen_text(app), "someone's claim"
        )


async def test_y_copies_what_has_the_focus_and_always_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        detail = await open_swap(app, pilot, MY_SWAP_TITLE)
        await wait_until(pilot, lambda: detail.focused is detail.query_one("#swap-body-scroll"), "the swap")
        await pilot.press("y")
        assert app.clipboard.startswith(f"## {MY_SWAP_TITLE}\n")
        await wait_until(pilot, lambda: any("Copied as Markdown: swap #" in t for t in toasts(app)), "toast")
        thread = detail.query_one(ThreadView)
        thread.messages.focus()
        await pilot.pause()
        await pilot.press("y")  # no message chosen yet
        await wait_until(pilot, lambda: any("Nothing copied" in t for t in toasts(app)), "why not")
        assert app.clipboard.startswith(f"## {MY_SWAP_TITLE}\n")  # unchanged
        await thread.send(thread.channel, "Tu as regardé conftest.py ?").wait()
        await wait_until(pilot, lambda: bool(thread.messages.rows), "a message in the thread")
        thread.messages.focus()
        await wait_until(pilot, lambda: thread.messages.has_focus, "the thread focused")
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: app.clipboard.startswith("**@ada** ("), "the message copied")
        assert "Tu as regardé conftest.py ?" in app.clipboard
        await wait_until(
            pilot, lambda: any("the message of @ada at" in t for t in toasts(app)), "what was copied"
        )


async def test_the_channel_list_keeps_my_highlight_when_a_sync_redraws_it(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        chat = app.screen
        channels = chat.query_one("#channels", OptionList)
        await wait_until(pilot, lambda: isinstance(channels.highlighted_option, ChannelOption), "the list")
        assert channels.highlighted_option.entry.channel.id == "all"  # the open channel
        await pilot.press("down")  # onto the next channel, not opened
        chosen = channels.highlighted_option.entry.channel.id
        assert chosen != "all"
        async with city.client(HELPER) as helper:
            await helper.send_message("all", MessageCreate(body="Quelqu'un a du café ?"))
        thread = chat.query_one(ThreadView)
        await wait_until(
            pilot, lambda: thread.messages.rows[-1].body == "Quelqu'un a du café ?", "the sync's message"
        )
        assert channels.highlighted_option.entry.channel.id == chosen  # not back on the open channel
        await pilot.press("enter")
        await wait_until(pilot, lambda: thread.channel == chosen, "the channel I chose opened")


SMALL = (60, 20)


async def test_at_60_by_20_in_french_every_section_is_named_and_help_and_quit_show(make_app) -> None:
    from nuittui.i18n import set_language
    from nuittui.screens.base import SECTIONS, section_label

    set_language("fr")
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        for number in "234561":
            await pilot.press(number)
            await wait_until(
                pilot, lambda n=number: SECTIONS[int(n) - 1] == type(app.screen).SECTION, f"section {number}"
            )
            await pilot.pause()
            lines = screen_text(app).splitlines()
            top = " ".join(lines[:2])
            for index, section in enumerate(SECTIONS, start=1):
                assert f"{index} {section_label(section)}" in top, (section, top)
            assert "F1 Aide" in lines[-1] and "q Quitter" in lines[-1], lines[-1]
            if isinstance(app.screen, ChatScreen):
                await pilot.press("escape")  # out of the compose box: digits are text there


async def test_at_60_by_20_a_swap_and_its_thread_are_both_reachable(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await open_board(app, pilot)
        detail = await open_swap(app, pilot, MY_SWAP_TITLE)
        thread = detail.query_one(ThreadView)
        await wait_until(pilot, lambda: on_screen(app, thread.compose_area), "the box to write in")
        assert "This is your own swap" in screen_text(app)
        await pilot.press("i")
        await pilot.press(*"Un exemple minimal ?", "enter")
        await wait_until(pilot, lambda: bool(thread.messages.rows), "my message")
        await wait_until(pilot, lambda: on_screen(app, thread.messages), "the messages, once in the thread")
        await wait_until(pilot, lambda: "Un exemple minimal ?" in screen_text(app), "my message shown")
        await pilot.press("shift+tab")  # from the box to the messages…
        await pilot.press("shift+tab")  # …and on to the swap's buttons: nothing traps the focus
        await wait_until(
            pilot, lambda: thread not in (detail.focused.ancestors_with_self if detail.focused else []), "out"
        )
