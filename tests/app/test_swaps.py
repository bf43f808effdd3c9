"""Bug swaps in the app, against the real server: post, find, claim, release, resolve, filter, copy."""

from __future__ import annotations

from textual.widgets import Button, Checkbox, OptionList, TextArea

from nuittui.models import SwapStatus
from nuittui.readmodel.board import BoardView, SwapRow, board_view, may_act
from nuittui.screens.swap_detail import SwapDetailScreen
from nuittui.screens.swap_form import SwapForm
from nuittui.screens.swaps import SwapBoardScreen, SwapOption
from nuittui.screens.thread import ThreadView
from tests.app.conftest import HELPER, ME, MY_SWAP_TITLE, SIZE, screen_text, toasts, wait_until


def board(engine) -> BoardView:
    """The board as the app shows it, from the engine's cache and outbox (the read model)."""
    return board_view(engine.rows(), engine.handle, engine.unconfirmed())


def my_swap(engine) -> SwapRow:
    """My open swap of the demo (``MY_SWAP_TITLE``) as the board shows it."""
    return next(s for s in board(engine).swaps if s.author == ME and s.title == MY_SWAP_TITLE)


def board_titles(app) -> list[str]:
    board = app.screen.query_one("#swap-board", OptionList)
    return [o.swap.title for o in board.options if isinstance(o, SwapOption)]


async def open_board(app, pilot) -> None:
    await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
    await pilot.press("3")
    await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the swap board")


async def open_swap(app, pilot, title: str) -> SwapDetailScreen:
    board = app.screen.query_one("#swap-board", OptionList)
    index = next(
        i for i, o in enumerate(board.options) if isinstance(o, SwapOption) and o.swap.title == title
    )
    board.highlighted = index
    board.focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, SwapDetailScreen), "the swap's detail")
    return app.screen


