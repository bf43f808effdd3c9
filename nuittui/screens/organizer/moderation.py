"""``organizer: Hide message`` (the one selected) and ``organizer: Suspend`` / ``Lift suspension``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from nuittui.i18n import _
from nuittui.readmodel.organizer import OrgPerson

if TYPE_CHECKING:
    pass
from .common import OrganizerForm, PersonForm, Suspension, first_line

# -- Hide a message ---------------------------------------------------------------------------------


class HideForm(OrganizerForm):
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
        yield Static(Content("“" + first_line(self.body) + "”"), id="hide-quote")
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


class SuspendForm(PersonForm):
    """Suspend a participant (every request of theirs refused until lifted), or lift it (``lift``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Confirm", id="suspend_form.confirm", tooltip="Suspend, or lift"),
        Binding("escape", "close", "Close", id="suspend_form.cancel", tooltip="Close without acting"),
    ]

    def __init__(
        self,
        people: Sequence[OrgPerson],
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
