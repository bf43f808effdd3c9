"""``organizer: Move schedule item``: by a shift or to a time of its day, the new time seen first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from nuittui.i18n import _
from nuittui.readmodel.schedule import ScheduleLine
from nuittui.sync.moving import move_of, moved

if TYPE_CHECKING:
    pass
from .common import Move, OrganizerForm, day_clock

# -- Move a schedule item ------------------------------------------------------------------------


class MoveForm(OrganizerForm):
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
        self,
        items: Sequence[ScheduleLine],
        tz: tzinfo,
        city_names: Mapping[str, str] | None = None,
        queued: frozenset[int] = frozenset(),
    ) -> None:
        """``queued``: the items with a change of mine still in the outbox (marked in the list)."""
        super().__init__()
        self.items = {item.id: item for item in items}
        self.tz = tz
        self.city_names = city_names or {}
        self.queued = queued

    def _label(self, item: ScheduleLine) -> Content:
        text = f"{day_clock(item.starts_at, self.tz)}  {item.title}"
        if item.city:
            text += f" · {self.city_names.get(item.city, item.city)}"
        if item.cancelled:
            text += " · " + _("cancelled")
        if item.id in self.queued:
            text += " · " + _("change queued")
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
        return f"{day_clock(old, self.tz)} → {day_clock(new, self.tz)}"

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
