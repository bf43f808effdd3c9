"""The first run: the welcome screen connects to a city server for real, or leaves for the demo.

The server is the real one, served by uvicorn on 127.0.0.1 (the welcome screen
knows only a URL, like a participant at the venue); config and credentials go
to the test's own XDG folders.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from textual.app import App, ComposeResult
from textual.widgets import Input, Select, Static

from nuittui.profiles import list_profiles, load_token
from nuittui.readmodel.rows import Row, me_row
from nuittui.screens.welcome import WelcomeScreen, parse_skills
from nuittui.server.demo import DEMO_JOIN_CODE
from tests.app.conftest import HELPER, SIZE, CityServer, FrozenClock, screen_text, wait_until
from tests.ports import held_port


@pytest.fixture
def live_url(city: CityServer) -> Iterator[str]:
    """The test's server on a free loopback port, served by uvicorn in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    config = uvicorn.Config(
        city.app,
        loop="asyncio",
        lifespan="off",  # the fixture closes the store itself
        log_config=None,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # a failure bound: a busy machine starts uvicorn slowly
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def closed_url() -> Iterator[str]:
    """A loopback URL where nothing listens (held for the test: nobody else can listen there)."""
    with held_port() as port:
        yield f"http://127.0.0.1:{port}"


def first_run_app(clock: FrozenClock) -> Any:
    """The app as ``nuit-tui`` opens it with no profile yet."""
    from nuittui.app import NuitApp

    return NuitApp(engine=None, clock=clock)


async def fill(pilot: Any, **values: str) -> WelcomeScreen:
    """Fill the form's text fields (by id, dashes as underscores), as typed."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome screen")
    screen = app.screen
    for name, value in values.items():
        field = screen.query_one(f"#{name.replace('_', '-')}", Input)
        field.value = value
    await pilot.pause()
    return screen


def me(app: Any) -> Row | None:
    """My user row in the app's cache, as the read model reads it (None before it synced)."""
    return me_row(app.engine.rows(), app.engine.handle, app.engine.unconfirmed())


def error_text(screen: WelcomeScreen) -> str:
    """The inline error under the form."""
    return str(screen.query_one("#welcome-error", Static).content)


async def test_connect_to_my_city_saves_the_profile_and_opens_home(live_url: str, clock) -> None:
    app = first_run_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await fill(pilot, api_url=live_url)
        select = screen.query_one("#city-select", Select)
        await wait_until(pilot, lambda: select.display and not select.has_class("-hidden"), "the city list")
        assert "Nuit du Code Citoyen 2017 — 7 cities" in screen_text(app)
        select.value = "toulouse"
        await fill(
            pilot, join_code=DEMO_JOIN_CODE, handle="marin", display_name="Marin L.", skills="python, design"
        )
        await pilot.click("#connect")
        await wait_until(pilot, lambda: app.has_engine, "the app connected")
        await wait_until(pilot, lambda: app.current_mode == "home", "the home screen")
        await wait_until(pilot, lambda: me(app) is not None, "my profile synced")
        assert me(app)["display_name"] == "Marin L."
        assert me(app)["skills"] == ["python", "design"]
        assert "@marin · Toulouse" in screen_text(app)
    [profile] = list_profiles()
    assert (profile.api_url, profile.handle, profile.city, profile.is_default) == (
        live_url,
        "marin",
        "toulouse",
        True,
    )
    assert (load_token(profile.name) or "").startswith("nuit_")


@pytest.mark.parametrize(
    ("code", "handle", "expected"),
    [
        ("not-the-code", "marin", "wrong join code"),
        (DEMO_JOIN_CODE, "camille-lyon", "the handle 'camille-lyon' is taken"),
    ],
    ids=["bad-join-code", "handle-taken"],
)
async def test_a_refusal_is_shown_inline_and_nothing_is_saved(
    live_url: str, clock, code: str, handle: str, expected: str
) -> None:
    app = first_run_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await fill(pilot, api_url=live_url, join_code=code, handle=handle, city_text="lyon")
        await wait_until(pilot, lambda: screen.event is not None, "the event found")
        screen.query_one("#city-select", Select).value = "lyon"
        await pilot.click("#connect")
        await wait_until(pilot, lambda: error_text(screen) != "", "the inline error")
        assert expected in error_text(screen)
        assert expected in screen_text(app)
        assert app.screen is screen and not app.has_engine
        # correcting the form and trying again works
        await fill(pilot, join_code=DEMO_JOIN_CODE, handle="marin-bis")
        await pilot.click("#connect")
        await wait_until(pilot, lambda: app.has_engine, "the app connected")
    assert [p.handle for p in list_profiles()] == ["marin-bis"]


