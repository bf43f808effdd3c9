"""What the organizer forms share: who is an organizer and of what, the values the forms return,
the form box, and the form that picks a person of my scope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from nuittui.i18n import _
from nuittui.readmodel.organizer import OrgPerson
from nuittui.readmodel.schedule import ScheduleLine
from nuittui.sync.writes import checked_handle

from ..swap_form import FormScreen

if TYPE_CHECKING:
    pass


def day_clock(moment: datetime, tz: tzinfo) -> str:
    """``Sat 21:30`` (the weekday translated)."""
    days = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
    local = moment.astimezone(tz)
    return f"{days[local.weekday()]} {local:%H:%M}"


def first_line(text: str, width: int = 60) -> str:
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

    item: ScheduleLine
    starts_at: datetime
    ends_at: datetime


class Suspension(NamedTuple):
    """Whom to suspend (or lift the suspension of), and why (may be empty)."""

    handle: str
    reason: str


class OrganizerForm(FormScreen[Any]):
    """An organizer's form: Escape closes it; only the forms with a ``DRAFT`` keep what was typed."""

    def is_blank(self) -> bool:
        """A form without a draft never keeps one."""
        return not self.DRAFT or super().is_blank()


# -- Suspend / lift a suspension and issue a recovery code: a person of my scope --------------------


class PersonForm(OrganizerForm):
    """A form about one person of the organizer's scope: their handle (suggested), checked as typed."""

    DEFAULT_CSS = """
    PersonForm #person-who { height: auto; color: $text-muted; }
    PersonForm #person-who.-error { color: $error; }
    PersonForm .person-note { height: auto; color: $text-warning; margin-top: 1; }
    """

    def __init__(self, people: Sequence[OrgPerson], scope_name: str | None) -> None:
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

    def person(self) -> OrgPerson:
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

    def describe(self, person: OrgPerson) -> str:
        """Who the handle is: ``Zoé R. · Rennes``."""
        text = f"{person.name} · {self.city_names.get(person.city, person.city)}"
        if person.suspended:
            text += " · " + _("suspended")
        return text
