"""The Schedule section: the event's items by day, with a line at the present time.

Read from the local cache only, shown in the event's time zone. The scope
cycles between my city (the items for everyone and my city's own), the items
for everyone only, and every city's items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from nuittui.i18n import _
from nuittui.models import WELL_KNOWN_KINDS, ScheduleKind
from nuittui.readmodel.schedule import ScheduleLine, ScheduleView, change_note, schedule_view
from nuittui.widgets.fitting import Hanging
from nuittui.widgets.status_bar import zone_named

from .base import SectionScreen

if TYPE_CHECKING:
    pass

__all__ = [
    "DayHeader",
    "ItemRow",
    "NowLine",
    "ScheduleRow",
    "ScheduleScope",
    "ScheduleScreen",
    "day_label",
    "filter_schedule",
    "hhmm",
    "schedule_rows",
]


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


ITEM_INDENT = 15
"""Where an item's title starts, after its times: its wrapped lines and its description start there too."""


def hhmm(moment: datetime, zone: tzinfo) -> str:
    """``moment`` as ``HH:MM`` in ``zone``."""
    return moment.astimezone(zone).strftime("%H:%M")


def day_label(day: date) -> str:
    """``Saturday 4 March`` (``Samedi 4 mars`` in French), translated without a system locale."""
    label = _(
        "{weekday} {day} {month}",
        weekday=_(_WEEKDAYS[day.weekday()]),
        day=day.day,
        month=_(_MONTHS[day.month - 1]),
    )
    return label[:1].upper() + label[1:]  # a heading: French writes day names in lower case


class ScheduleScope(StrEnum):
    """Which items the schedule shows."""

    MY_CITY = "my_city"
    """The items for every city, and my city's own."""
    GLOBAL = "global"
    """Only the items for every city."""
    ALL = "all"
    """Every city's items."""

    def next(self) -> ScheduleScope:
        """The scope after this one, in the order the toggle key cycles."""
        order = list(ScheduleScope)
        return order[(order.index(self) + 1) % len(order)]

    @property
    def label(self) -> str:
        """The scope's name, translated."""
        return {
            ScheduleScope.MY_CITY: _("My city"),
            ScheduleScope.GLOBAL: _("Everyone"),
            ScheduleScope.ALL: _("All cities"),
        }[self]


@dataclass(frozen=True)
class DayHeader:
    """The start of a day of the schedule."""

    day: date


@dataclass(frozen=True)
class NowLine:
    """The present time, between what has started and what has not."""

    at: datetime


@dataclass(frozen=True)
class ItemRow:
    """One schedule item and where it stands against now."""

    item: ScheduleLine
    state: Literal["past", "current", "future"]

    @property
    def cancelled(self) -> bool:
        """Cancelled by the organizers: shown struck and dim, never current."""
        return self.item.cancelled


Row = DayHeader | NowLine | ItemRow


def filter_schedule(
    items: Iterable[ScheduleLine], scope: ScheduleScope, my_city: str | None
) -> list[ScheduleLine]:
    """The items a scope shows, by start (the read model's ``schedule_view`` does it from the cache)."""
    if scope is ScheduleScope.GLOBAL:
        chosen = [i for i in items if i.city is None]
    elif scope is ScheduleScope.MY_CITY:
        chosen = [i for i in items if i.city is None or i.city == my_city]
    else:
        chosen = list(items)
    return sorted(chosen, key=lambda i: (i.starts_at, i.city is not None, i.id))


def _state(item: ScheduleLine, now: datetime) -> Literal["past", "current", "future"]:
    if item.cancelled:
        return "future" if item.starts_at > now else "past"  # a cancelled item is never on now
    if item.starts_at > now:
        return "future"
    return "current" if item.ends_at > now else "past"


