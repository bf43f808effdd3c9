"""Organizer mode in the app: the palette's ``organizer: …`` commands, end to end on the real server.

The app runs as an organizer of Lyon (``orga-lyon``, a city organizer) or of every city
(``chef``, an event organizer), opens the palette, types the command, fills the form, and the
write reaches the server (seen by another client). A participant's palette has none of them.
"""

from __future__ import annotations

from typing import Any

import httpx
from textual.widgets import Input, Select, TextArea
from textual.widgets._select import SelectOverlay

from nuittui.models import OrganizerScope, RegisterResponse, Role
from nuittui.readmodel.rows import Row, me_row
from nuittui.screens.chat import ChatScreen
from nuittui.screens.home import HomeScreen
from nuittui.screens.organizer import (
    AnnounceForm,
    HideForm,
    MoveForm,
    RecoveryCodeScreen,
    RecoveryForm,
    SuspendForm,
)
from nuittui.screens.thread import ThreadView
from nuittui.widgets import MessageList
from tests.app.conftest import HELPER, ME, MENTION_BODY, SIZE, screen_text, toasts, wait_until

ORGA = "orga-lyon"
CHEF = "chef"
LYON_ITEM = "Atelier : tester avec un lecteur d'écran"
"""The demo's one schedule item of Lyon (Saturday 16:00–16:45 in Paris)."""
LAPTOP = (80, 24)


def add_organizers(city: Any) -> None:
    """``orga-lyon`` organizes Lyon; ``chef`` organizes every city (home Toulouse)."""
    city.add_user(ORGA, city="lyon", display_name="Orga Lyon", role=Role.ORGANIZER)
    city.add_user(CHEF, city="toulouse", display_name="Chef")
    city.store.add_organizer(
        handle=CHEF,
        display_name="Chef",
        city="toulouse",
        scope=OrganizerScope.EVENT,
        token_digest=None,
        existing=True,
    )


def organizer_app(city: Any, make_app: Any, handle: str = ORGA) -> Any:
    add_organizers(city)
    return make_app(engine=city.engine(handle))


async def started(app: Any, pilot: Any, handle: str = ORGA) -> None:
    def me() -> Row | None:
        return me_row(app.engine.rows(), app.engine.handle, app.engine.unconfirmed())

    await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
    await wait_until(pilot, lambda: me() is not None, "who I am, in the cache")
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")
    await wait_until(pilot, lambda: f"@{handle}" in screen_text(app), "the top bar")


async def run_command(pilot: Any, name: str, form: type | None = None) -> None:
    """Open the palette, type the command's name, wait for it and run it."""
    app = pilot.app
    await pilot.press("ctrl+p", *name)
    await wait_until(pilot, lambda: name in screen_text(app), f"the command {name!r}")
    await pilot.press("enter")
    if form is not None:
        await wait_until(pilot, lambda: isinstance(app.screen, form), form.__name__)
        await pilot.pause()


async def server_messages(city: Any, channel: str) -> list[Any]:
    async with city.client(HELPER) as other:
        return (await other.messages(channel, limit=200)).messages


async def eventually(pilot: Any, check: Any, what: str) -> Any:
    """Wait until the async ``check()`` answers something true (the server has the write); returns it."""
    found: list[Any] = []

    async def holds() -> bool:
        value = await check()
        if value:
            found.append(value)
        return bool(value)

    await wait_until(pilot, holds, what)
    return found[-1]


async def test_a_participant_has_no_organizer_command(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot, ME)
        await pilot.press("ctrl+p", *"organizer")
        await wait_until(pilot, lambda: "No matches found" in screen_text(app), "the palette's answer")
        assert "organizer:" not in screen_text(app)


