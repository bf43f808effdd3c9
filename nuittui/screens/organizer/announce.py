"""``organizer: Announce``: an announcement to everyone, or to one city (a city organizer: theirs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Label, Select, Static, TextArea

from nuittui.i18n import _
from nuittui.models import MessageCreate

from ..swap_form import first_error

if TYPE_CHECKING:
    pass
from .common import Announcement, OrganizerForm

# -- Announce ---------------------------------------------------------------------------------


class AnnounceForm(OrganizerForm):
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
