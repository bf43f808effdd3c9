"""Text from people and servers is data: markup, escape sequences and bidi overrides in chat, swap
titles, display names, team and city names show literally (or harmlessly cleaned), and clicking them
runs nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from nuittui.models import City, EventPublic, MessageCreate, ProjectCreate, SwapCreate, Theme
from nuittui.screens.chat import ChatScreen
from nuittui.screens.swap_detail import SwapDetailScreen
from nuittui.screens.swaps import SwapBoardScreen
from nuittui.server.store import SYSTEM, Store
from tests.app.conftest import ME, SIZE, CityServer, FrozenClock, screen_text, wait_until

CLICK = "[@click=app.quit]x[/]"
MARKUP = [CLICK, "[/", "[TODO] fix", "a\\[b]"]
ESCAPES = {
    "\x1b[31mred\x1b[0m": "[31mred[0m",  # the server drops the ESC: what is left is plain text
    "\x1b]52;c;aGVsbG8=\x07osc": "]52;c;aGVsbG8=osc",
    "\u202eevil": "evil",
}
LONG = "x" * 10_000


@pytest.fixture
def hostile(tmp_path: Path, clock: FrozenClock) -> CityServer:
    """A server whose city, team, person, swap and messages all carry hostile text."""
    event = EventPublic(
        name="[@click=app.quit]Nuit[/]",
        timezone="Europe/Paris",
        starts_at=datetime(2017, 3, 4, 8, tzinfo=UTC),
        ends_at=datetime(2017, 3, 5, 17, tzinfo=UTC),
        jury_at=datetime(2017, 3, 5, 13, tzinfo=UTC),
        cities=[
            City(id="lyon", name="[@click=app.quit]Lyon[/]"),
            City(id="rennes", name="[b]Rennes[/b] \u202e"),
        ],
        themes=[Theme(id="democratie-numerique", name="[TODO] fix")],
    )
    path = tmp_path / "hostile.db"
    Store.create(path, event=event, join_code="code").close()
    server = CityServer(path, {}, clock, tmp_path)
    server.add_user(ME, city="lyon", display_name="Ada")
    server.add_user("mallory", city="rennes", display_name="[@click=app.quit]Mallory[/] \x1b[2J")
    store = server.store
    project = store.create_project(
        None,
        SYSTEM,
        ProjectCreate(title="[@click=app.quit]team[/] a\\[b]", theme="democratie-numerique", city="lyon"),
    ).value
    store.join_project(None, store.actor(ME), project.id)
    store.join_project(None, store.actor("mallory"), project.id)
    mallory = store.actor("mallory")
    store.create_swap(
        None, mallory, SwapCreate(title=f"{CLICK} [TODO] fix a\\[b] [/", body=LONG, tags=["python"])
    )
    store.post_message(None, mallory, "all", MessageCreate(body="y" * 4000))
    for body in [*MARKUP, *ESCAPES]:
        store.post_message(None, mallory, "all", MessageCreate(body=body))
    yield server
    server.close()


async def click_on(pilot, app, text: str) -> None:
    """Click on the first place ``text`` is shown."""
    for y, line in enumerate(screen_text(app).splitlines()):
        x = line.find(text)
        if x >= 0:
            await pilot.click(offset=(x + 1, y))
            return
    raise AssertionError(f"{text!r} is not on screen")


def assert_clean(text: str) -> None:
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text


async def test_chat_shows_hostile_messages_literally(hostile, clock) -> None:
    from nuittui.app import NuitApp

    app = NuitApp(engine=hostile.engine(ME), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        await wait_until(pilot, lambda: "y" * 50 in screen_text(app), "the messages")
        shown = screen_text(app)
        for text in MARKUP:
            assert text in shown
        for cleaned in ESCAPES.values():
            assert cleaned in shown
        assert_clean(shown)
        assert "[@click=app.quit]Lyon[/]" in shown  # a city name in the channel list
        assert "# [@click=app.quit]team[/]" in shown  # a team name, cut to fit
        await click_on(pilot, app, CLICK)
        await pilot.pause()
        assert app.is_running


async def test_swap_title_body_and_names_show_literally(hostile, clock) -> None:
    from nuittui.app import NuitApp

    app = NuitApp(engine=hostile.engine(ME), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        shown = screen_text(app)
        assert "[@click=app.quit]Lyon[/]" in shown  # my city, in the top bar
        assert "[@click=app.quit]Mallory[/]" in shown  # a teammate's name on Home
        assert_clean(shown)
        await click_on(pilot, app, "[@click=app.quit]Mallory[/]")
        assert app.is_running
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        shown = screen_text(app)
        assert f"{CLICK} [TODO] fix a\\[b] [/" in shown
        assert "[b]Rennes[/b]" in shown
        await click_on(pilot, app, CLICK)  # a click opens the swap; the text's "action" does nothing
        await wait_until(pilot, lambda: isinstance(app.screen, SwapDetailScreen), "the swap")
        assert app.is_running
        shown = screen_text(app)
        assert "x" * 100 in shown  # the 10,000-character line, wrapped
        assert f"{CLICK} [TODO] fix a\\[b] [/" in shown
        await click_on(pilot, app, CLICK)
        assert app.is_running


async def test_palette_lists_hostile_names_as_text(hostile, clock) -> None:
    from nuittui.app import NuitApp

    app = NuitApp(engine=hostile.engine(ME), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        await pilot.press("ctrl+p")
        await pilot.press(*"click")
        await wait_until(pilot, lambda: "[@click=app.quit]" in screen_text(app), "the palette's hits")
        await click_on(pilot, app, "[@click=app.quit]")
        await pilot.pause()
        assert app.is_running