async def test_a_city_organizer_announces_in_their_city_only(city, make_app) -> None:
    app = organizer_app(city, make_app)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await run_command(pilot, "organizer: Announce", AnnounceForm)
        shown = screen_text(app)
        assert "You organize Lyon: you announce there only." in shown
        where = app.screen.query_one("#announce-where", Select)
        where.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: where.expanded, "the list of places")
        overlay = where.query_one(SelectOverlay)
        assert [str(option.prompt) for option in overlay.options] == ["Lyon"]  # no other city, no "all"
        await pilot.press("escape")
        app.screen.query_one("#announce-text", TextArea).focus()
        await pilot.press(*"Pizzas à 20h en salle 2")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: any("Announcement queued for Lyon" in t for t in toasts(app)), "the toast"
        )
        posted = await eventually(
            pilot,
            lambda: _announcements(city, "city:lyon"),
            "the announcement on the server",
        )
    assert [m.body for m in posted] == ["Pizzas à 20h en salle 2"]


async def _announcements(city: Any, channel: str) -> list[Any]:
    return [m for m in await server_messages(city, channel) if m.announcement]


async def test_an_event_organizer_announces_to_everyone(city, make_app) -> None:
    app = organizer_app(city, make_app, CHEF)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot, CHEF)
        await run_command(pilot, "organizer: Announce", AnnounceForm)
        assert app.screen.query_one("#announce-where", Select).value == "all"
        assert "you announce there only" not in screen_text(app)
        await pilot.press(*"Jury à 15h partout")
        await pilot.click("#announce-post")
        await wait_until(
            pilot, lambda: any("Announcement queued for everyone" in t for t in toasts(app)), "the toast"
        )
        posted = await eventually(pilot, lambda: _announcements(city, "all"), "the announcement")
    assert [m.body for m in posted] == ["Jury à 15h partout"]


async def test_escape_keeps_the_announcement_as_a_draft(city, make_app) -> None:
    app = organizer_app(city, make_app)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await run_command(pilot, "organizer: Announce", AnnounceForm)
        await pilot.press(*"Brouillon")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, AnnounceForm), "the form closed")
        await run_command(pilot, "organizer: Announce", AnnounceForm)
        assert app.screen.query_one("#announce-text", TextArea).text == "Brouillon"
        assert "Your draft is back" in screen_text(app)


async def test_move_a_schedule_item_shows_the_new_time_then_moves_it(city, make_app) -> None:
    app = organizer_app(city, make_app)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await run_command(pilot, "organizer: Move schedule item", MoveForm)
        form = app.screen
        assert [item.title for item in form.items.values()] == [LYON_ITEM]  # Lyon's items only
        item = next(iter(form.items.values()))
        form.query_one("#move-item", Select).value = item.id
        form.query_one("#move-how", Input).focus()
        await pilot.press(*"+30m")
        await wait_until(pilot, lambda: "16:00 → 16:30" in screen_text(app), "the new time, before moving")
        await pilot.press("ctrl+u", *"soon")
        await wait_until(pilot, lambda: "not a time: soon" in screen_text(app), "why it cannot move")
        await pilot.press("ctrl+u", *"17:15")
        await wait_until(pilot, lambda: "16:00 → 17:15" in screen_text(app), "the new time")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("Move queued" in t for t in toasts(app)), "the toast")

        async def moved() -> Any:
            async with city.client(HELPER) as other:
                found = next(i for i in await other.schedule() if i.id == item.id)
            return found if found.starts_at != item.starts_at else None

        found = await eventually(pilot, moved, "the item moved on the server")
    assert found.starts_at.isoformat() == "2017-03-04T16:15:00+00:00"  # 17:15 in Paris
    assert found.ends_at - found.starts_at == item.ends_at - item.starts_at  # it keeps its length


async def test_a_move_still_queued_is_marked_in_the_list_of_items(city, make_app) -> None:
    app = organizer_app(city, make_app)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        city.go_offline()
        await run_command(pilot, "organizer: Move schedule item", MoveForm)
        form = app.screen
        item = next(iter(form.items.values()))
        form.query_one("#move-item", Select).value = item.id
        form.query_one("#move-how", Input).focus()
        await pilot.press(*"+30m", "ctrl+s")
        await wait_until(pilot, lambda: any("Move queued" in t for t in toasts(app)), "the toast")
        await run_command(pilot, "organizer: Move schedule item", MoveForm)
        select = app.screen.query_one("#move-item", Select)
        select.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: select.expanded, "the list of items")
        overlay = select.query_one(SelectOverlay)
        labels = [str(option.prompt) for option in overlay.options]
        # the confirmed time, marked: the move is not on the server yet
        assert any(LYON_ITEM in label and "16:00" in label and "change queued" in label for label in labels)


