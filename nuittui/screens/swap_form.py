"""The form to post a bug swap, and the one to resolve it with thanks: modal screens returning models.

Both validate with the contract's models before returning, so a bad title is
said inline at once and nothing is queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from nuittui.i18n import _
from nuittui.models import ProjectPublic, SwapCreate, SwapResolve

from .base import translate_bindings

__all__ = ["ResolveForm", "SwapForm", "first_error", "parse_tags"]

FORM_CSS = """
SwapForm, ResolveForm { align: center middle; }
SwapForm > Vertical, ResolveForm > Vertical {
    width: 90; max-width: 95%; height: auto; max-height: 95%;
    border: thick $primary; background: $surface; padding: 1 2;
}
SwapForm .form-title, ResolveForm .form-title { text-style: bold; color: $accent; margin-bottom: 1; }
SwapForm Label, ResolveForm Label { color: $text-muted; margin-top: 1; }
SwapForm #swap-body { height: 10; }
ResolveForm #resolve-thanks { height: 6; }
SwapForm .form-error, ResolveForm .form-error { color: $error; height: auto; }
SwapForm .form-buttons, ResolveForm .form-buttons { height: auto; margin-top: 1; align-horizontal: right; }
SwapForm Button, ResolveForm Button { margin-left: 2; }
"""


def parse_tags(text: str) -> list[str]:
    """Tags typed as ``python, pandas`` or ``python pandas``, in order, without repeats."""
    seen: list[str] = []
    for raw in text.replace(",", " ").split():
        tag = raw.strip().lower().lstrip("#")
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def first_error(error: ValidationError) -> str:
    """The first reason pydantic gives, with the field it is about, as one line."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


class SwapForm(ModalScreen[SwapCreate | None]):
    """Ask for help: title, a multi-line body (paste a traceback), tags, project and where to find me."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "post", "Post", id="swap_form.post", tooltip="Post the swap"),
        Binding("escape", "cancel", "Cancel", id="swap_form.cancel", tooltip="Close without posting"),
    ]

    def __init__(self, projects: Sequence[ProjectPublic], my_team: int | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.projects = list(projects)
        self.my_team = my_team

    def compose(self) -> ComposeResult:
        """The fields, an error line and the buttons."""
        options = [(Content(p.title), p.id) for p in self.projects]
        with Vertical():
            yield Static(Content(_("Post a bug swap")), classes="form-title")
            yield Label(Content(_("Title (what is wrong, in one line)")))
            yield Input(id="swap-title", max_length=120)
            yield Label(Content(_("Details: what you tried, the error (Markdown, code blocks welcome)")))
            yield TextArea(id="swap-body", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            yield Label(Content(_("Tags (python, pandas…)")))
            yield Input(id="swap-tags")
            yield Label(Content(_("Project")))
            yield Select(
                options,
                id="swap-project",
                prompt=_("No project"),
                value=self.my_team if self.my_team in {p.id for p in self.projects} else Select.NULL,
            )
            yield Label(Content(_("Where to find me in the venue")))
            yield Input(id="swap-location", max_length=120)
            yield Static("", id="swap-error", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="swap-cancel")
                yield Button(_("Post"), id="swap-post", variant="primary")

    def on_mount(self) -> None:
        """Start typing the title."""
        self.query_one("#swap-title", Input).focus()

    def build(self) -> SwapCreate:
        """The swap as typed; raises ``ValidationError`` with the model's reason."""
        project = self.query_one("#swap-project", Select).value
        return SwapCreate(
            title=self.query_one("#swap-title", Input).value,
            body=self.query_one("#swap-body", TextArea).text,
            tags=parse_tags(self.query_one("#swap-tags", Input).value),
            project_id=project if isinstance(project, int) else None,
            location=self.query_one("#swap-location", Input).value,
        )

    def action_post(self) -> None:
        """Check the swap and return it, or say what is wrong."""
        try:
            swap = self.build()
        except ValidationError as error:
            self.query_one("#swap-error", Static).update(Content(first_error(error)))
            return
        self.dismiss(swap)

    def action_cancel(self) -> None:
        """Close without posting."""
        self.dismiss(None)

    @on(Button.Pressed, "#swap-post")
    def _post_pressed(self) -> None:
        self.action_post()

    @on(Button.Pressed, "#swap-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#swap-title")
    def _title_done(self) -> None:
        self.query_one("#swap-body", TextArea).focus()


class ResolveForm(ModalScreen[SwapResolve | None]):
    """Close my swap as resolved, with an optional thank-you and a rating of the help."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "resolve", "Resolve", id="resolve_form.resolve", tooltip="Mark the swap resolved"),
        Binding("escape", "cancel", "Cancel", id="resolve_form.cancel", tooltip="Close without resolving"),
    ]

    def __init__(self, helper: str | None) -> None:
        super().__init__()
        translate_bindings(self)
        self.helper = helper

    def compose(self) -> ComposeResult:
        """Thanks, rating, buttons."""
        with Vertical():
            yield Static(Content(_("Resolve the swap")), classes="form-title")
            if self.helper:
                yield Label(Content(_("A word of thanks for @{helper}", helper=self.helper)))
            else:
                yield Label(Content(_("A word about how it was solved")))
            yield TextArea(id="resolve-thanks", soft_wrap=True, tab_behavior="focus")
            yield Label(Content(_("Rating of the help")))
            yield Select(
                [(Content("★" * n), n) for n in range(5, 0, -1)],
                id="resolve-rating",
                prompt=_("No rating"),
            )
            yield Static("", id="resolve-error", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="resolve-cancel")
                yield Button(_("Resolve"), id="resolve-ok", variant="success")

    def on_mount(self) -> None:
        """Start with the thanks."""
        self.query_one("#resolve-thanks", TextArea).focus()

    def action_resolve(self) -> None:
        """Check and return the resolution."""
        rating = self.query_one("#resolve-rating", Select).value
        try:
            result = SwapResolve(
                thanks=self.query_one("#resolve-thanks", TextArea).text,
                rating=rating if isinstance(rating, int) else None,
            )
        except ValidationError as error:
            self.query_one("#resolve-error", Static).update(Content(first_error(error)))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without resolving."""
        self.dismiss(None)

    @on(Button.Pressed, "#resolve-ok")
    def _ok_pressed(self) -> None:
        self.action_resolve()

    @on(Button.Pressed, "#resolve-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
