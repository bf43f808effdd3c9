"""The form to post a bug swap, and the one to resolve it with thanks: modal screens returning models.

Both validate with the contract's models before returning, so a bad title is
said inline at once and nothing is queued. They fit a laptop's terminal: the
fields scroll (to the focused one), the buttons and the error line stay in
view under them, and the footer shows the keys (F1 lists them). Escape closes
a form and keeps what was typed as a draft, which is back the next time the
form opens; "Discard" forgets it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from nuittui.i18n import _
from nuittui.models import SwapCreate, SwapResolve

from .base import SectionFooter, translate_bindings

__all__ = ["FormScreen", "ResolveForm", "SwapForm", "first_error", "parse_tags"]

Result = TypeVar("Result")


class FormScreen(ModalScreen[Result]):
    """A form in a box: a title, fields that scroll, an error line and buttons always in view.

    The title and the foot (a note, the error, the buttons) are docked to the box's
    edges, so the fields get what is left and scroll within it.

    Subclasses yield their fields from ``compose_fields()``, give the draft's fields
    (``draft()``, ``restore()``) and their ``DRAFT`` key; Escape keeps a non-blank draft.
    """

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen #form-box {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormScreen .form-title { dock: top; text-style: bold; color: $accent; padding: 1 1 0 1; }
    FormScreen #form-fields { height: auto; max-height: 100%; padding: 0 1; }
    FormScreen #form-fields Label { width: 100%; color: $text-muted; margin-top: 1; }
    FormScreen #form-foot { dock: bottom; height: auto; }
    FormScreen .form-note { color: $text-warning; padding: 0 1; height: auto; }
    FormScreen .form-error { color: $error; height: auto; padding: 0 1; }
    FormScreen .form-buttons { height: auto; align-horizontal: right; }
    FormScreen .form-buttons Button { margin-left: 2; }
    FormScreen.-short .form-title { padding: 0 1; }
    FormScreen.-short .form-buttons Button { height: 1; border: none; min-width: 10; }
    """
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012 (typed by Textual)
    """On a short terminal (a laptop's 24 rows) the title and the buttons take one line each."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "app.help", "Help", id="form.help", tooltip="Every key of this form"),
    ]

    TITLE_TEXT = ""
    """The form's title (English, translated when shown)."""
    DRAFT = ""
    """Where the app keeps this form's draft (one per form, and per swap for a resolution)."""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self._typed_ahead: list[events.Key] | None = []
        """Keys typed before a field first had focus (None once one has): replayed into it."""

    def on_key(self, event: events.Key) -> None:
        """A key typed between the one that opened the form and its first field's focus (a quick
        typist, a busy machine) reaches the screen itself: keep it for that field, in order."""
        if self._typed_ahead is not None and event.is_printable:
            self._typed_ahead.append(events.Key(event.key, event.character))
            event.stop()
            event.prevent_default()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A field has focus: it is shown with its label; the first time, what was typed ahead goes
        into it."""
        if self._typed_ahead is not None:
            keys, self._typed_ahead = self._typed_ahead, None
            for key in keys:
                event.widget.post_message(key)
        self.call_after_refresh(self._show_with_label, event.widget)

    def scroll_to_center(self, widget: Widget, *args: Any, **kwargs: Any) -> None:
        """Textual centres a newly focused widget it cannot show whole, even before the form is laid
        out (which hid the first field's label): a field is shown with its label instead."""
        fields = self.query_one("#form-fields")
        if widget in fields.walk_children():
            self.call_after_refresh(self._show_with_label, widget)
        else:
            super().scroll_to_center(widget, *args, **kwargs)

    def _show_with_label(self, field: Widget) -> None:
        """Scroll the fields so the focused one and the label just above it are both in view."""
        if not field.is_mounted or field.parent is None:
            return
        siblings = list(field.parent.children)
        at = siblings.index(field) if field in siblings else 0
        if at > 0 and isinstance(siblings[at - 1], Label):
            siblings[at - 1].scroll_visible(animate=False, immediate=True)
        field.scroll_visible(animate=False, immediate=True)

    @property
    def draft_key(self) -> str:
        """The key of this form's draft among the app's drafts."""
        return self.DRAFT

    def compose(self) -> ComposeResult:
        """The box (title, scrolling fields, error line, buttons) and the footer."""
        with Vertical(id="form-box"):
            yield Static(Content(_(self.TITLE_TEXT)), classes="form-title")
            with VerticalScroll(id="form-fields", can_focus=False):
                yield from self.compose_fields()
            with Vertical(id="form-foot"):
                yield Static("", id="form-note", classes="form-note", markup=False)
                yield Static("", id="form-error", classes="form-error", markup=False)
                with Horizontal(classes="form-buttons"):
                    yield Button(_("Discard"), id="form-discard", variant="error")
                    yield from self.compose_buttons()
        yield SectionFooter()

    def compose_fields(self) -> ComposeResult:
        """The fields; override."""
        yield from ()

    def compose_buttons(self) -> ComposeResult:
        """Close and the form's own button; override."""
        yield from ()

    def on_mount(self) -> None:
        """Bring back the draft left last time, if any."""
        draft = self._drafts().get(self.draft_key)
        self.query_one("#form-discard", Button).display = draft is not None
        self.query_one("#form-error", Static).display = False
        note = self.query_one("#form-note", Static)
        note.display = draft is not None
        if draft is not None:
            self.restore(draft)
            note.update(Content(_("Your draft is back. Discard forgets it.")))

    # -- drafts -------------------------------------------------------------------------
    def _drafts(self) -> dict[str, Any]:
        drafts = getattr(self.app, "drafts", None)
        return drafts if isinstance(drafts, dict) else {}

    def draft(self) -> dict[str, Any]:
        """What is typed, field by field; override."""
        return {}

    def restore(self, draft: dict[str, Any]) -> None:
        """Fill the fields from a draft; override."""

    def is_blank(self) -> bool:
        """Nothing typed (a choice left as it was counts as nothing)."""
        return not any(isinstance(v, str) and v.strip() for v in self.draft().values())

    def say(self, error: str) -> None:
        """Show why the form cannot be sent (plain text)."""
        line = self.query_one("#form-error", Static)
        line.update(Content(error))
        line.display = bool(error)

    def finish(self, result: Result) -> None:
        """Sent: forget the draft and close."""
        self._drafts().pop(self.draft_key, None)
        self.dismiss(result)

    def action_close(self) -> None:
        """Close; what was typed is kept as a draft for the next time."""
        drafts = self._drafts()
        if self.is_blank():
            drafts.pop(self.draft_key, None)
        else:
            drafts[self.draft_key] = self.draft()
            self.app.notify(_("Draft kept: it is back when you open the form again."), markup=False)
        self.dismiss(None)

    @on(Button.Pressed, "#form-discard")
    def action_discard(self) -> None:
        """Close and forget what was typed."""
        self._drafts().pop(self.draft_key, None)
        self.app.notify(_("Draft discarded."), markup=False)
        self.dismiss(None)


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


_FIELDS = {"title": "#swap-title", "body": "#swap-body", "tags": "#swap-tags", "location": "#swap-location"}
"""The field to go to when the model refuses one of the swap's values."""


class SwapForm(FormScreen[SwapCreate | None]):
    """Ask for help: title, a multi-line body (paste a traceback), tags, project and where to find me."""

    DEFAULT_CSS = """
    SwapForm #swap-body { height: 8; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "post", "Post", id="swap_form.post", tooltip="Post the swap"),
        Binding("escape", "close", "Close", id="swap_form.cancel", tooltip="Close, keeping a draft"),
    ]
    TITLE_TEXT = "Post a bug swap"
    DRAFT = "swap"

    def __init__(self, projects: Sequence[tuple[int, str]], my_team: int | None = None) -> None:
        super().__init__()
        self.projects = list(projects)
        self.my_team = my_team

    def compose_fields(self) -> ComposeResult:
        """The fields."""
        options = [(Content(title), pid) for pid, title in self.projects]
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
            value=self.my_team if self.my_team in {pid for pid, _title in self.projects} else Select.NULL,
        )
        yield Label(Content(_("Where to find me in the venue")))
        yield Input(id="swap-location", max_length=120)

    def compose_buttons(self) -> ComposeResult:
        """Close, Post."""
        yield Button(_("Close"), id="swap-cancel")
        yield Button(_("Post"), id="swap-post", variant="primary")

    def on_mount(self) -> None:
        """Start typing the title (the draft's, if one was kept)."""
        super().on_mount()
        self.query_one("#swap-title", Input).focus()

    def draft(self) -> dict[str, Any]:
        """Title, details, tags and where, as typed; the project chosen."""
        project = self.query_one("#swap-project", Select).value
        return {
            "title": self.query_one("#swap-title", Input).value,
            "body": self.query_one("#swap-body", TextArea).text,
            "tags": self.query_one("#swap-tags", Input).value,
            "location": self.query_one("#swap-location", Input).value,
            "project": project if isinstance(project, int) else None,
        }

    def restore(self, draft: dict[str, Any]) -> None:
        """Fill the fields from a draft."""
        self.query_one("#swap-title", Input).value = draft.get("title", "")
        self.query_one("#swap-body", TextArea).text = draft.get("body", "")
        self.query_one("#swap-tags", Input).value = draft.get("tags", "")
        self.query_one("#swap-location", Input).value = draft.get("location", "")
        project = draft.get("project")
        if project in {pid for pid, _title in self.projects}:
            self.query_one("#swap-project", Select).value = project

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
        """Check the swap and return it, or say what is wrong (and go to that field)."""
        try:
            swap = self.build()
        except ValidationError as error:
            self.say(first_error(error))
            where = error.errors(include_url=False)[0]["loc"]
            self.query_one(_FIELDS.get(str(where[0]) if where else "", "#swap-title")).focus()
            return
        self.finish(swap)

    @on(Button.Pressed, "#swap-post")
    def _post_pressed(self) -> None:
        self.action_post()

    @on(Button.Pressed, "#swap-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()

    @on(Input.Submitted, "#swap-title")
    def _title_done(self) -> None:
        self.query_one("#swap-body", TextArea).focus()


class ResolveForm(FormScreen[SwapResolve | None]):
    """Close my swap as resolved, with an optional thank-you and a rating of the help."""

    DEFAULT_CSS = """
    ResolveForm #resolve-thanks { height: 6; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "resolve", "Resolve", id="resolve_form.resolve", tooltip="Mark the swap resolved"),
        Binding("escape", "close", "Close", id="resolve_form.cancel", tooltip="Close, keeping a draft"),
    ]
    TITLE_TEXT = "Resolve the swap"
    DRAFT = "resolve"

    def __init__(self, helper: str | None, swap_id: int | None = None) -> None:
        super().__init__()
        self.helper = helper
        self.swap_id = swap_id

    @property
    def draft_key(self) -> str:
        """One draft per swap."""
        return f"{self.DRAFT}:{self.swap_id}"

    def compose_fields(self) -> ComposeResult:
        """Thanks, rating."""
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

    def compose_buttons(self) -> ComposeResult:
        """Close, Resolve."""
        yield Button(_("Close"), id="resolve-cancel")
        yield Button(_("Resolve"), id="resolve-ok", variant="success")

    def on_mount(self) -> None:
        """Start with the thanks (the draft's, if one was kept)."""
        super().on_mount()
        self.query_one("#resolve-thanks", TextArea).focus()

    def draft(self) -> dict[str, Any]:
        """The thanks as typed, the rating chosen."""
        rating = self.query_one("#resolve-rating", Select).value
        return {
            "thanks": self.query_one("#resolve-thanks", TextArea).text,
            "rating": rating if isinstance(rating, int) else None,
        }

    def is_blank(self) -> bool:
        """No thanks typed and no rating chosen."""
        draft = self.draft()
        return not draft["thanks"].strip() and draft["rating"] is None

    def restore(self, draft: dict[str, Any]) -> None:
        """Fill the fields from a draft."""
        self.query_one("#resolve-thanks", TextArea).text = draft.get("thanks", "")
        if isinstance(draft.get("rating"), int):
            self.query_one("#resolve-rating", Select).value = draft["rating"]

    def action_resolve(self) -> None:
        """Check and return the resolution."""
        rating = self.query_one("#resolve-rating", Select).value
        try:
            result = SwapResolve(
                thanks=self.query_one("#resolve-thanks", TextArea).text,
                rating=rating if isinstance(rating, int) else None,
            )
        except ValidationError as error:
            self.say(first_error(error))
            return
        self.finish(result)

    @on(Button.Pressed, "#resolve-ok")
    def _ok_pressed(self) -> None:
        self.action_resolve()

    @on(Button.Pressed, "#resolve-cancel")
    def _cancel_pressed(self) -> None:
        self.action_close()