async def test_hide_the_selected_message(city, make_app) -> None:
    app = organizer_app(city, make_app)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await run_command(pilot, "organizer: Hide message")  # nothing selected yet: says why
        await wait_until(
            pilot,
            lambda: any("Open a channel and select a message first" in t for t in toasts(app)),
            "why it cannot run",
        )
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        app.screen.open_channel("city:lyon")
        thread = app.screen.query_one(ThreadView)
        await wait_until(
            pilot, lambda: any(r.body == MENTION_BODY for r in thread.messages.rows), "the Lyon channel"
        )
        thread.query_one(MessageList).focus()
        await pilot.press("end")
        await wait_until(pilot, lambda: thread.messages.cursor_row is not None, "a message selected")
        assert thread.messages.cursor_row.body == MENTION_BODY
        await run_command(pilot, "organizer: Hide message", HideForm)
        shown = screen_text(app)
        assert "@camille-lyon" in shown and MENTION_BODY[:40] in shown
        await pilot.press(*"hors sujet", "enter")
        await wait_until(pilot, lambda: any("Hiding queued" in t for t in toasts(app)), "the toast")

        async def hidden() -> bool:
            messages = await server_messages(city, "city:lyon")
            return any(m.hidden and m.author == "camille-lyon" for m in messages)

        await eventually(pilot, hidden, "the message hidden on the server")
    assert all(m.body != MENTION_BODY for m in await server_messages(city, "city:lyon"))


async def _suspended(city: Any, handle: str) -> bool:
    async with city.client(HELPER) as other:
        return (await other.user(handle)).suspended


async def test_suspend_then_lift_a_participant_of_my_city(city, make_app) -> None:
    app = organizer_app(city, make_app)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await run_command(pilot, "organizer: Suspend", SuspendForm)
        await pilot.press(*HELPER)  # not a person of Lyon
        await wait_until(pilot, lambda: f"No participant @{HELPER} in Lyon." in screen_text(app), "refused")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SuspendForm)
        app.screen.query_one("#person-handle", Input).value = ""
        await pilot.press(*ME)
        await wait_until(pilot, lambda: "Ada L. · Lyon" in screen_text(app), "who it is")
        await pilot.press("enter", *"spam", "enter")
        await wait_until(pilot, lambda: any("Suspension of @ada queued" in t for t in toasts(app)), "toast")

        async def suspended() -> bool:
            return await _suspended(city, ME)

        await eventually(pilot, suspended, "ada suspended on the server")

        await run_command(pilot, "organizer: Lift suspension", SuspendForm)
        await pilot.press(*ME)
        await wait_until(pilot, lambda: "Ada L. · Lyon · suspended" in screen_text(app), "who it is")
        await pilot.press("ctrl+s")

        async def lifted() -> bool:
            return not await _suspended(city, ME)

        await eventually(pilot, lifted, "the suspension lifted on the server")
        assert any("Lifting the suspension of @ada queued" in t for t in toasts(app))


