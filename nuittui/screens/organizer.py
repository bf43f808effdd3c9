"""Organizer mode: the forms behind the palette's ``organizer: …`` commands, and what runs them.

Shown only to a signed-in organizer (``UserPublic.role``). A city organizer acts on their own
city (announces there, moves its items, suspends its people); an event organizer on every city.
The forms are ``FormScreen``s (the swap form's box: fields that scroll, buttons and the error
line always in view, F1 and Esc in the footer). Every action but the recovery code is queued
through the outbox like any write; the recovery code is a direct call, shown once in a modal.

Names, titles, handles and message bodies are data: shown as ``Content``, never as markup.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from nuittui.i18n import _
from nuittui.models import MessageCreate, OrganizerScope, RecoveryCode, Role, ScheduleItemPublic, UserPublic
from nuittui.sync.errors import error_line
from nuittui.sync.moving import move_of, moved
from nuittui.sync.writes import checked_handle
from nuittui.widgets.status_bar import zone_named

from .base import SectionFooter, translate_bindings
from .swap_form import FormScreen, first_error

if TYPE_CHECKING:
    from nuittui.app import NuitApp
    from nuittui.widgets import MessageLike

__all__ = [
    "AnnounceForm",
    "Announcement",
    "HideForm",
    "Move",
    "MoveForm",
    "Organizer",
    "RecoveryCodeScreen",
    "RecoveryForm",
    "SuspendForm",
    "Suspension",
    "is_organizer",
    "login_line",
    "scope_city",
    "selected_message",
]


def is_organizer(me: UserPublic | None) -> bool:
    """Whether ``me`` may use the organizer commands."""
    return me is not None and me.role == Role.ORGANIZER


def scope_city(me: UserPublic) -> str | None:
    """The only city ``me`` organizes (a city organizer), or None for every city (an event organizer).

    Servers before 0.2 leave the scope out: every organizer acted everywhere.
    """
    return me.city if me.organizer_scope == OrganizerScope.CITY else None


def _day_clock(moment: datetime, tz: tzinfo) -> str:
    """``Sat 21:30`` (the weekday translated)."""
    days = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
    local = moment.astimezone(tz)
    return f"{days[local.weekday()]} {local:%H:%M}"


def _first_line(text: str, width: int = 60) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


def login_line(url: str, code: str, handle: str) -> str:
    """What the person types on their new laptop."""
    return f"nuit-tui login {url} --recover {code} --handle {handle}"


class Announcement(NamedTuple):
    """An announcement to queue: ``all`` or ``city:ID``, and its text."""

    channel: str
    text: str


class Move(NamedTuple):
    """A schedule item's new times (it keeps its length)."""

    item: ScheduleItemPublic
    starts_at: datetime
    ends_at: datetime


class Suspension(NamedTuple):
    """Whom to suspend (or lift the suspension of), and why (may be empty)."""

    handle: str
    reason: str


class _OrganizerForm(FormScreen[Any]):
    """An organizer's form: Escape closes it; only the forms with a ``DRAFT`` keep what was typed."""

    def is_blank(self) -> bool:
        """A form without a draft never keeps one."""
        return not self.DRAFT or super().is_blank()


# -- Announce ---------------------------------------------------------------------------------


