"""The first paint: Home read from the profile's cache through the read model, before the engine loads.

Every app here runs on the real server in-process, with a real profile in ``config.toml``
whose data folder holds the engine's cache, so the app starts exactly as ``nuit-tui`` does.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable

import pytest

from nuittui.app import NuitApp
from nuittui.models import SwapCreate
from nuittui.profiles import ResolvedProfile, profile_data_dir, resolve_profile, save_profile
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
    screen_text,
    wait_until,
)

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