async def test_recovery_code_is_shown_once_copied_and_works(city, make_app) -> None:
    app = organizer_app(city, make_app)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await run_command(pilot, "organizer: Recovery code", RecoveryForm)
        await pilot.press(*ME, "enter", "space")  # the handle, then "also revoke their tokens"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryCodeScreen), "the code")
        code = app.screen.code
        shown = screen_text(app)
        assert code.code in shown and "Revoked 1 of their tokens." in shown
        assert f"nuit-tui login http://city.test --recover {code.code} --handle ada" in shown
        await pilot.press("y")
        await wait_until(pilot, lambda: any("Copied" in t for t in toasts(app)), "the copy toast")
        assert app.clipboard == f"nuit-tui login http://city.test --recover {code.code} --handle ada"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, RecoveryCodeScreen), "closed")

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=city.app), base_url=city.url) as api:
        old = await api.get("/v1/me", headers={"Authorization": f"Bearer {city.token(ME)}"})
        redeemed = await api.post("/v1/auth/recover", json={"handle": ME, "code": code.code})
    assert old.status_code == 401  # the lost laptop's token is revoked
    assert redeemed.status_code == 201, redeemed.text
    assert RegisterResponse.model_validate(redeemed.json()).user.handle == ME


async def test_recovery_offline_is_one_line_and_the_form_stays(city, make_app) -> None:
    app = organizer_app(city, make_app)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await run_command(pilot, "organizer: Recovery code", RecoveryForm)
        city.go_offline()
        await pilot.press(*ME, "ctrl+s")
        await wait_until(pilot, lambda: "No code: " in screen_text(app), "the reason")
        assert isinstance(app.screen, RecoveryForm)
        error = str(app.screen.query_one("#form-error").render())
        assert "\n" not in error.strip()


# -- how the forms look at 80×24 -----------------------------------------------------------------


def test_announce_form_at_80x24(snap_compare, city, make_app) -> None:
    async def run_before(pilot: Any) -> None:
        await started(pilot.app, pilot)
        await run_command(pilot, "organizer: Announce", AnnounceForm)
        await pilot.press(*"Pizzas à 20h en salle 2 : venez nombreux !")
        pilot.app.screen.query_one("#announce-text", TextArea).cursor_blink = False  # steady in the SVG
        await pilot.pause()

    assert snap_compare(organizer_app(city, make_app), terminal_size=LAPTOP, run_before=run_before)


def test_move_form_at_80x24(snap_compare, city, make_app) -> None:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await started(app, pilot)
        await run_command(pilot, "organizer: Move schedule item", MoveForm)
        form = app.screen
        form.query_one("#move-item", Select).value = next(iter(form.items))
        form.query_one("#move-how", Input).focus()
        await pilot.press(*"+30m")
        await wait_until(pilot, lambda: "16:00 → 16:30" in screen_text(app), "the new time")

    assert snap_compare(organizer_app(city, make_app), terminal_size=LAPTOP, run_before=run_before)


async def test_every_organizer_form_fits_a_laptop_terminal(city, make_app) -> None:
    """At 80×24, each form's buttons are on screen, with F1 and Esc in the footer."""
    app = organizer_app(city, make_app)
    async with app.run_test(size=LAPTOP) as pilot:
        await started(app, pilot)
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        app.screen.open_channel("city:lyon")
        thread = app.screen.query_one(ThreadView)
        await wait_until(pilot, lambda: bool(thread.messages.rows), "the Lyon channel")
        thread.query_one(MessageList).focus()
        await pilot.press("end")
        await wait_until(pilot, lambda: thread.messages.cursor_row is not None, "a message selected")
        forms = (
            ("organizer: Announce", AnnounceForm, "#announce-post"),
            ("organizer: Move schedule item", MoveForm, "#move-ok"),
            ("organizer: Hide message", HideForm, "#hide-ok"),
            ("organizer: Suspend", SuspendForm, "#suspend-ok"),
            ("organizer: Lift suspension", SuspendForm, "#suspend-ok"),
            ("organizer: Recovery code", RecoveryForm, "#recovery-ok"),
        )
        for command, form, button in forms:
            await run_command(pilot, command, form)
            region = app.screen.query_one(button).region
            footer = screen_text(app).splitlines()[-1]
            assert region.height and region.bottom <= LAPTOP[1] - 1, f"{command}: {region}"
            assert "F1" in footer and "esc" in footer, footer
            await pilot.press("escape")
            await wait_until(pilot, lambda form=form: not isinstance(app.screen, form), "the form closed")