class AnnounceForm(_OrganizerForm):
    """An announcement: its text, and where (everyone, or one city; a city organizer's own city)."""

    DEFAULT_CSS = """
    AnnounceForm #announce-text { height: 5; }
    AnnounceForm #announce-scope { color: $text-muted; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "post", "Post", id="announce_form.post", tooltip="Post the announcement"),
        Binding("escape", "close", "Close", id="announce_form.cancel", tooltip="Close, keeping a draft"),
    ]
    TITLE_TEXT = "Announce"
    DRAFT = "announce"

    def __init__(self, cities: Sequence[tuple[str, str]], only_city: str | None) -> None:
        """``cities``: (id, name) of the event's cities; ``only_city``: a city organizer's city."""
        super().__init__()
        self.cities = list(cities)
        self.only_city = only_city

    def _where_options(self) -> list[tuple[Content, str]]:
        if self.only_city is not None:
            name = dict(self.cities).get(self.only_city, self.only_city)
            return [(Content(name), f"city:{self.only_city}")]
        options = [(Content(_("Everyone (all cities)")), "all")]
        options += [(Content(name), f"city:{city}") for city, name in self.cities]
        return options

    def compose_fields(self) -> ComposeResult:
        """The text, then where."""
        yield Label(Content(_("The announcement")))
        yield TextArea(id="announce-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield Label(Content(_("To")))
        options = self._where_options()
        yield Select(options, id="announce-where", allow_blank=False, value=options[0][1])
        if self.only_city is not None:
            name = dict(self.cities).get(self.only_city, self.only_city)
            yield Static(
                Content(_("You organize {city}: you announce there only.", city=name)),
                id="announce-scope",
            )

    def compose_buttons(self) -> ComposeResult:
        """Cancel, Post."""
        yield Button(_("Cancel"), id="announce-cancel")
        yield Button(_("Post"), id="announce-post", variant="primary")

    def on_mount(self) -> None:
        """Start typing (the draft's text, if one was kept)."""
        super().on_mount()
        self.query_one("#announce-text", TextArea).focus()

    def draft(self) -> dict[str, Any]:
        """The text as typed, where it goes."""
        return {
            "text": self.query_one("#announce-text", TextArea).text,
            "where": self.query_one("#announce-where", Select).value,
        }

    def is_blank(self) -> bool:
        """No text typed (where it goes is a choice, not typing)."""
        return not self.query_one("#announce-text", TextArea).text.strip()

    def restore(self, draft: dict[str, Any]) -> None:
        """Fill the fields from a draft."""
        self.query_one("#announce-text", TextArea).text = draft.get("text", "")
        where = draft.get("where")
        if where in {value for _label, value in self._where_options()}:
            self.query_one("#announce-where", Select).value = where

    def action_post(self) -> None:
        """Check the text and return the announcement, or say what is wrong."""
        text = self.query_one("#announce-text", TextArea).text
        where = self.query_one("#announce-where", Select).value
        if not text.strip():
            self.say(_("Write the announcement first."))
            self.query_one("#announce-text", TextArea).focus()
            return
        try:
            MessageCreate(body=text, announcement=True)
        except ValidationError as error:
            self.say(first_error(error))
            return
        self.finish(Announcement(str(where), text))

    @on(Button.Pressed, "#announce-post")
    def _post_pressed(self) -> None:
        self.action_post()

    @on(Button.Pressed, "#announce-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()


# -- Move a schedule item ------------------------------------------------------------------------


class MoveForm(_OrganizerForm):
    """Move a schedule item by a shift or to a time of its day, seeing the new time before confirming."""

    DEFAULT_CSS = """
    MoveForm #move-preview { height: auto; margin-top: 1; text-style: bold; }
    MoveForm #move-preview.-error { color: $error; text-style: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "move", "Move", id="move_form.move", tooltip="Move the item"),
        Binding("escape", "close", "Close", id="move_form.cancel", tooltip="Close without moving"),
    ]
    TITLE_TEXT = "Move a schedule item"

    def __init__(
        self, items: Sequence[ScheduleItemPublic], tz: tzinfo, city_names: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.items = {item.id: item for item in items}
        self.tz = tz
        self.city_names = city_names or {}

    def _label(self, item: ScheduleItemPublic) -> Content:
        text = f"{_day_clock(item.starts_at, self.tz)}  {item.title}"
        if item.city:
            text += f" · {self.city_names.get(item.city, item.city)}"
        return Content(text)

    def compose_fields(self) -> ComposeResult:
        """The item, how to move it, and the result."""
        yield Label(Content(_("Item")))
        only = next(iter(self.items)) if len(self.items) == 1 else Select.NULL
        yield Select(
            [(self._label(item), item.id) for item in self.items.values()],
            id="move-item",
            prompt=_("Choose an item"),
            value=only,
        )
        yield Label(Content(_("By (+30m, -15m, +1h) or to a time of its day (HH:MM)")))
        yield Input(id="move-how", placeholder=_("+30m or 14:30"), max_length=16)
        yield Static("", id="move-preview")

    def compose_buttons(self) -> ComposeResult:
        """Cancel, Move."""
        yield Button(_("Cancel"), id="move-cancel")
        yield Button(_("Move"), id="move-ok", variant="primary")

    def on_mount(self) -> None:
        """Start on the item (on how to move it, when there is only one item)."""
        super().on_mount()
        self.query_one("#move-how" if len(self.items) == 1 else "#move-item").focus()
        self._preview()

    def result(self) -> Move:
        """The move as chosen; raises ``ValueError`` (one line) when it cannot be made."""
        chosen = self.query_one("#move-item", Select).value
        item = self.items.get(chosen) if isinstance(chosen, int) else None
        if item is None:
            raise ValueError(_("Choose the item to move."))
        how = self.query_one("#move-how", Input).value
        if not how.strip():
            raise ValueError(_("Type a shift (+30m) or a time (14:30)."))
        starts_at, ends_at = moved(item.starts_at, item.ends_at, self.tz, **move_of(how))
        return Move(item, starts_at, ends_at)

    def _span(self, before: datetime, after: datetime) -> str:
        old, new = before.astimezone(self.tz), after.astimezone(self.tz)
        if old.date() == new.date():
            return f"{old:%H:%M} → {new:%H:%M}"
        return f"{_day_clock(old, self.tz)} → {_day_clock(new, self.tz)}"

    @on(Select.Changed, "#move-item")
    @on(Input.Changed, "#move-how")
    def _preview(self) -> None:
        """Show the new time as it is typed: ``14:00 → 14:30``, or why it cannot move."""
        preview = self.query_one("#move-preview", Static)
        self.say("")
        try:
            move = self.result()
        except ValueError as error:
            typed = self.query_one("#move-how", Input).value.strip()
            preview.set_class(bool(typed), "-error")
            preview.update(Content(str(error) if typed else ""))
            return
        preview.set_class(False, "-error")
        preview.update(Content(self._span(move.item.starts_at, move.starts_at)))

    def action_move(self) -> None:
        """Return the move, or say what is missing."""
        try:
            move = self.result()
        except ValueError as error:
            self.say(str(error))
            return
        self.finish(move)

    @on(Button.Pressed, "#move-ok")
    def _ok_pressed(self) -> None:
        self.action_move()

    @on(Button.Pressed, "#move-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()

    @on(Input.Submitted, "#move-how")
    def _how_done(self) -> None:
        self.action_move()


# -- Hide a message ---------------------------------------------------------------------------------


class HideForm(_OrganizerForm):
    """Confirm hiding a message (its author and first line shown), with an optional reason."""

    DEFAULT_CSS = """
    HideForm #hide-what { height: auto; margin-top: 1; }
    HideForm #hide-quote { height: auto; color: $text-muted; padding-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "hide", "Hide", id="hide_form.hide", tooltip="Hide the message for everyone"),
        Binding("escape", "close", "Close", id="hide_form.cancel", tooltip="Close without hiding"),
    ]
    TITLE_TEXT = "Hide a message"

    def __init__(self, author: str, body: str, when: str) -> None:
        super().__init__()
        self.author = author
        self.body = body
        self.when = when

    def compose_fields(self) -> ComposeResult:
        """What is hidden, then the reason."""
        yield Static(
            Content(
                _(
                    "Hide this message of @{author} ({time}) for everyone? "
                    "It shows as removed by the organizers.",
                    author=self.author,
                    time=self.when,
                )
            ),
            id="hide-what",
        )
        yield Static(Content("“" + _first_line(self.body) + "”"), id="hide-quote")
        yield Label(Content(_("Reason (optional, for the audit log)")))
        yield Input(id="hide-reason", max_length=200)

    def compose_buttons(self) -> ComposeResult:
        """Cancel, Hide."""
        yield Button(_("Cancel"), id="hide-cancel")
        yield Button(_("Hide"), id="hide-ok", variant="error")

    def on_mount(self) -> None:
        """Start on the reason."""
        super().on_mount()
        self.query_one("#hide-reason", Input).focus()

    def action_hide(self) -> None:
        """Confirmed: return the reason (may be empty)."""
        self.finish(self.query_one("#hide-reason", Input).value.strip())

    @on(Button.Pressed, "#hide-ok")
    @on(Input.Submitted, "#hide-reason")
    def _ok(self) -> None:
        self.action_hide()

    @on(Button.Pressed, "#hide-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()


# -- Suspend / lift a suspension and issue a recovery code: a person of my scope --------------------


class _PersonForm(_OrganizerForm):
    """A form about one person of the organizer's scope: their handle (suggested), checked as typed."""

    DEFAULT_CSS = """
    _PersonForm #person-who { height: auto; color: $text-muted; }
    _PersonForm #person-who.-error { color: $error; }
    _PersonForm .person-note { height: auto; color: $text-warning; margin-top: 1; }
    """

    def __init__(self, people: Sequence[UserPublic], scope_name: str | None) -> None:
        """``people``: whom the organizer may act on; ``scope_name``: their city's name (None: every city)."""
        super().__init__()
        self.people = {person.handle: person for person in people}
        self.scope_name = scope_name
        self.city_names: dict[str, str] = {}

    def compose_person(self) -> ComposeResult:
        """The handle field and the line that says who it is."""
        yield Label(Content(_("Handle")))
        yield Input(
            id="person-handle",
            placeholder=_("their handle, e.g. {handle}", handle=next(iter(self.people), "zoe")),
            suggester=SuggestFromList(list(self.people), case_sensitive=False),
            max_length=40,
        )
        yield Static("", id="person-who")

    def person(self) -> UserPublic:
        """The person typed; raises ``ValueError`` (one line) when the handle is not one of my scope."""
        typed = self.query_one("#person-handle", Input).value
        if not typed.strip():
            raise ValueError(_("Type their handle."))
        handle = checked_handle(typed.strip().removeprefix("@"))
        person = self.people.get(handle)
        if person is None:
            if self.scope_name is not None:
                raise ValueError(
                    _("No participant @{handle} in {city}.", handle=handle, city=self.scope_name)
                )
            raise ValueError(_("No participant @{handle}.", handle=handle))
        return person

    def completions(self) -> list[str]:
        """The handles of my scope that start with what is typed (the suggestion first)."""
        typed = self.query_one("#person-handle", Input).value.strip().removeprefix("@").lower()
        return [handle for handle in self.people if typed and handle.startswith(typed)]

    def complete(self) -> None:
        """Enter on the handle: take the suggested handle when what is typed is only its start."""
        field = self.query_one("#person-handle", Input)
        if field.value.strip().removeprefix("@").lower() not in self.people:
            found = self.completions()
            if found:
                field.value = found[0]
                field.cursor_position = len(field.value)

    @on(Input.Changed, "#person-handle")
    def _who(self) -> None:
        who = self.query_one("#person-who", Static)
        self.say("")
        if not self.query_one("#person-handle", Input).value.strip():
            who.update("")
            return
        try:
            person = self.person()
        except ValueError as error:
            found = self.completions()
            who.set_class(not found, "-error")
            who.update(Content(_("Enter completes: @{handle}", handle=found[0]) if found else str(error)))
            return
        who.set_class(False, "-error")
        who.update(Content(self.describe(person)))

    def describe(self, person: UserPublic) -> str:
        """Who the handle is: ``Zoé R. · Rennes``."""
        text = f"{person.display_name} · {self.city_names.get(person.city, person.city)}"
        if person.suspended:
            text += " · " + _("suspended")
        return text


class SuspendForm(_PersonForm):
    """Suspend a participant (every request of theirs refused until lifted), or lift it (``lift``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Confirm", id="suspend_form.confirm", tooltip="Suspend, or lift"),
        Binding("escape", "close", "Close", id="suspend_form.cancel", tooltip="Close without acting"),
    ]

    def __init__(
        self,
        people: Sequence[UserPublic],
        scope_name: str | None,
        *,
        lift: bool = False,
        city_names: dict[str, str] | None = None,
    ) -> None:
        if lift:  # the suspended first: they are the ones to lift
            people = sorted(people, key=lambda p: not p.suspended)
        super().__init__(people, scope_name)
        self.lift = lift
        self.city_names = city_names or {}
        self.TITLE_TEXT = "Lift a suspension" if lift else "Suspend a participant"

    def compose_fields(self) -> ComposeResult:
        """Who, what it does, why."""
        yield from self.compose_person()
        yield Static(
            Content(
                _("They can use nuit-tui again at once.")
                if self.lift
                else _(
                    "Every request of theirs is refused, from the next one, until the suspension is lifted."
                )
            ),
            classes="person-note",
        )
        yield Label(Content(_("Reason (optional, for the audit log)")))
        yield Input(id="suspend-reason", max_length=200)

    def compose_buttons(self) -> ComposeResult:
        """Cancel, Suspend (or Lift)."""
        yield Button(_("Cancel"), id="suspend-cancel")
        if self.lift:
            yield Button(_("Lift suspension"), id="suspend-ok", variant="success")
        else:
            yield Button(_("Suspend"), id="suspend-ok", variant="error")

    def on_mount(self) -> None:
        """Start on the handle."""
        super().on_mount()
        self.query_one("#person-handle", Input).focus()

    def action_confirm(self) -> None:
        """Return whom and why, or say what is wrong."""
        try:
            person = self.person()
        except ValueError as error:
            self.say(str(error))
            self.query_one("#person-handle", Input).focus()
            return
        if self.lift and not person.suspended:
            self.say(_("@{handle} is not suspended.", handle=person.handle))
            return
        self.finish(Suspension(person.handle, self.query_one("#suspend-reason", Input).value.strip()))

    @on(Button.Pressed, "#suspend-ok")
    @on(Input.Submitted, "#suspend-reason")
    def _ok(self) -> None:
        self.action_confirm()

    @on(Input.Submitted, "#person-handle")
    def _handle_done(self) -> None:
        self.complete()
        self.query_one("#suspend-reason", Input).focus()

    @on(Button.Pressed, "#suspend-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()


class RecoveryForm(_PersonForm):
    """Issue a one-time recovery code for a participant; returns the code the server gave."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "issue", "Issue", id="recovery_form.issue", tooltip="Issue the code"),
        Binding("escape", "close", "Close", id="recovery_form.cancel", tooltip="Close without a code"),
    ]
    TITLE_TEXT = "Recovery code"

    def __init__(
        self,
        people: Sequence[UserPublic],
        scope_name: str | None,
        issue: Callable[[str, bool], Any],
        *,
        city_names: dict[str, str] | None = None,
    ) -> None:
        """``issue(handle, revoke)``: the engine's call (awaited); its error is said in one line."""
        super().__init__(people, scope_name)
        self.issue = issue
        self.city_names = city_names or {}
        self._busy = False

    def compose_fields(self) -> ComposeResult:
        """Who, and whether their tokens are revoked too."""
        yield from self.compose_person()
        yield Checkbox(_("Also revoke their tokens (lost laptop)"), id="recovery-revoke")
        yield Static(
            Content(_("The code is shown once: hand it to them. It works once, for a limited time.")),
            classes="person-note",
        )

    def compose_buttons(self) -> ComposeResult:
        """Cancel, Issue code."""
        yield Button(_("Cancel"), id="recovery-cancel")
        yield Button(_("Issue code"), id="recovery-ok", variant="primary")

    def on_mount(self) -> None:
        """Start on the handle."""
        super().on_mount()
        self.query_one("#person-handle", Input).focus()

    def action_issue(self) -> None:
        """Ask the server for the code (once at a time); errors are said on the form's error line."""
        if self._busy:
            return
        try:
            person = self.person()
        except ValueError as error:
            self.say(str(error))
            self.query_one("#person-handle", Input).focus()
            return
        self._busy = True
        self.query_one("#recovery-ok", Button).disabled = True
        self.say("")
        self._issue(person.handle, self.query_one("#recovery-revoke", Checkbox).value)

    @work(exclusive=True, exit_on_error=False, group="recovery")
    async def _issue(self, handle: str, revoke: bool) -> None:
        try:
            code = await self.issue(handle, revoke)
        except Exception as error:  # offline, refused, not allowed: one line, the form stays
            self.say(_("No code: {error}", error=error_line(error)))
            return
        finally:
            self._busy = False
            with contextlib.suppress(Exception):  # the form may be gone
                self.query_one("#recovery-ok", Button).disabled = False
        self.finish(code)

    @on(Button.Pressed, "#recovery-ok")
    def _ok(self) -> None:
        self.action_issue()

    @on(Input.Submitted, "#person-handle")
    def _handle_done(self) -> None:
        self.complete()
        self.query_one("#recovery-revoke", Checkbox).focus()

    @on(Button.Pressed, "#recovery-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()


class RecoveryCodeScreen(ModalScreen[None]):
    """The code, shown once, with the line to type on the new laptop; ``y`` copies that line."""

    DEFAULT_CSS = """
    RecoveryCodeScreen { align: center middle; }
    RecoveryCodeScreen #code-box {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $success; background: $surface; padding: 0 1;
    }
    RecoveryCodeScreen .code-title { text-style: bold; color: $accent; padding: 0 1; }
    RecoveryCodeScreen #code-value { text-style: bold; color: $success; padding: 1 1 0 1; }
    RecoveryCodeScreen .code-line { padding: 0 1; height: auto; }
    RecoveryCodeScreen #code-login { color: $accent; padding: 0 1; height: auto; }
    RecoveryCodeScreen #code-buttons { height: auto; align-horizontal: right; }
    RecoveryCodeScreen #code-buttons Button { margin-left: 2; height: 1; border: none; min-width: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy", "Copy", id="recovery_code.copy", tooltip="Copy the line they type"),
        Binding(
            "escape", "close", "Close", id="recovery_code.close", tooltip="Close: the code is not shown again"
        ),
        Binding("f1", "app.help", "Help", id="recovery_code.help", tooltip="Every key of this screen"),
    ]

    def __init__(self, code: RecoveryCode, url: str, tz: tzinfo) -> None:
        super().__init__()
        translate_bindings(self)
        self.code = code
        self.url = url
        self.tz = tz

    @property
    def line(self) -> str:
        """The line to type on the new laptop."""
        return login_line(self.url, self.code.code, self.code.handle)

    def compose(self) -> ComposeResult:
        """The code, how long it works, the line to type, the buttons; the footer."""
        with Vertical(id="code-box"):
            yield Static(
                Content(_("Recovery code for @{handle}", handle=self.code.handle)), classes="code-title"
            )
            yield Static(Content(self.code.code), id="code-value")
            yield Static(
                Content(
                    _(
                        "Single use, until {time}. It is not shown again.",
                        time=_day_clock(self.code.expires_at, self.tz),
                    )
                ),
                classes="code-line",
            )
            if self.code.revoked_tokens:
                yield Static(
                    Content(_("Revoked {count} of their tokens.", count=self.code.revoked_tokens)),
                    classes="code-line",
                )
            yield Static(Content(_("They sign in with:")), classes="code-line")
            yield Static(Content(self.line), id="code-login")
            with Horizontal(id="code-buttons"):
                yield Button(_("Copy (y)"), id="code-copy")
                yield Button(_("Close"), id="code-close", variant="primary")
        yield SectionFooter()

    def action_copy(self) -> None:
        """Copy the line they type (with the code) and say so."""
        self.app.copy_to_clipboard(self.line)
        self.notify(_("Copied: the line that signs @{handle} in.", handle=self.code.handle), markup=False)

    def action_close(self) -> None:
        """Close: the code is gone from the screen."""
        self.dismiss(None)

    @on(Button.Pressed, "#code-copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#code-close")
    def _close_pressed(self) -> None:
        self.action_close()


# -- what the palette runs -------------------------------------------------------------------------


class Organizer:
    """The organizer commands on ``app``: each opens its form and queues (or calls) what it returns."""

    def __init__(self, app: NuitApp) -> None:
        self.app = app

    @property
    def me(self) -> UserPublic | None:
        """The organizer (None before the first sync)."""
        return self.app.engine.me()

    def _zone(self) -> tzinfo:
        event = self.app.engine.event()
        return zone_named(event.timezone if event else None)

    def _scope(self) -> tuple[str | None, str | None]:
        """The city I organize (None: every city) and its name."""
        me = self.me
        city = scope_city(me) if me is not None else None
        return city, (self.app.engine.city_names().get(city, city) if city is not None else None)

    def _people(self) -> list[UserPublic]:
        """The participants I may act on, by handle."""
        city, _name = self._scope()
        return [
            person
            for person in self.app.engine.users()
            if person.role != Role.ORGANIZER and (city is None or person.city == city)
        ]

    def _run(self, queue: Callable[[], Any], done: str) -> None:
        """Queue a write in a worker; ``done`` (or the one-line reason it was not queued) in a toast."""

        async def work() -> None:
            try:
                await queue()
            except Exception as error:  # refused by the model, or the outbox could not be written
                self.app.notify(
                    _("Not queued: {error}", error=error_line(error)), severity="error", markup=False
                )
                return
            self.app.notify(done, markup=False)

        self.app.run_worker(work(), exit_on_error=False, group="organizer")

    # -- the commands ----------------------------------------------------------------------------

    def announce(self) -> None:
        """Open the announcement form."""
        engine = self.app.engine
        event = engine.event()
        cities = [(city.id, city.name) for city in event.cities] if event else []
        only, _name = self._scope()
        self.app.push_screen(AnnounceForm(cities, only), self._announced)

    def _announced(self, result: Announcement | None) -> None:
        if result is None:
            return
        names = self.app.engine.city_names()
        where = (
            _("everyone")
            if result.channel == "all"
            else names.get(result.channel.removeprefix("city:"), result.channel)
        )
        self._run(
            lambda: self.app.engine.announce(result.channel, result.text),
            _(
                "Announcement queued for {where}: it is sent as soon as the server can be reached.",
                where=where,
            ),
        )

    def move(self) -> None:
        """Open the form to move a schedule item of my scope."""
        engine = self.app.engine
        city, name = self._scope()
        items = [item for item in engine.schedule() if city is None or item.city == city]
        if not items:
            self.app.notify(
                _("No schedule item of {city} to move.", city=name)
                if name
                else _("No schedule item to move yet."),
                markup=False,
            )
            return
        self.app.push_screen(MoveForm(items, self._zone(), engine.city_names()), self._moved)

    def _moved(self, result: Move | None) -> None:
        if result is None:
            return
        tz = self._zone()
        self._run(
            lambda: self.app.engine.update_schedule_item(
                result.item.id, {"starts_at": result.starts_at, "ends_at": result.ends_at}
            ),
            _(
                "Move queued: {title} at {time}.",
                title=result.item.title,
                time=_day_clock(result.starts_at, tz),
            ),
        )

    def hide(self, message: MessageLike | None, message_id: int | None) -> None:
        """Confirm and hide ``message`` (the one selected in the open thread)."""
        if message is None:
            self.app.notify(_("Open a channel and select a message first."), markup=False)
            return
        if message_id is None:
            self.app.notify(_("This message is not on the server yet: nothing to hide."), markup=False)
            return
        when = _day_clock(message.created_at, self._zone())
        form = HideForm(message.author, message.body, when)
        self.app.push_screen(form, partial(self._hidden, message.author, message_id))

    def _hidden(self, author: str, message_id: int, reason: str | None) -> None:
        if reason is None:
            return
        self._run(
            lambda: self.app.engine.hide_message(message_id, reason or None),
            _("Hiding queued: the message of @{author} is removed for everyone.", author=author),
        )

    def suspend(self, *, lift: bool = False) -> None:
        """Open the form to suspend a participant of my scope, or lift a suspension."""
        _city, name = self._scope()
        form = SuspendForm(self._people(), name, lift=lift, city_names=self.app.engine.city_names())
        self.app.push_screen(form, self._lifted if lift else self._suspended)

    def _suspended(self, result: Suspension | None) -> None:
        if result is not None:
            self._run(
                lambda: self.app.engine.suspend(result.handle, result.reason or None),
                _("Suspension of @{handle} queued.", handle=result.handle),
            )

    def _lifted(self, result: Suspension | None) -> None:
        if result is not None:
            self._run(
                lambda: self.app.engine.unsuspend(result.handle, result.reason or None),
                _("Lifting the suspension of @{handle} queued.", handle=result.handle),
            )

    def recovery(self) -> None:
        """Open the recovery form; the code the server gives is shown once."""
        _city, name = self._scope()
        engine = self.app.engine
        form = RecoveryForm(self._people(), name, engine.issue_recovery, city_names=engine.city_names())
        self.app.push_screen(form, self._issued)

    def _issued(self, code: RecoveryCode | None) -> None:
        if code is None:
            return
        profile = self.app.profile
        url = profile.api_url if profile is not None else str(self.app.engine.client.base_url)
        self.app.push_screen(RecoveryCodeScreen(code, url.rstrip("/"), self._zone()))


def selected_message(screen: Any) -> tuple[MessageLike | None, int | None]:
    """The message selected in the open thread of ``screen`` and its server id (None while pending)."""
    from .thread import ThreadView

    for thread in screen.query(ThreadView):
        if thread.channel is None:
            continue
        row = thread.messages.cursor_row
        if row is not None:
            return row, getattr(row, "id", None)
    return None, None
