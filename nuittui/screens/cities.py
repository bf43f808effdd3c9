"""The Cities section: every city's figures and the latest team updates, live from the cache.

The figures are computed from the local cache the way the server computes
them (``compute_city_progress``), so they change as soon as a sync lands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from nuittui.i18n import _
from nuittui.readmodel.cities import LATEST_UPDATES, CitiesView, CityFigures, cities_view
from nuittui.readmodel.projects import ProgressLine, stage_label
from nuittui.widgets.fitting import Hanging
from nuittui.widgets.status_bar import zone_named

from .base import SectionScreen
from .schedule import hhmm

if TYPE_CHECKING:
    pass

__all__ = ["LATEST_UPDATES", "CitiesScreen", "UpdateOption", "figures_row", "stage_label"]

_FIGURE_SOURCES = frozenset({"event", "users", "projects", "progress", "swaps"})

WIDE = 100
"""From this many columns, the table's headings fit on one line."""


def two_lines(label: str) -> str:
    """A column heading broken at its space nearest the middle (``Swaps\nopen``): narrow columns."""
    spaces = [i for i, c in enumerate(label) if c == " "]
    if not spaces:
        return label
    cut = min(spaces, key=lambda i: abs(len(label) - 2 * i))
    return label[:cut] + "\n" + label[cut + 1 :]


def figures_row(figures: CityFigures, mine: bool) -> list[Text]:
    """One city's line of the table: plain text cells (a city name is data, never markup)."""
    median = figures.median_minutes_to_claim
    name = Text(("● " if mine else "  ") + figures.name, style="bold" if mine else "")
    numbers = (
        figures.participants,
        figures.teams,
        figures.projects_active,
        figures.swaps_open,
        figures.swaps_resolved,
    )
    cells = [name, *(Text(str(n), justify="right") for n in numbers)]
    cells.append(Text("—" if median is None else _("{minutes} min", minutes=f"{median:g}"), justify="right"))
    return cells


class UpdateOption(Option):
    """A team update in the list, carrying the line it shows."""

    def __init__(self, update: ProgressLine, prompt: Content | Hanging) -> None:
        super().__init__(prompt, id=f"update-{update.id}")
        self.update = update


def update_content(
    update: ProgressLine, zone: tzinfo, teams: Mapping[int, str], cities: Mapping[str, str]
) -> Content:
    """``HH:MM  City · Team · @author · stage`` and the update's text below."""
    team = teams.get(update.project_id, f"#{update.project_id}")
    head = Content.assemble(
        (hhmm(update.created_at, zone), "bold"),
        "  ",
        (cities.get(update.city, update.city), "bold"),
        " · ",
        team,
        " · @",
        update.author,
        " · ",
        (stage_label(update.stage), "italic"),
    )
    return head + Content("\n       ") + Content(update.text)


class CitiesScreen(SectionScreen):
    """How every city is doing: figures per city and the latest team updates, refreshed live."""

    SECTION = "cities"
    SHOWS = _FIGURE_SOURCES
    # English here: the base translates bindings per instance, after the language is set
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "u", "focus_updates", "Updates", id="cities.updates", tooltip="Move to the list of team updates"
        ),
    ]

    DEFAULT_CSS = """
    CitiesScreen .cities-heading { padding: 0 1; text-style: bold; color: $accent; }
    CitiesScreen #city-figures { height: auto; max-height: 12; margin: 0 1; }
    CitiesScreen #city-updates { height: 1fr; margin: 0 1; }
    """

    def compose_section(self) -> ComposeResult:
        """The figures table, then the latest updates."""
        yield Static(Content(_("Cities — live figures")), id="cities-title", classes="cities-heading")
        # the city stays in view when a narrow terminal scrolls the figures sideways
        table: DataTable[Text] = DataTable(
            id="city-figures", cursor_type="row", zebra_stripes=True, fixed_columns=1
        )
        yield table
        yield Static(Content(_("Latest team updates")), id="updates-title", classes="cities-heading")
        yield OptionList(id="city-updates", markup=False)

    def __init__(self) -> None:
        super().__init__()
        self._narrow: bool | None = None
        self._figures: tuple[list[CityFigures], str | None] = ([], None)

    def on_mount(self) -> None:
        """Set the table's columns for the width."""
        self._fit_columns()

    def on_resize(self) -> None:
        """Headings on two lines under ``WIDE`` columns, so the table fits a laptop's terminal."""
        self._fit_columns()

    def _fit_columns(self) -> None:
        narrow = self.app.size.width < WIDE
        if narrow == self._narrow:
            return
        self._narrow = narrow
        table = self.query_one("#city-figures", DataTable)
        table.clear(columns=True)
        table.header_height = 2 if narrow else 1
        table.add_column(_("City"), key="city")
        for key, label in (
            ("participants", _("Participants")),
            ("teams", _("Teams")),
            ("active", _("Active projects")),
            ("open", _("Swaps open")),
            ("resolved", _("Swaps resolved")),
            ("median", _("Median to claim")),
        ):
            table.add_column(two_lines(label) if narrow else label, key=key)
        self._show_figures(*self._figures)

    def read_view(self) -> CitiesView:
        """The figures and the latest updates: the read model's projection, off the UI loop."""
        engine = self.engine
        return cities_view(engine.rows(), engine.handle, engine.unconfirmed())

    def show_view(self, view: CitiesView) -> None:
        """Draw the figures and the updates."""
        self._show_figures(view.figures, view.my_city)
        self._show_updates(view.updates, zone_named(view.zone), view.teams, view.cities)

    def _show_figures(self, figures: Iterable[CityFigures], my_city: str | None) -> None:
        self._figures = (list(figures), my_city)
        table = self.query_one("#city-figures", DataTable)
        row = table.cursor_row
        table.clear()
        for city in self._figures[0]:
            table.add_row(*figures_row(city, city.city == my_city), key=city.city)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _show_updates(
        self,
        updates: Iterable[ProgressLine],
        zone: tzinfo,
        teams: Mapping[int, str],
        cities: Mapping[str, str],
    ) -> None:
        option_list = self.query_one("#city-updates", OptionList)
        highlighted = option_list.highlighted
        updates = list(updates)
        option_list.set_options(
            UpdateOption(u, Hanging(update_content(u, zone, teams, cities), 7)) for u in updates
        )
        if not updates:
            option_list.add_option(Option(Content(_("No team update yet.")), disabled=True))
        elif highlighted is not None:
            option_list.highlighted = min(highlighted, option_list.option_count - 1)

    def action_focus_updates(self) -> None:
        """Focus the list of updates."""
        self.query_one("#city-updates", OptionList).focus()
