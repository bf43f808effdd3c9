"""The app core against the real server: sections and their keys, help, remapped keys, the palette,
refused writes, themes and language saved, ``run()``'s one-line errors, the collector after start-up."""

from __future__ import annotations

import gc

import pytest

from nuittui.app import NuitApp, run
from nuittui.cache import LocalCache, Outbox
from nuittui.client import CityClient
from nuittui.i18n import current_language
from nuittui.models import ChannelKind
from nuittui.profiles import load_config, resolve_profile, save_profile
from nuittui.readmodel.rows import me_row
from nuittui.readmodel.threads import channel_lines
from nuittui.screens.chat import ChatScreen
from nuittui.screens.help import HelpScreen
from nuittui.screens.home import HomeScreen
from nuittui.screens.swap_form import SwapForm
from nuittui.screens.swaps import SwapBoardScreen
from nuittui.screens.thread import ThreadView
from nuittui.sync import SyncEngine
from tests.app.conftest import ME, SIZE, screen_text, toasts, wait_until
from tests.app.test_swaps import board


async def started(app, pilot) -> None:
    await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")


async def test_number_keys_open_each_section(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        expected = {
            "2": "ProjectsScreen",
            "3": "SwapBoardScreen",
            "4": "ChatScreen",
            "5": "ScheduleScreen",
            "6": "CitiesScreen",
            "1": "HomeScreen",
        }
        for key, screen in expected.items():
            if isinstance(app.screen, ChatScreen):
                await pilot.press("escape")  # leave the compose box: digits are text there
            await pilot.press(key)
            await wait_until(pilot, lambda s=screen: type(app.screen).__name__ == s, screen)
            assert f"{key} " in screen_text(app).splitlines()[0]
    assert not app.engine.running  # the engine stopped with the app


async def test_f1_lists_the_keys_of_the_screen_with_remapped_ones(make_app) -> None:
    app = make_app(keymap={"swaps.new": "ctrl+n"})
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        shown = screen_text(app)
        assert "^n" in shown and "Post a swap" in shown
        assert "Quit" in shown and "Commands" in shown
        await pilot.press("escape")
        await pilot.press("n")  # the old key does nothing now
        assert isinstance(app.screen, SwapBoardScreen)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form on the new key")


async def test_palette_posts_a_swap_and_jumps_to_a_channel(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("ctrl+p", *"swap: po")
        await wait_until(pilot, lambda: "swap: Post" in screen_text(app), "the command")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the swap form")
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"#toulouse")
        await wait_until(pilot, lambda: "#Toulouse" in screen_text(app), "the channel command")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        thread = app.screen.query_one(ThreadView)
        await wait_until(pilot, lambda: thread.channel == "city:toulouse", "the Toulouse channel")


async def test_the_palette_finds_a_language_by_its_name_in_the_language_shown(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("ctrl+p", *"french")
        await wait_until(pilot, lambda: "Language: Français (French)" in screen_text(app), "the command")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "1 Accueil" in screen_text(app), "the app in French")
        await pilot.press("ctrl+p", *"anglais")
        await wait_until(pilot, lambda: "Langue : English (anglais)" in screen_text(app), "the command")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "1 Home" in screen_text(app), "the app in English again")


async def test_a_refused_write_is_said_in_a_toast_and_the_status_bar(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        engine = app.engine
        me = me_row(engine.rows(), engine.handle, engine.unconfirmed())
        assert me is not None
        lines = channel_lines(engine.rows(), engine.handle, engine.unconfirmed(), engine.read_markers())
        other_team = next(  # a team's channel from the chat's list, not mine
            c.id
            for c in (line.channel for line in lines)
            if c.kind == ChannelKind.TEAM and c.id != f"team:{me['team']}"
        )
        await app.engine.send_message(other_team, "Je peux écrire ici ?")  # only members may
        await wait_until(pilot, lambda: any("Refused by the server" in t for t in toasts(app)), "the toast")
        assert "1 refused by the server" in screen_text(app)


async def test_a_client_that_cannot_be_made_is_a_toast_and_home_still_reads_the_cache(
    city, make_app, tmp_path
) -> None:
    folder = tmp_path / "ada"
    synced = city.engine(ME, folder=folder)
    await synced.sync_once()
    await synced.aclose()

    def no_certificates() -> CityClient:  # what httpx raises when its CA bundle cannot be read
        raise FileNotFoundError(2, "No such file or directory", "/etc/ssl/certs/absent.pem")

    engine = SyncEngine(
        client=no_certificates, cache=LocalCache.open(folder), outbox=Outbox.in_folder(folder), me=ME
    )
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: any("Could not connect" in t for t in toasts(app)), "the toast")
        text = screen_text(app)
        assert "Countdown to the jury" in text and "absent.pem" in " ".join(toasts(app))
        await pilot.press("3")  # the app goes on, from the cache
        assert app.current_mode == "swaps" and board(engine).swaps
        assert engine.state.status == "offline"


async def test_theme_and_language_are_saved_to_the_config(city, clock) -> None:
    save_profile("lyon", "http://city.test", handle="ada", city="lyon")
    profile = resolve_profile("lyon")
    app = NuitApp(engine=city.engine(), clock=clock, profile=profile)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        home = app.screen
        app.theme = "nord"
        await app.switch_language("fr")
        await pilot.pause()
        assert current_language() == "fr"
        assert isinstance(app.screen, HomeScreen) and app.screen is not home  # rebuilt in French
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapBoardScreen), "the board after the switch")
    config = load_config()
    assert config.ui.theme == "nord"
    assert config.ui.language == "fr"


def test_run_says_a_bad_config_in_one_line(tmp_path, capsys) -> None:
    config = tmp_path / "xdg-config" / "nuit-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[ui\nlanguage = 'fr'\n")
    assert run(profile=None) == 1
    err = capsys.readouterr().err
    assert err.startswith("nuit-tui: ") and "invalid TOML" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_run_says_an_unknown_profile_in_one_line(capsys) -> None:
    save_profile("lyon", "http://127.0.0.1:9", handle="ada", city="lyon")
    assert run(profile="paris") == 1
    err = capsys.readouterr().err
    assert "paris" in err and "lyon" in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("language", ["fr", "en"])
def test_run_applies_the_language_before_the_app_exists(language, capsys) -> None:
    save_profile("lyon", "http://127.0.0.1:9", handle="ada", city="lyon")
    assert run(profile="nowhere", lang=language) == 1
    assert current_language() == language


async def test_the_collector_paused_while_loading_runs_again_after_the_first_paint(make_app) -> None:
    # `nuit-tui` pauses the garbage collector while the app loads; left off, memory would grow all night.
    gc.disable()
    try:
        app = make_app()
        async with app.run_test() as pilot:
            await pilot.pause()
            assert "Countdown to the jury" in screen_text(app)
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
