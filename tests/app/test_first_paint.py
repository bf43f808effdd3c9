"""The first paint: Home read from the profile's cache through the read model, before the engine loads.

Every app here runs on the real server in-process, with a real profile in ``config.toml``
whose data folder holds the engine's cache, so the app starts exactly as ``nuit-tui`` does.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import tomllib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from nuittui.app import NuitApp
from nuittui.cli import main
from nuittui.demo import DemoCancelled
from nuittui.models import SwapCreate
from nuittui.profiles import (
    ResolvedProfile,
    config_path,
    profile_data_dir,
    resolve_profile,
    save_profile,
)
from nuittui.server.demo import DEMO_JOIN_CODE
from nuittui.starting import DemoStart, demo_first_paint, load_profile
from nuittui.sync import SyncEngine
from nuittui.sync.first_paint import first_paint
from tests.app.conftest import (
    BASE_URL,
    HELPER,
    ME,
    MENTION_BODY,
    MY_CITY,
    MY_PROJECT_TITLE,
    MY_SWAP_TITLE,
    SIZE,
    CityServer,
    DemoTemplate,
    FrozenClock,
    screen_text,
    wait_until,
)
from tests.sync.live import LiveServer

Loader = Callable[[], tuple[ResolvedProfile, SyncEngine]]
"""What the app runs in a thread to get the profile and the engine (``run`` passes one reading the config)."""


def my_profile(city: CityServer) -> Loader:
    """Save ``ME``'s profile in config.toml; returns a loader of its profile and an engine on its folder."""
    name = save_profile("lyon", BASE_URL, handle=ME, city=MY_CITY)

    def load() -> tuple[ResolvedProfile, SyncEngine]:
        return resolve_profile(None), city.engine(ME, folder=profile_data_dir(name))

    return load


def body(app: NuitApp) -> list[str]:
    """The screen without its status line and footer (they say how the app stands, not what it shows)."""
    return screen_text(app).splitlines()[:-2]


async def synced_home(app: NuitApp) -> list[str]:
    """Run ``app`` until Home shows the cache online, then quit; what Home showed."""
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        await wait_until(pilot, lambda: MY_PROJECT_TITLE in screen_text(app), "my team on Home")
        shown = body(app)
    return shown


def gated(load: Loader) -> tuple[threading.Event, Loader]:
    """A loader that waits for the returned event: the test looks at the app before the engine is there."""
    go = threading.Event()

    def loader() -> tuple[ResolvedProfile, SyncEngine]:
        if not go.wait(timeout=20):
            raise RuntimeError("the test never let the engine load")
        return load()

    return go, loader


async def test_home_is_drawn_from_the_cache_before_the_engine_and_the_engine_draws_the_same(
    city, clock
) -> None:
    load = my_profile(city)
    _, engine = load()
    shown = await synced_home(NuitApp(engine=engine, clock=clock))

    paint = first_paint(None, None)
    assert paint is not None
    go, loader = gated(load)
    app = NuitApp(engine=None, clock=clock, first_paint=paint, loader=loader)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.has_engine
        first = body(app)
        assert first == shown  # the same Home, before the engine (and its models) are loaded
        assert "○ offline · stale since" in screen_text(app)
        assert "in 17 h 18 min" in "\n".join(first)
        assert MY_SWAP_TITLE in "\n".join(first) and MENTION_BODY in "\n".join(first)

        await pilot.press("4")  # a section asked for while the engine loads opens once it is there
        go.set()
        await wait_until(pilot, lambda: app.has_engine and app.engine.state.status == "online", "the engine")
        await wait_until(pilot, lambda: app.current_mode == "chat", "the chat")
        await pilot.press("1")
        await wait_until(pilot, lambda: body(app) == shown, "Home from the cache")
        assert "● online" in screen_text(app)


