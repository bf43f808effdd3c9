"""The form to post my team's progress from its project page: a few words and the team's stage.

A modal ``FormScreen`` (the swap form's box, draft and keys): Ctrl+S posts, Escape
closes and keeps what was typed as a draft (one per project), "Discard" forgets
it. It returns a ``ProgressCreate`` checked by the contract, so a bad text is said
inline and nothing is queued; the page queues it in the outbox.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Label, Select, TextArea

from nuittui.i18n import _
from nuittui.models import ProgressCreate, Stage
from nuittui.readmodel.projects import stage_label
from nuittui.sync.writes import invalid_write

from .swap_form import FormScreen

__all__ = ["TeamUpdateForm"]


class TeamUpdateForm(FormScreen[ProgressCreate | None]):
    """Where the team stands, in a few words, and its stage (the current one to start with)."""

    DEFAULT_CSS = """
    TeamUpdateForm #update-text { height: 5; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "post", "Post", id="update_form.post", tooltip="Post the progress update"),
        Binding("escape", "close", "Close", id="update_form.cancel", tooltip="Close, keeping a draft"),
    ]
    TITLE_TEXT = "Post a progress update"
    DRAFT = "progress"

    def __init__(self, project_id: int, team: str, stage: str = Stage.EXPLORING) -> None:
        super().__init__()
        self.project_id = project_id
        self.team = team
        self.stage = Stage(stage) if stage in {s.value for s in Stage} else Stage.EXPLORING
        """The team's stage as the project's page showed it (the read model's projection)."""

    @property
    def draft_key(self) -> str:
        """One draft per project."""
        return f"{self.DRAFT}:{self.project_id}"

    def compose_fields(self) -> ComposeResult:
        """The text, then the stage."""
        yield Label(Content(_("Where {team} stands, in a few words", team=self.team)))
        yield TextArea(id="update-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield Label(Content(_("Stage")))
        yield Select(
            [(Content(stage_label(stage)), stage.value) for stage in Stage],
            id="update-stage",
            value=self.stage.value,
            allow_blank=False,
        )

    def compose_buttons(self) -> ComposeResult:
        """Close, Post."""
        yield Button(_("Close"), id="update-cancel")
        yield Button(_("Post"), id="update-post", variant="primary")

    def on_mount(self) -> None:
        """Start typing the text (the draft's, if one was kept)."""
        super().on_mount()
        self.query_one("#update-text", TextArea).focus()

    def draft(self) -> dict[str, Any]:
        """The text as typed, the stage chosen."""
        stage = self.query_one("#update-stage", Select).value
        return {
            "text": self.query_one("#update-text", TextArea).text,
            "stage": stage if isinstance(stage, str) else self.stage.value,
        }

    def is_blank(self) -> bool:
        """No text typed (a stage alone is not worth a draft)."""
        return not self.query_one("#update-text", TextArea).text.strip()

    def restore(self, draft: dict[str, Any]) -> None:
        """Fill the fields from a draft."""
        self.query_one("#update-text", TextArea).text = draft.get("text", "")
        if draft.get("stage") in {stage.value for stage in Stage}:
            self.query_one("#update-stage", Select).value = draft["stage"]

    def action_post(self) -> None:
        """Check the update and return it, or say what is wrong."""
        try:
            update = ProgressCreate(
                text=self.query_one("#update-text", TextArea).text.strip(),
                stage=self.query_one("#update-stage", Select).value,
            )
        except ValidationError as error:
            self.say(str(invalid_write(error)))
            self.query_one("#update-text", TextArea).focus()
            return
        self.finish(update)

    @on(Button.Pressed, "#update-post")
    def _post_pressed(self) -> None:
        self.action_post()

    @on(Button.Pressed, "#update-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()