async def test_an_unreachable_server_is_said_inline(closed_url: str, clock) -> None:
    app = first_run_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await fill(
            pilot,
            api_url=closed_url,
            join_code="code",
            handle="marin",
            display_name="Marin",
            city_text="lyon",
        )
        await wait_until(pilot, lambda: "No event found there yet" in screen_text(app), "the lookup's note")
        assert screen.query_one("#city-text", Input).display  # no list: the city is typed
        await pilot.click("#connect")
        await wait_until(pilot, lambda: error_text(screen) != "", "the inline error")
        assert "Traceback" not in screen_text(app)
        assert not app.has_engine and app.screen is screen
    assert list_profiles() == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"api_url": "ftp://nope"}, "not an http(s) URL"),
        ({"join_code": ""}, "Enter the join code"),
        ({"handle": "Bad Handle!"}, "A handle is 2 to 32"),
        ({"city_text": ""}, "Choose your city"),
    ],
    ids=["url", "code", "handle", "city"],
)
async def test_the_form_is_checked_before_anything_is_sent(clock, closed_url: str, fields, expected) -> None:
    app = first_run_app(clock)
    values = {
        "api_url": closed_url,
        "join_code": "code",
        "handle": "marin",
        "display_name": "Marin",
        "city_text": "lyon",
    } | fields
    async with app.run_test(size=SIZE) as pilot:
        screen = await fill(pilot, **values)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert expected in error_text(screen)
        assert not screen.busy  # nothing was sent


class WelcomeHost(App[None]):
    """A bare app showing only the welcome screen, to see what it hands back."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.push_screen(WelcomeScreen(), callback=self.results.append)


async def test_try_the_demo_hands_back_demo() -> None:
    app = WelcomeHost()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#demo")
        await pilot.pause()
        assert app.results == ["demo"]


async def test_try_the_demo_opens_the_demo_event(clock) -> None:
    app = first_run_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome screen")
        await pilot.press("f2")
        await wait_until(pilot, lambda: app.has_engine, "the demo started")
        await wait_until(pilot, lambda: app.engine.rows().event_row() is not None, "the demo event synced")
        assert app.engine.rows().event_row()["name"] == "Nuit du Code Citoyen 2017"
        assert app.current_mode == "home"
    assert [p.name for p in list_profiles()] == ["demo"]


def test_skills_are_split_on_commas() -> None:
    assert parse_skills(" python, design ,, Python; data ") == ["python", "design", "data"]


# -- signing in with a token or a recovery code ------------------------------------------------


def _organizer_token(city: CityServer) -> str:
    """An event organizer of Lyon, made as ``nuit-server organizer add`` makes one."""
    from nuittui.server.accounts import add_organizer

    token, _user = add_organizer(city.store, "orga-lyon", city="lyon", name="Orga Lyon", event_wide=True)
    return token


async def _sign_in_mode(pilot: Any, mode: str) -> WelcomeScreen:
    """Choose how to sign in with F3, as a user cycles through the tabs."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome screen")
    screen = app.screen
    while screen.mode != mode:
        await pilot.press("f3")
    await pilot.pause()
    return screen


async def test_an_organizer_signs_in_with_a_token_from_the_welcome_screen(live_url: str, city, clock) -> None:
    token = _organizer_token(city)
    app = first_run_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _sign_in_mode(pilot, "token")
        assert "Sign in with the token" in screen_text(app)
        assert not screen.query_one("#join-code", Input).display  # the registration's fields are away
        await fill(pilot, api_url=live_url, token="nuit_not-a-real-token")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: error_text(screen) != "", "the refusal")
        assert error_text(screen).startswith("the server refused this token")
        assert "\n" not in error_text(screen) and not app.has_engine
        assert screen.query_one("#api-url", Input).value == live_url  # nothing typed is lost

        await fill(pilot, token=token)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.has_engine, "the app connected")
        await wait_until(pilot, lambda: me(app) is not None, "my profile synced")
        assert me(app)["handle"] == "orga-lyon"
        await wait_until(pilot, lambda: "@orga-lyon · Lyon" in screen_text(app), "who I am on Home")
    [profile] = list_profiles()
    assert (profile.api_url, profile.handle, profile.city) == (live_url, "orga-lyon", "lyon")
    assert load_token(profile.name) == token


async def test_a_participant_signs_in_again_with_a_recovery_code(live_url: str, city, clock) -> None:
    from nuittui.models import RecoveryCode

    organizer = _organizer_token(city)
    async with city.client(HELPER) as client:
        client.token = organizer
        code = await client.call(
            RecoveryCode, "POST", "/v1/users/ada/recovery", json={}, idempotency_key="recovery-ada-1"
        )
    app = first_run_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _sign_in_mode(pilot, "recover")
        await fill(pilot, api_url=live_url, recover_handle="ada", recover_code="not-the-code")
        # The address is looked up as it is typed, and what it finds moves the form: aim once it has.
        await wait_until(pilot, lambda: screen.query_one("#event-info").has_class("-found"), "the event")
        await pilot.click("#connect")
        await wait_until(pilot, lambda: error_text(screen) != "", "the refusal")
        assert error_text(screen).startswith("the recovery code was refused")
        assert "the recovery code was refused" in screen_text(app) and not app.has_engine
        assert screen.query_one("#recover-handle", Input).value == "ada"

        await fill(pilot, recover_code=code.code)
        await pilot.press("enter")  # in the code field: sign in again
        await wait_until(pilot, lambda: app.has_engine, "the app connected")
        await wait_until(pilot, lambda: me(app) is not None, "my profile synced")
        assert me(app)["display_name"] == "Ada L."
    [profile] = list_profiles()
    assert (profile.handle, profile.city) == ("ada", "lyon")
    assert (load_token(profile.name) or "").startswith("nuit_")
