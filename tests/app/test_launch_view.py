"""Starting from the launch view: Home as the app last showed it, then the engine loads and takes over.

Every app here runs on the real server in-process, with a real profile in
``config.toml`` whose data folder holds the engine's cache, so the app saves and
reads the launch view exactly as ``nuit-tui`` does.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from typing import Any

import pytest

from nuittui.app import NuitApp
from nuittui.profiles import ResolvedProfile, profile_data_dir, resolve_profile, save_profile
from nuittui.screens.home_view import HomeView, ScheduleLine, SwapLine, TeamView
from nuittui.sync import SyncEngine
from nuittui.sync.launch import LaunchView, load_view, view_path
from tests.app.conftest import (
    BASE_URL,
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


async def quit_online(app: NuitApp) -> list[str]:
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


async def test_home_is_drawn_from_the_launch_view_then_from_the_cache_the_same(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    shown = await quit_online(NuitApp(engine=engine, clock=clock, launch_args=(None, None)))
    assert view_path(None).stat().st_mode & 0o777 == 0o600

    view = load_view(None, None)
    assert view is not None
    go, loader = gated(load)
    app = NuitApp(engine=None, clock=clock, launch_view=view, loader=loader, launch_args=(None, None))
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


async def test_the_clock_moves_what_the_launch_view_shows(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    await quit_online(NuitApp(engine=engine, clock=clock, launch_args=(None, None)))

    clock.advance(hours=17, minutes=30)  # Sunday 14:12 in Paris: the jury is on
    go, loader = gated(load)
    view = load_view(None, None)
    app = NuitApp(engine=None, clock=clock, launch_view=view, loader=loader, launch_args=(None, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert not app.has_engine
        assert "the jury has started" in shown
        assert "14:00–16:30 Passage devant le jury" in shown
        assert "17:00–18:00 Clôture et résultats" in shown
        go.set()
        await wait_until(pilot, lambda: app.has_engine, "the engine")


async def test_any_change_since_the_last_exit_voids_the_launch_view(city, clock, monkeypatch) -> None:
    load = my_profile(city)
    _, engine = load()
    monkeypatch.setenv("NUIT_TOKEN", "nuit_secret_never_written")
    await quit_online(NuitApp(engine=engine, clock=clock, launch_args=(None, None)))
    assert "nuit_secret" not in view_path(None).read_text()
    monkeypatch.delenv("NUIT_TOKEN")  # the token changes nothing Home shows
    assert load_view(None, None) is not None
    assert load_view("lyon", None) is None  # another --profile: its own view (none yet)
    assert load_view(None, "fr") is None  # another --lang

    monkeypatch.setenv("NUIT_PROFILE", "lyon")  # the environment chooses differently
    assert load_view(None, None) is None
    monkeypatch.delenv("NUIT_PROFILE")
    assert load_view(None, None) is not None

    _, other = load()  # another process marks a channel read (nuit-tui chat read): mentions change
    other.mark_read(f"city:{MY_CITY}", 10**9)
    assert load_view(None, None) is None


async def test_a_changed_config_voids_the_launch_view(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    await quit_online(NuitApp(engine=engine, clock=clock, launch_args=(None, None)))
    save_profile("paris", "http://paris.test", make_default=False)
    assert load_view(None, None) is None


async def test_an_unreadable_launch_view_is_ignored_and_removed(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    await quit_online(NuitApp(engine=engine, clock=clock, launch_args=(None, None)))
    path = view_path(None)
    path.write_bytes(path.read_bytes()[:-40])  # cut short (a full disk, a crash)
    assert load_view(None, None) is None
    assert not path.exists()


async def test_the_app_saves_no_launch_view_without_launch_args(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    await quit_online(NuitApp(engine=engine, clock=clock))  # tests, the demo
    assert not view_path(None).exists()


async def test_an_engine_that_cannot_load_ends_the_app_with_its_error_and_forgets_the_view(
    city, clock
) -> None:
    load = my_profile(city)
    _, engine = load()
    await quit_online(NuitApp(engine=engine, clock=clock, launch_args=(None, None)))

    def broken() -> tuple[ResolvedProfile, SyncEngine]:
        raise OSError("cache.json: Permission denied")

    view = load_view(None, None)
    app = NuitApp(engine=None, clock=clock, launch_view=view, loader=broken, launch_args=(None, None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.return_code == 1, "the app to end")
    assert not view_path(None).exists()  # the next start goes the long way and says it at once


@pytest.mark.parametrize("hostile", ["[@click=app.quit]x[/]", "[/", "[TODO] fix", "a\\[b]"])
async def test_text_in_a_launch_view_is_shown_literally(city, clock, hostile: str) -> None:
    load = my_profile(city)
    go, loader = gated(load)
    home = HomeView(
        signed_in=True,
        who=f"@{hostile} · Lyon",
        zone="Europe/Paris",
        schedule=(ScheduleLine(1, hostile, clock() - _hours(1), clock() + _hours(1), hostile, None),),
        team=TeamView(title=hostile, members=hostile),
        swaps=(SwapLine("mine", hostile, "claimed", hostile),),
    )
    from nuittui.sync import ConnectionState

    view = LaunchView(
        folder=profile_data_dir("lyon"),
        language="en",
        theme=None,
        keys={},
        state=ConnectionState("offline"),
        zone="Europe/Paris",
        screen=home.to_json(),
    )
    app = NuitApp(engine=None, clock=clock, launch_view=view, loader=loader, launch_args=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert shown.count(hostile) >= 5  # the bar, now, the room, the team (title, members), the swap
        assert app.is_running
        go.set()
        await wait_until(pilot, lambda: app.has_engine, "the engine")


def test_control_characters_make_a_saved_home_view_unreadable() -> None:
    home = HomeView(signed_in=True, team=TeamView(title="\x1b]52;c;cGF3bmVk\x07", members="x"))
    with pytest.raises(ValueError, match="control character"):
        HomeView.from_json(home.to_json())
    bidi = HomeView(could_help=("abc\u202edcba",))
    with pytest.raises(ValueError, match="control character"):
        HomeView.from_json(bidi.to_json())
    plain = HomeView(signed_in=True, team=TeamView(title="Budget\tparticipatif", members="Ada\nHugo"))
    assert HomeView.from_json(plain.to_json()) == plain


def _hours(hours: float) -> Any:
    from datetime import timedelta

    return timedelta(hours=hours)


FIRST_PAINT = textwrap.dedent(
    """
    import sys
    import textual.app

    def run(self, *args, **kwargs):  # no terminal here: build Home as the first frame would, and stop
        screen = self.get_default_screen()
        screen.view = type(screen.view).from_json(self.launch_view.screen)
        heavy = ("pydantic", "httpx", "tinydb", "filelock", "keyring", "nuittui.models", "nuittui.cache")
        print(type(screen).__name__, screen.view.team.title, [name for name in heavy if name in sys.modules])

    textual.app.App.run = run
    from nuittui.cli import main
    sys.exit(main([]))
    """
)


async def test_the_first_paint_from_a_launch_view_loads_no_models_storage_or_network(city, clock) -> None:
    load = my_profile(city)
    _, engine = load()
    await quit_online(NuitApp(engine=engine, clock=clock, launch_args=(None, None)))

    command = [sys.executable, "-c", FIRST_PAINT]
    done = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"HomeScreen {MY_PROJECT_TITLE} []"]
