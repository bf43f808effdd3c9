"""Keys typed right after the key that opens a form land in the form, even before it is mounted."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from nuittui.screens.swap_form import SwapForm
from tests.app.conftest import SIZE, wait_until
from tests.app.test_swaps import open_board


async def test_keys_typed_while_the_swap_form_opens_are_not_lost(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        # As a fast typist on a busy machine: every key is queued before the form has mounted.
        for key, char in [("n", "n"), ("S", "S"), ("e", "e"), ("g", "g"), ("space", " "), ("f", "f")]:
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
        title = app.screen.query_one("#swap-title", Input)
        await wait_until(pilot, lambda: title.value == "Seg f", f"the title typed ({title.value!r})")
        assert title.has_focus


async def test_keys_reaching_the_form_before_its_first_field_has_focus_go_into_that_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_board(app, pilot)
        app.screen.action_new_swap()  # pushed now, mounted later
        form = app.screen
        assert isinstance(form, SwapForm) and form.focused is None
        for key, char in [("W", "W"), ("i", "i"), ("f", "f"), ("i", "i")]:
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: form.is_mounted, "the form mounted")
        title = form.query_one("#swap-title", Input)
        await wait_until(pilot, lambda: title.value == "Wifi", f"the title typed ({title.value!r})")


async def test_keys_typed_right_after_a_section_key_act_in_that_section(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
        # One burst, as a paste of keystrokes: the section, the form, a title, Tab, the details.
        typed = [(c if c != " " else "space", c) for c in "Docker ko"]
        burst = [("3", "3"), ("n", "n"), *typed, ("tab", None)]
        burst += [(c if c != " " else "space", c) for c in "code 137"]
        for key, char in burst:
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form, over the board")
        assert app.current_mode == "swaps"
        title = app.screen.query_one("#swap-title", Input)
        body = app.screen.query_one("#swap-body", TextArea)
        await wait_until(pilot, lambda: body.text == "code 137", f"the details typed ({body.text!r})")
        assert title.value == "Docker ko"