async def test_what_another_process_wrote_to_the_cache_shows_in_the_first_paint(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    await synced_home(NuitApp(engine=engine, clock=clock))
    _, shell = load()  # another process of the profile (a shell command) posts and syncs
    await shell.post_swap(SwapCreate(title="Écrit depuis le shell", tags=["python"]))
    await shell.sync_once()
    await shell.aclose()

    paint = first_paint(None, None)

    assert paint is not None
    assert [line.title for line in paint.home.swaps][:2] == ["Écrit depuis le shell", MY_SWAP_TITLE]


async def test_nothing_cached_yet_takes_the_long_way(city) -> None:
    my_profile(city)
    assert first_paint(None, None) is None  # the profile exists, its cache does not yet
    assert first_paint("nope", None) is None


async def test_an_engine_that_cannot_load_ends_the_app_with_its_error(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    await synced_home(NuitApp(engine=engine, clock=clock))

    def broken() -> tuple[ResolvedProfile, SyncEngine]:
        raise OSError("cache.json: Permission denied")

    app = NuitApp(engine=None, clock=clock, first_paint=first_paint(None, None), loader=broken)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.return_code == 1, "the app to end")


@pytest.mark.parametrize("hostile", ["[@click=app.quit]x[/]", "[/", "[TODO] fix", "a\\[b]"])
async def test_text_in_the_cache_is_shown_literally_in_the_first_paint(city, clock, hostile: str) -> None:
    load = my_profile(city)
    _, engine = load()
    async with city.client(HELPER) as helper:
        await helper.create_swap(SwapCreate(title=f"{hostile} python"))
    await synced_home(NuitApp(engine=engine, clock=clock))
    go, loader = gated(load)

    app = NuitApp(engine=None, clock=clock, first_paint=first_paint(None, None), loader=loader)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert f"{hostile} python" in screen_text(app)  # suggested on Home: it matches my skills
        assert app.is_running
        go.set()
        await wait_until(pilot, lambda: app.has_engine, "the engine")


FIRST_PAINT = textwrap.dedent(
    """
    import sys
    import textual.app

    def run(self, *args, **kwargs):  # no terminal here: build Home as the first frame would, and stop
        screen = self.get_default_screen()
        screen.view = self.first_paint.home
        heavy = ("pydantic", "httpx", "keyring", "filelock", "nuittui.models", "nuittui.client")
        print(type(screen).__name__, screen.view.team.title, [name for name in heavy if name in sys.modules])

    textual.app.App.run = run
    from nuittui.cli import main
    sys.exit(main([]))
    """
)


async def test_the_first_paint_loads_no_models_network_or_keyring(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    await synced_home(NuitApp(engine=engine, clock=clock))

    command = [sys.executable, "-c", FIRST_PAINT]
    done = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"HomeScreen {MY_PROJECT_TITLE} []"]


# -- the demo and the first start after `login` ------------------------------------------------


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No OS keyring here: tokens go to the 0600 credentials file, as on a machine without one."""
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(before)


def demo_port() -> int:
    """The port of the demo's server, from the ``demo`` profile it saved."""
    config = tomllib.loads(config_path().read_text(encoding="utf-8"))
    return int(config["profiles"]["demo"]["api_url"].rsplit(":", 1)[1])


def listens(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class HeldStart:
    """The demo's real start, held until the test lets it go (``go.set()``); the app closes it on exit."""

    def __init__(self, start: DemoStart) -> None:
        self.start = start
        self.go = threading.Event()

    def __call__(self) -> tuple[ResolvedProfile, SyncEngine]:
        if not self.go.wait(timeout=20):
            raise RuntimeError("the test never let the demo start")
        return self.start()

    def close(self) -> None:
        self.start.close()


def starting_demo(start: Callable[[], tuple[ResolvedProfile, SyncEngine]], *, reset: bool) -> NuitApp:
    """The app as ``nuit-tui --demo`` builds it: Home painted first, the demo started by ``start``."""
    paint = demo_first_paint(None, reset=reset)
    assert paint is not None
    paint = paint._replace(state=paint.state._replace(last_error="starting the demo…"))
    return NuitApp(engine=None, first_paint=paint, loader=start)


async def test_the_demo_paints_home_at_once_empty_then_from_its_cache_before_its_server_is_up(
    no_keyring: None,
) -> None:
    # The very first start: nothing cached yet, Home's panels at once, filled when the demo is up.
    held = HeldStart(DemoStart(reset=False, simulate=False))
    app = starting_demo(held, reset=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "○ offline · never synced · starting the demo…" in screen_text(app)
        assert "Waiting for the first sync…" in screen_text(app)
        held.go.set()
        await wait_until(pilot, lambda: app.has_engine and app.engine.state.status == "online", "the demo")
        await wait_until(pilot, lambda: "@moi · Lyon" in screen_text(app), "Home filled")
        filled = body(app)
        port = demo_port()
        assert listens(port)
    assert not listens(port)  # quitting the app stopped the demo's server

    # The next start: Home from the demo's cache while the server is held from starting.
    held = HeldStart(DemoStart(reset=False, simulate=False))
    app = starting_demo(held, reset=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.has_engine and not listens(port)
        shown = screen_text(app)
        assert "@moi · Lyon" in shown and "starting the demo…" in shown and "stale since" in shown
        assert body(app) == filled  # the same Home as when the demo was up
        held.go.set()
        await wait_until(pilot, lambda: app.has_engine and app.engine.state.status == "online", "online")
        await wait_until(pilot, lambda: "● online" in screen_text(app), "the status line online")
        assert "starting the demo…" not in screen_text(app)
        port = demo_port()  # a new port on every start
    assert not listens(port)


async def test_the_demo_reset_paints_an_empty_home_and_starts_afresh(no_keyring: None) -> None:
    app = starting_demo(DemoStart(reset=False, simulate=False), reset=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "@moi · Lyon" in screen_text(app), "the first demo")

    held = HeldStart(DemoStart(reset=True, simulate=False))
    app = starting_demo(held, reset=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "never synced · starting the demo…" in screen_text(app)  # the old cache is not drawn
        assert "@moi" not in screen_text(app)
        held.go.set()
        await wait_until(pilot, lambda: "@moi · Lyon" in screen_text(app), "the demo afresh")


async def test_quitting_while_the_demo_starts_stops_it(no_keyring: None) -> None:
    held = HeldStart(DemoStart(reset=False, simulate=False))
    app = starting_demo(held, reset=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    held.go.set()  # the start goes on now: it sees the app gone, and stops before serving anything
    with pytest.raises(DemoCancelled):
        await asyncio.to_thread(held.start)
    assert not config_path().exists()  # no demo participant was logged in: nothing was served


async def test_the_first_start_after_a_shell_login_draws_home_from_what_login_synced(
    demo_template: DemoTemplate, tmp_path: Path, clock: FrozenClock, no_keyring: None
) -> None:
    db = tmp_path / "live.db"
    shutil.copyfile(demo_template.path, db)
    live = LiveServer(db).start()
    try:
        login = ["login", live.url, "--code", DEMO_JOIN_CODE, "--handle", "nouvelle", "--city", MY_CITY]
        assert await asyncio.to_thread(main, [*login, "--skills", "python,pytest"]) == 0

        paint = first_paint(None, None)  # what `nuit-tui` reads first, with no profile named

        assert paint is not None
        assert paint.home.who == "@nouvelle · Lyon"
        go, loader = gated(partial(load_profile, None))
        app = NuitApp(engine=None, clock=clock, first_paint=paint, loader=loader)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not app.has_engine
            shown = screen_text(app)
            assert "@nouvelle · Lyon" in shown and "stale since" in shown
            assert "in 17 h 18 min" in shown  # the jury's countdown, from the synced event
            assert MY_SWAP_TITLE in shown  # a swap I could help with: it matches my skills
            go.set()
            await wait_until(pilot, lambda: app.has_engine and app.engine.state.status == "online", "online")
    finally:
        live.close()
