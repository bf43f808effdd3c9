"""A section shown again is up to date: it redraws when something it shows changed while it was hidden
(a sync change here; a read marker in ``test_home``), and otherwise shows at once as it was."""

from __future__ import annotations

from nuittui.screens.cities import CitiesScreen
from tests.app.conftest import HELPER, ME, MY_SWAP_TITLE, SIZE, screen_text, wait_until
from tests.app.test_home import online_home


async def test_home_shown_again_after_a_change_while_hidden_shows_it(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await online_home(app, pilot)
        await pilot.press("6")
        await wait_until(pilot, lambda: isinstance(app.screen, CitiesScreen), "Cities")
        mine = next(s for s in app.engine.swaps(author=ME) if getattr(s, "title", "") == MY_SWAP_TITLE)
        async with city.client(HELPER) as helper:
            await helper.claim(mine.id)
        await wait_until(
            pilot,
            lambda: any(getattr(s, "claimed_by", None) == HELPER for s in app.engine.swaps(author=ME)),
            "the claim synced while Home is hidden",
        )
        assert "claimed · helper: @zoe-rennes" not in screen_text(app)
        await pilot.press("1")
        await wait_until(
            pilot, lambda: "claimed · helper: @zoe-rennes" in screen_text(app), "the claim on Home"
        )
