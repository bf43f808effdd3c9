"""Bug swaps: the board of every city's swaps, filtered by status, city, tag and my skills.

Enter opens a swap (its detail and thread), ``n`` posts a new one through the
outbox (it shows as pending until the server has it, and is highlighted once it
is there), ``y`` copies the highlighted swap as Markdown, ``o`` shows only mine.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import on, work
from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Checkbox, OptionList, Select
from textual.widgets.option_list import Option, OptionDoesNotExist

from nuittui.i18n import _
from nuittui.readmodel.board import STATUS_FILTERS, BoardFilters, BoardView, PendingSwap, SwapRow, board_view
from nuittui.readmodel.rules import status_label
from nuittui.widgets.fitting import Hanging
from nuittui.widgets.status_bar import zone_named

from .base import SectionScreen
from .swap_text import STATUS_STYLES, swap_markdown, swap_prompt

if TYPE_CHECKING:
    from nuittui.models import SwapCreate
    from nuittui.sync import WriteStatus

    from .swap_detail import SwapDetailScreen

__all__ = ["BoardRead", "SwapBoardScreen", "SwapOption", "copy_swap"]

STATUS_WIDTH = 10
"""The column of status words on the board: a swap's lines wrap under its title, after it."""


class SwapOption(Option):
    """A swap on the board; carries its read-model row."""

    def __init__(self, swap: SwapRow, prompt: Content) -> None:
        super().__init__(Hanging(prompt, STATUS_WIDTH), id=f"swap-{swap.id}")
        self.swap = swap


class BoardRead(NamedTuple):
    """What the board shows, read from the cache in one go: the read model's board, and the swap
    I just posted."""

    board: BoardView = BoardView()
    posted: tuple[tuple[str, str], WriteStatus] | None = None
    """The swap I just posted (outbox key, title) and where its write stands."""