def schedule_rows(items: Sequence[ScheduleLine], now: datetime, zone: tzinfo) -> list[Row]:
    """Items grouped by local day, with one now-line before the first item that has not started.

    The line sits under today's header when the next item starts today, above the
    next day's header otherwise; past the last item it closes the list.
    """
    rows: list[Row] = []
    today = now.astimezone(zone).date()
    current_day: date | None = None
    placed = False
    for item in items:
        day = item.starts_at.astimezone(zone).date()
        starts_later = item.starts_at > now
        if starts_later and not placed and day != today and day != current_day:
            rows.append(NowLine(now))  # the present falls between two days: before the next day's header
            placed = True
        if day != current_day:
            rows.append(DayHeader(day))
            current_day = day
        if starts_later and not placed:
            rows.append(NowLine(now))
            placed = True
        rows.append(ItemRow(item, _state(item, now)))
    if not placed:
        rows.append(NowLine(now))
    return rows


class ScheduleRow(Static):
    """One line of the schedule: a day, the now-line or an item (plain text, never markup)."""

    DEFAULT_CSS = """
    ScheduleRow { padding: 0 1; }
    ScheduleRow.-day { text-style: bold; color: $accent; margin-top: 1; }
    ScheduleRow.-now { color: $error; text-style: bold; }
    ScheduleRow.-past { color: $text-muted; }
    ScheduleRow.-current { background: $boost; }
    ScheduleRow.-cancelled { color: $text-muted; }
    """

    def __init__(self, row: Row, content: Content) -> None:
        super().__init__(self._hanging(row, content), classes=self._classes_for(row))
        self.row = row

    @staticmethod
    def _classes_for(row: Row) -> str:
        if isinstance(row, ItemRow):
            return f"-{row.state} -cancelled" if row.cancelled else f"-{row.state}"
        return "-day" if isinstance(row, DayHeader) else "-now"

    def show(self, row: Row, content: Content) -> None:
        """Show another row in this widget (rows are reused, so a redraw mounts nothing new)."""
        self.row = row
        self.set_classes(self._classes_for(row))
        self.update(self._hanging(row, content))

    @staticmethod
    def _hanging(row: Row, content: Content) -> Hanging:
        """An item's wrapped lines stay under its title, after the times."""
        return Hanging(content, ITEM_INDENT if isinstance(row, ItemRow) else None)


def _item_content(row: ItemRow, zone: tzinfo, cities: Mapping[str, str]) -> Content:
    """An item as ``HH:MM–HH:MM  title · room · city``, with its description below, muted."""
    item = row.item
    marker = "▶ " if row.state == "current" else "  "
    times = f"{hhmm(item.starts_at, zone)}–{hhmm(item.ends_at, zone)}"
    where = [part for part in (item.room, cities.get(item.city, item.city) if item.city else "") if part]
    title = (item.title, "bold") if row.state == "current" else item.title
    if item.cancelled:
        title = (item.title, "strike dim")
    parts: list[tuple[str, str] | str] = [
        marker,
        (times, "strike dim" if item.cancelled else "bold"),
        "  ",
        title,
    ]
    if where:
        parts.append((" · " + " · ".join(where), "italic"))
    if item.kind == ScheduleKind.JURY:
        parts.append(("  ★ " + _("jury"), "bold"))
    elif item.kind and item.kind not in WELL_KNOWN_KINDS:
        parts.append(("  · " + item.kind, "dim"))  # a kind of the organizers' own, as they wrote it
    note = change_note(item, zone)
    if note:
        parts.append((f"  ({note})", "bold $text-error" if item.cancelled else "italic $text-warning"))
    content = Content.assemble(*parts)
    if item.description and row.state != "past":
        content = content + Content("\n" + " " * ITEM_INDENT) + Content.styled(item.description, "dim")
    return content


def row_content(row: Row, zone: tzinfo, cities: Mapping[str, str]) -> Content:
    """What a schedule row says."""
    if isinstance(row, DayHeader):
        return Content(day_label(row.day))
    if isinstance(row, NowLine):
        return Content("── " + _("now {time}", time=hhmm(row.at, zone)) + " " + "─" * 40)
    return _item_content(row, zone, cities)