async def test_post_a_swap_and_find_it_on_the_board(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
        await pilot.press(*"Segfault")
        app.screen.query_one("#swap-body", TextArea).insert("```\nSegmentation fault (core dumped)\n```")
        app.screen.query_one("#swap-tags").value = "Python, numpy"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Segfault" in board_titles(app), "the swap on the board")
        assert "pending" not in screen_text(app).split("Segfault")[0].splitlines()[-1]
        async with city.client(HELPER) as helper:
            found = [s for s in await helper.swaps(author=ME) if s.title == "Segfault"]
        assert len(found) == 1
        assert found[0].tags == ["python", "numpy"]
        assert "Segmentation fault" in found[0].body


async def test_a_bad_swap_is_refused_in_the_form_and_nothing_is_queued(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
        await pilot.press("ctrl+s")  # no title
        await pilot.pause()
        assert isinstance(app.screen, SwapForm)
        assert "title" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board again")
        assert app.engine.state.queued == 0


async def test_someone_claiming_my_swap_shows_a_toast_and_rings(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        mine = my_swap(app.engine)
        async with city.client(HELPER) as helper:
            await helper.claim(mine.id)
        await wait_until(pilot, lambda: any("@zoe-rennes" in t for t in toasts(app)), "the claim toast")
        toast = next(t for t in toasts(app) if "@zoe-rennes" in t)
        assert "Rennes" in toast
        assert MY_SWAP_TITLE in toast
        assert app.bells == 1


async def test_claim_then_release_someone_elses_swap(make_app, city) -> None:
    app = make_app()
    title = "PostGIS : ST_DWithin renvoie tous les trajets de la région"
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        detail = await open_swap(app, pilot, title)
        assert detail.query_one("#do-claim", Button).display
        assert not detail.query_one("#do-resolve", Button).display
        await pilot.press("c")
        await wait_until(pilot, lambda: detail.swap.status == SwapStatus.CLAIMED, "the claim confirmed")
        assert detail.swap.claimed_by == ME
        assert detail.query_one("#do-release", Button).display
        assert not detail.query_one("#do-claim", Button).display
        assert "Helper: @ada" in screen_text(app)
        await pilot.press("r")
        await wait_until(pilot, lambda: detail.swap.status == SwapStatus.OPEN, "the release confirmed")
        async with city.client(HELPER) as helper:
            assert (await helper.swap(detail.swap_id)).claimed_by is None


async def test_each_swap_opened_shows_its_own_text_actions_and_thread(make_app) -> None:
    app = make_app()
    theirs = "PostGIS : ST_DWithin renvoie tous les trajets de la région"
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        first = await open_swap(app, pilot, MY_SWAP_TITLE)
        assert first.query_one("#do-claim", Button).disabled  # my own swap: greyed, with why
        assert "This is your own swap" in screen_text(app)
        first.query_one(ThreadView).compose_area.insert("un brouillon pour mon swap")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board again")

        second = await open_swap(app, pilot, theirs)
        await wait_until(pilot, lambda: theirs in screen_text(app), "the second swap")

        text = screen_text(app)
        assert MY_SWAP_TITLE not in text and "This is your own swap" not in text
        assert not second.query_one("#do-claim", Button).disabled
        assert second.query_one(ThreadView).channel == f"swap:{second.swap_id}"
        assert second.query_one(ThreadView).compose_area.text == ""  # the draft stayed with the first
        assert app.focused is not None and app.focused.id == "swap-body-scroll"


async def test_the_palette_opens_another_swap_from_a_swap(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        await open_swap(app, pilot, MY_SWAP_TITLE)
        await pilot.press("ctrl+p", *"swap: open postgis")
        await wait_until(pilot, lambda: "ST_DWithin" in screen_text(app), "the command")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SwapDetailScreen) and MY_SWAP_TITLE not in screen_text(app),
            "the PostGIS swap",
        )
        text = screen_text(app)
        assert "PostGIS : ST_DWithin" in text and MY_SWAP_TITLE not in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board, one level up")


async def test_resolve_my_swap_with_thanks_and_a_rating(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        mine = my_swap(app.engine)
        async with city.client(HELPER) as helper:
            await helper.claim(mine.id)
        detail = await open_swap(app, pilot, MY_SWAP_TITLE)
        await wait_until(pilot, lambda: detail.swap.status == SwapStatus.CLAIMED, "the claim in the cache")
        assert detail.query_one("#do-claim", Button).disabled  # greyed, and said why: my own swap
        await pilot.press("v")
        await pilot.pause()
        app.screen.query_one("#resolve-thanks", TextArea).insert("Merci Zoé, c'était le conftest !")
        app.screen.query_one("#resolve-rating").value = 5
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: detail.swap.status == SwapStatus.RESOLVED, "resolved")
        async with city.client(HELPER) as helper:
            resolved = await helper.swap(mine.id)
        assert resolved.thanks == "Merci Zoé, c'était le conftest !"
        assert resolved.rating == 5
        assert detail.query_one("#do-reopen", Button).display


async def test_filters_status_and_my_skills(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        everything = board_titles(app)
        assert MY_SWAP_TITLE in everything
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one("#filter-skills", Checkbox).value
        matching = board_titles(app)
        # ada knows python and javascript: the PostGIS swap (sql, postgis) is left out
        assert "PostGIS : ST_DWithin renvoie tous les trajets de la région" not in matching
        assert "Leaflet : les marqueurs disparaissent depuis le passage à webpack" in matching
        app.screen.query_one("#filter-status").value = "resolved"
        await pilot.pause()
        assert board_titles(app) == []
        assert "No swap matches these filters." in screen_text(app)


async def test_copy_a_swap_as_markdown(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        board = app.screen.query_one("#swap-board", OptionList)
        board.highlighted = next(
            i
            for i, o in enumerate(board.options)
            if isinstance(o, SwapOption) and o.swap.title == MY_SWAP_TITLE
        )
        await pilot.press("y")
        assert app.clipboard.startswith(f"## {MY_SWAP_TITLE}\n")
        assert "- Asked by: Ada L. (@ada), Lyon" in app.clipboard


async def test_actions_offered_follow_the_rules_of_the_server(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        swaps = board_view(app.engine.rows(), ME, []).swaps
    mine = next(s for s in swaps if s.author == ME and s.status == "open")
    theirs = next(s for s in swaps if s.author != ME and s.status == "open")
    claimed = next(s for s in swaps if s.status == "claimed" and s.author != ME)

    def allowed(swap, my_claims=()) -> set[str]:
        return set(may_act(swap, ME, my_claims)[0])

    assert allowed(mine) == {"resolve", "cancel"}
    assert allowed(theirs) == {"claim"}
    assert allowed(theirs, my_claims=[claimed.id]) == set()
    assert allowed(claimed._replace(claimed_by=ME)) == {"release"}
    assert allowed(mine._replace(status="resolved")) == {"reopen"}


async def test_a_swap_posted_offline_is_pending_then_posted_once(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        city.go_offline()
        await wait_until(pilot, lambda: app.engine.state.status == "offline", "offline")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
        app.screen.query_one("#swap-title").value = "Wifi de la mezzanine"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "waiting to reach the server" in screen_text(app), "the pending swap")
        assert "pending   Wifi de la mezzanine" in screen_text(app)
        city.go_online()
        await wait_until(pilot, lambda: "Wifi de la mezzanine" in board_titles(app), "the swap confirmed")
        assert "waiting to reach the server" not in screen_text(app)
        async with city.client(HELPER) as helper:
            assert [s.title for s in await helper.swaps(author=ME)].count("Wifi de la mezzanine") == 1