class SwapBoardScreen(SectionScreen):
    """Every city's bug swaps; mine and those matching my skills are easy to find."""

    SECTION = "swaps"
    KEPT = ("filters",)
    SHOWS = frozenset({"event", "users", "projects", "swaps"})
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (typed by Textual)
    """Under 100 columns, the filters take two lines: the lists, then the check boxes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_swap", "Post a swap", id="swaps.new", tooltip="Ask for help with a bug"),
        Binding(
            "m", "toggle_skills", "My skills", id="swaps.skills", tooltip="Only swaps matching my skills"
        ),
        Binding("o", "toggle_mine", "My swaps", id="swaps.mine", tooltip="Only the swaps I asked or help on"),
        Binding("f", "focus_filters", "Filters", id="swaps.filters", tooltip="Change status, city or tag"),
        Binding("y", "copy_swap", "Copy", id="swaps.copy", tooltip="Copy the swap as Markdown"),
    ]

    DEFAULT_CSS = """
    SwapBoardScreen #swap-filters { height: auto; padding: 0 1; }
    SwapBoardScreen #swap-filters Select { width: 1fr; max-width: 26; margin-right: 1; }
    SwapBoardScreen #swap-filters Checkbox { width: auto; margin-right: 1; }
    SwapBoardScreen #swap-filters SelectCurrent Static#label { text-wrap: nowrap; text-overflow: ellipsis; }
    SwapBoardScreen.-narrow #swap-filters { layout: grid; grid-size: 3; grid-rows: 1; grid-gutter: 0 1; }
    SwapBoardScreen.-narrow #swap-filters Select { width: 100%; max-width: 100%; margin-right: 0; }
    SwapBoardScreen #swap-board { height: 1fr; border: round $primary-darken-2; }
    SwapBoardScreen #swap-board:focus { border: round $accent; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._view = BoardRead()
        """What the board shows, as last read from the cache."""
        self._tags: tuple[str, ...] = ()
        self._cities: tuple[tuple[str, str], ...] = ()
        self._detail: SwapDetailScreen | None = None
        """The swap's screen the board shows every swap in (built on the first open)."""
        self._new_swap: tuple[str, str] | None = None
        """The outbox key and title of the swap I just posted: highlighted until the server's copy is."""
        self._kept_filters = BoardFilters(status="active")
        """The filters to start with (a rebuild keeps the user's); city and tag once they are choices."""

    @property
    def filters(self) -> BoardFilters:
        """The board's filters, as the user set them."""
        return self._filters() if self.is_mounted else self._kept_filters

    @filters.setter
    def filters(self, filters: BoardFilters) -> None:
        self._kept_filters = filters

    def compose_section(self) -> ComposeResult:
        """The filters, then the board."""
        with Horizontal(id="swap-filters"):
            yield Select(
                [(Content(_label(k)), k) for k in STATUS_FILTERS],
                value=self._kept_filters.status,
                allow_blank=False,
                id="filter-status",
                compact=True,
            )
            yield Select([], prompt=_("Every city"), id="filter-city", compact=True)
            yield Select([], prompt=_("Every tag"), id="filter-tag", compact=True)
            yield Checkbox(_("My swaps"), self._kept_filters.mine, id="filter-mine", compact=True)
            yield Checkbox(_("My skills"), self._kept_filters.skills, id="filter-skills", compact=True)
        yield OptionList(id="swap-board", markup=False)

    def on_mount(self) -> None:
        """Start on the board."""
        self.query_one("#swap-board", OptionList).focus()

    # -- data ---------------------------------------------------------------------------
    def read_view(self) -> BoardRead:
        """The read model's board, and where the swap I just posted stands (off the UI loop)."""
        engine = self.engine
        new_swap = self._new_swap
        return BoardRead(
            board=board_view(engine.rows(), engine.handle, engine.unconfirmed()),
            posted=(new_swap, engine.write_status(new_swap[0])) if new_swap is not None else None,
        )

    def show_view(self, view: BoardRead) -> None:
        """Redraw the filters' choices and the board."""
        self._view = view
        self._fill_city_filter(view.board.cities)
        self._fill_tag_filter(view.board.tags)
        self._show_board()

    def _fill_city_filter(self, cities: Sequence[tuple[str, str]]) -> None:
        if tuple(cities) == self._cities:
            return
        self._cities = tuple(cities)
        select = self.query_one("#filter-city", Select)
        value = self._kept_filters.city if select.is_blank() else select.value
        self._kept_filters = self._kept_filters._replace(city=None)
        select.set_options([(Content(name), city) for city, name in cities])
        if value in {city for city, _name in cities}:
            select.value = value

    def _fill_tag_filter(self, tags: Sequence[str]) -> None:
        if tuple(tags) == self._tags:
            return
        self._tags = tuple(tags)
        select = self.query_one("#filter-tag", Select)
        value = self._kept_filters.tag if select.is_blank() else select.value
        self._kept_filters = self._kept_filters._replace(tag=None)
        select.set_options([(Content(t), t) for t in tags])
        if value in tags:
            select.value = value

    def _filters(self) -> BoardFilters:
        status = self.query_one("#filter-status", Select).value
        city = self.query_one("#filter-city", Select).value
        tag = self.query_one("#filter-tag", Select).value
        return BoardFilters(
            status=status if isinstance(status, str) else "active",
            city=city if isinstance(city, str) else None,
            tag=tag if isinstance(tag, str) else None,
            mine=self.query_one("#filter-mine", Checkbox).value,
            skills=self.query_one("#filter-skills", Checkbox).value,
        )

    def _show_board(self) -> None:
        view = self._view.board
        zone = zone_named(view.zone)
        shown = view.shown(self._filters())
        board = self.query_one("#swap-board", OptionList)
        highlighted = board.highlighted_option
        posted = self._just_posted()
        keep = posted or (highlighted.id if highlighted is not None else None)
        options: list[Option] = [_pending_option(p) for p in view.pending]
        options += [SwapOption(s, swap_prompt(s, zone=zone)) for s in shown]
        if not options:
            options.append(Option(Content(_("No swap matches these filters.")), disabled=True))
        board.set_options(options)
        board.border_title = Content(_("{count} swaps", count=len(shown)))
        index = _index_of(board, keep)
        board.highlighted = index if index is not None else _first_enabled(board)
        if index is not None and posted is not None and posted.startswith("swap-"):
            self._new_swap = None  # the server's copy is highlighted: from now on, the user moves freely

    def _just_posted(self) -> str | None:
        """The option to highlight for the swap I just posted: pending, then the server's copy."""
        posted = self._view.posted
        if self._new_swap is None or posted is None or posted[0] != self._new_swap:
            return None
        (key, title), status = posted
        if status.state == "queued":
            return f"pending-{key}"
        if status.state == "dead":
            self._new_swap = None  # refused: the app says why
            return None
        answer = status.answer
        swap_id = answer.get("id") if isinstance(answer, dict) else getattr(answer, "id", None)
        if swap_id is None:  # sent by another process of the profile, or its answer not filed yet
            mine = [s for s in self._view.board.swaps if s.mine and s.title == title]
            swap_id = mine[0].id if mine else None
        return f"swap-{swap_id}" if swap_id is not None else None

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filters_changed(self) -> None:
        if self.is_mounted:
            self._show_board()

    # -- actions ------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#swap-board")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, SwapOption):
            self.open_swap(event.option.swap.id)
        elif event.option.id and event.option.id.startswith("pending-"):
            self.notify(
                _("This swap is waiting to reach the server: it opens once it is there."), markup=False
            )

    def open_swap(self, swap_id: int) -> None:
        """Show a swap's detail and thread: drawn at once from the board's view, then read again.

        The board keeps one detail screen (installed, so leaving it keeps it) and shows each swap
        in it: opening a swap composes nothing, as fast as switching screens.
        """
        from .swap_detail import SwapDetailScreen

        view = self._view.board.detail(swap_id)
        detail = self._detail
        app = self.app
        if detail is not None and detail in app.screen_stack:
            detail.show_swap(swap_id, view)  # already open (the palette asked for another swap)
            return
        if detail is not None and detail.is_mounted:
            detail.show_swap(swap_id, view)
            app.push_screen(detail)
            return
        if detail is not None:  # gone without the board knowing: its name is free again
            with contextlib.suppress(ScreenStackError):
                app.uninstall_screen(detail)
        detail = SwapDetailScreen(swap_id, view)
        self._detail = detail
        app.install_screen(detail, f"swap-detail-{id(self)}")
        app.push_screen(detail)

    def on_unmount(self) -> None:
        """The board is gone (a language switch rebuilds it): so is its detail screen."""
        detail, self._detail = self._detail, None
        if detail is not None:
            with contextlib.suppress(ScreenStackError):  # still on a stack: removed with its stack
                self.app.uninstall_screen(detail)
                detail.remove()

    def action_new_swap(self) -> None:
        """Open the form; the swap is queued when it closes."""
        from .swap_form import SwapForm

        board = self._view.board
        self.app.push_screen(SwapForm(board.projects, board.my_team), self._posted)

    def _posted(self, swap: SwapCreate | None) -> None:
        if swap is not None:
            self.post_swap(swap)

    @work(exclusive=False, exit_on_error=False, group="swap-write")
    async def post_swap(self, swap: SwapCreate) -> None:
        """Queue the swap (durable first); it shows as pending until the server has it."""
        try:
            entry = await self.engine.post_swap(swap)
        except Exception as error:  # refused by the model, or the outbox could not be written
            self.notify(_("Not posted: {error}", error=str(error)), severity="error", markup=False)
            return
        self.notify(_("Swap posted: it is pending until the server has it."), markup=False)
        self._new_swap = (entry.key, swap.title)
        self.query_one("#swap-board", OptionList).focus()
        self.refresh_data()

    def action_toggle_skills(self) -> None:
        """Only the swaps matching my skills, or every swap."""
        checkbox = self.query_one("#filter-skills", Checkbox)
        checkbox.value = not checkbox.value

    def action_toggle_mine(self) -> None:
        """Only the swaps I asked or help on, or every swap."""
        checkbox = self.query_one("#filter-mine", Checkbox)
        checkbox.value = not checkbox.value

    def show_mine(self) -> None:
        """The board filtered to my swaps, open or claimed (Home's "My swaps")."""
        self.query_one("#filter-status", Select).value = "active"
        self.query_one("#filter-city", Select).clear()
        self.query_one("#filter-tag", Select).clear()
        self.query_one("#filter-skills", Checkbox).value = False
        self.query_one("#filter-mine", Checkbox).value = True
        board = self.query_one("#swap-board", OptionList)
        board.focus()
        if self.is_mounted:
            self._show_board()

    def action_focus_filters(self) -> None:
        """Move to the status filter."""
        self.query_one("#filter-status", Select).focus()

    def action_copy_swap(self) -> None:
        """Copy the highlighted swap as Markdown (or say why nothing was copied)."""
        option = self.query_one("#swap-board", OptionList).highlighted_option
        if isinstance(option, SwapOption):
            copy_swap(self, option.swap)
        elif option is not None and (option.id or "").startswith("pending-"):
            self.notify(_("Nothing copied: this swap has not reached the server yet."), markup=False)
        else:
            self.notify(_("Nothing copied: no swap is highlighted."), markup=False)