class ScheduleScreen(SectionScreen):
    """The schedule, by day, with the now-line; ``c`` cycles my city / everyone / all cities."""

    SECTION = "schedule"
    KEPT = ("scope",)
    SHOWS = frozenset({"event", "schedule", "users"})
    # English here: the base translates bindings per instance, after the language is set
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "cycle_scope",
            "Scope",
            id="schedule.scope",
            tooltip="Show my city's schedule, the one for everyone, or every city's",
        ),
        # kept out of the footer (listed by F1): the list opens at the now-line anyway
        Binding(
            "n", "scroll_now", "Now", id="schedule.now", tooltip="Scroll to the present time", show=False
        ),
    ]

    DEFAULT_CSS = """
    ScheduleScreen #schedule-scope { padding: 0 1; color: $text-muted; }
    ScheduleScreen #schedule-rows { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.scope = ScheduleScope.MY_CITY
        self._shown: tuple[object, ...] | None = None
        self._scroll_pending = False

    def compose_section(self) -> ComposeResult:
        """The scope line and the scrolling list of rows."""
        yield Static(id="schedule-scope", markup=False)
        yield VerticalScroll(id="schedule-rows", can_focus=True)

    def on_mount(self) -> None:
        """Move the now-line every half minute, even when nothing else changes; scroll to it when
        the rows are first laid out."""
        self.set_interval(30, self._tick)
        rows = self.query_one("#schedule-rows", VerticalScroll)
        self.watch(rows, "virtual_size", self._rows_resized, init=False)

    def _tick(self) -> None:
        if self.app.screen is self:
            self._safely(self.refresh_data)
        else:
            self._stale = True  # redrawn when shown again

    def read_view(self) -> ScheduleView:
        """The items of the scope: the read model's projection, off the UI loop."""
        engine = self.engine
        return schedule_view(engine.rows(), engine.handle, engine.unconfirmed(), self.scope.value)

    def show_view(self, view: ScheduleView) -> None:
        """Rebuild the rows when the items, the scope or the minute changed."""
        items, zone, cities = list(view.lines), zone_named(view.zone), view.cities
        scope = ScheduleScope(view.scope)
        now = self.now()
        scope_text = _(
            "Schedule — {scope} (c to change) — times in {zone}", scope=scope.label, zone=str(zone)
        )
        if not items:
            scope_text += "\n" + _("No schedule yet.")
        self.query_one("#schedule-scope", Static).update(Content(scope_text))
        shown = (scope, now.replace(second=0, microsecond=0), tuple(items))
        if shown == self._shown:
            return
        first = self._shown is None
        self._shown = shown
        rows = schedule_rows(items, now, zone) if items else []
        container = self.query_one("#schedule-rows", VerticalScroll)
        existing = list(container.query_children(ScheduleRow))
        for widget, row in zip(existing, rows, strict=False):
            widget.show(row, row_content(row, zone, cities))
        for widget in existing[len(rows) :]:
            widget.remove()
        container.mount_all(ScheduleRow(row, row_content(row, zone, cities)) for row in rows[len(existing) :])
        if first:
            self._scroll_pending = True  # once the rows are laid out: see _rows_sized

    def _rows_resized(self) -> None:
        self.call_after_refresh(self._rows_sized)

    def _rows_sized(self) -> None:
        """The rows' first layout is known: bring the now-line near the top, once."""
        if self._scroll_pending and any(isinstance(r.row, NowLine) for r in self.query(ScheduleRow)):
            self._scroll_pending = False
            self.action_scroll_now()

    def action_cycle_scope(self) -> None:
        """Show the next scope."""
        self.scope = self.scope.next()
        self.refresh_data()

    def action_scroll_now(self) -> None:
        """Bring the now-line into view, near the top."""
        line = next((r for r in self.query(ScheduleRow) if isinstance(r.row, NowLine)), None)
        if line is None:  # nothing to scroll to yet
            return
        self.query_one("#schedule-rows", VerticalScroll).scroll_to_widget(line, top=True, animate=False)
