"""``organizer: Recovery code``: issued for a person of my scope, shown once with the line to type."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from nuittui.i18n import _
from nuittui.models import RecoveryCode
from nuittui.readmodel.organizer import OrgPerson
from nuittui.sync.errors import error_line

from ..base import SectionFooter, translate_bindings

if TYPE_CHECKING:
    pass
from .common import PersonForm, day_clock, login_line


class RecoveryForm(PersonForm):
    """Issue a one-time recovery code for a participant; returns the code the server gave."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "issue", "Issue", id="recovery_form.issue", tooltip="Issue the code"),
        Binding("escape", "close", "Close", id="recovery_form.cancel", tooltip="Close without a code"),
    ]
    TITLE_TEXT = "Recovery code"

    def __init__(
        self,
        people: Sequence[OrgPerson],
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
                        time=day_clock(self.code.expires_at, self.tz),
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
