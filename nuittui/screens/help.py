"""F1: every key of the screen underneath, read from its live bindings (remapped keys included)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nuittui.i18n import _
from nuittui.widgets.fitting import Hanging

from .base import translate_bindings

__all__ = ["HelpScreen", "key_rows"]


def key_rows(screen: Screen[object]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Every binding active on ``screen``, by where it applies: ``[(group, [(keys, does, more)…])…]``.

    Groups: this screen, the focused widget and its parents, then everywhere (the app).
    Keys doing the same thing share a row (``q, ^q``).
    """
    app = screen.app
    merged: dict[tuple[str, str, str], list[str]] = {}
    tooltips: dict[tuple[str, str, str], str] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not binding.description:
            continue
        if active.node is app:
            group = _("Everywhere")
        elif active.node is screen:
            group = _("This screen")
        else:
            group = _("Where the cursor is")
        row = (group, binding.action, binding.description)
        label = binding.key_display or app.get_key_display(binding) or key
        labels = merged.setdefault(row, [])
        if label not in labels:
            labels.append(label)
        tooltip = active.tooltip or binding.tooltip
        if not active.enabled:
            why = getattr(active.node, "why_unavailable", lambda _action: None)(binding.action)
            tooltip = _("not now: {why}", why=why) if why else _("not available now")
        tooltips.setdefault(row, tooltip)
    order = [_("This screen"), _("Where the cursor is"), _("Everywhere")]
    return [
        (
            name,
            [
                (", ".join(labels), description, tooltips[(group, action, description)])
                for (group, action, description), labels in merged.items()
                if group == name
            ],
        )
        for name in order
        if any(group == name for group, _action, _description in merged)
    ]


class HelpScreen(ModalScreen[None]):
    """The keys of the current screen, with what each does; Escape, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { dock: top; text-style: bold; color: $accent; padding: 1 0; }
    HelpScreen #help-keys { height: auto; max-height: 100%; border: none; }
    HelpScreen #help-foot { dock: bottom; color: $text-muted; padding: 1 0 0 0; }
    HelpScreen.-short #help-title { padding: 0; }
    HelpScreen.-short #help-foot { padding: 0; }
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012 (typed by Textual)
    """On a laptop's 24 rows the title and the hint under the keys take one line each; the keys scroll."""

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        translate_bindings(self)
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        """A title, the keys, a hint."""
        groups = key_rows(self.underneath)
        width = max((len(key) for _name, rows in groups for key, _what, _more in rows), default=4) + 2
        options: list[Option] = []
        for name, rows in groups:
            options.append(Option(Content.styled(name, "bold underline"), disabled=True))
            options += [
                Option(
                    Hanging(
                        Content.assemble(
                            Content.styled(key.ljust(width), "bold $accent"),
                            Content(what),
                            Content.styled(f" — {more}", "$text-muted") if more and more != what else "",
                        ),
                        width,  # a long line wraps under what the key does, not under the keys
                    )
                )
                for key, what, more in rows
            ]
        with Vertical():
            yield Static(Content(_("Keys of this screen")), id="help-title")
            yield OptionList(*options, id="help-keys", markup=False)
            yield Static(
                Content(_("Ctrl+P searches every command. Keys can be changed in config.toml, [keys].")),
                id="help-foot",
            )

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss()