def copy_swap(screen: SectionScreen, swap: SwapRow) -> None:
    """Put ``swap`` on the clipboard as Markdown (OSC 52) and say so."""
    screen.app.copy_to_clipboard(swap_markdown(swap))
    screen.notify(_("Copied as Markdown: swap #{id}, {title}", id=swap.id, title=swap.title), markup=False)


def _index_of(board: OptionList, option_id: str | None) -> int | None:
    if option_id is None:
        return None
    try:
        return board.get_option_index(option_id)
    except OptionDoesNotExist:  # the swap left the board
        return None


def _first_enabled(board: OptionList) -> int | None:
    return next((i for i, option in enumerate(board.options) if not option.disabled), None)


def _label(key: str) -> str:
    return {"active": _("open or claimed"), "all": _("every status")}.get(key) or status_label(key)


def _pending_option(pending: PendingSwap) -> Option:
    """My swap still in the outbox: it can be highlighted (just posted), not opened."""
    prompt = Content.assemble(
        Content.styled(f"{status_label('pending'):<9} ", STATUS_STYLES["pending"]),
        Content.styled(pending.title, "bold"),
        "\n",
        " " * 10,
        Content.styled(_("waiting to reach the server"), "$text-muted"),
    )
    return Option(Hanging(prompt, STATUS_WIDTH), id=f"pending-{pending.key}")
