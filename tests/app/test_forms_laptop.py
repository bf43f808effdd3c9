"""On a laptop's 80×24 the swap form shows each field with its label, as it opens and as you move."""

from __future__ import annotations

from textual.widgets import Input, Label, TextArea

from nuittui.screens.swap_form import SwapForm
from tests.app.conftest import wait_until
from tests.app.test_swaps import open_board


def label_in_view(form: SwapForm, field_id: str) -> bool:
    """Whether the label just above a field is inside the scrolled fields' visible region."""
    fields = form.query_one("#form-fields")
    field = form.query_one(field_id)
    siblings = list(field.parent.children)
    label = siblings[siblings.index(field) - 1]
    assert isinstance(label, Label)
    return fields.region.contains_region(label.region) and fields.region.contains_region(field.region)


async def test_the_form_opens_with_its_first_label_and_shows_each_label_going_back_up(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(app, pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SwapForm), "the form")
        form = app.screen
        title = form.query_one("#swap-title", Input)
        await wait_until(pilot, lambda: title.has_focus, "the title focused")
        await wait_until(pilot, lambda: label_in_view(form, "#swap-title"), "the title's label in view")
        location = form.query_one("#swap-location", Input)
        location.focus()
        await wait_until(pilot, lambda: label_in_view(form, "#swap-location"), "the last field and its label")
        body = form.query_one("#swap-body", TextArea)
        while not body.has_focus:
            await pilot.press("shift+tab")
        await wait_until(pilot, lambda: label_in_view(form, "#swap-body"), "the details' label, going up")
