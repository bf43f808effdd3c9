"""Home: what is on now and next, the countdown to the jury, my team, my swaps, my mentions.

Everything comes from the local cache and the app's clock, so it shows at once
and offline. Text from people (titles, names, messages) is always ``Content``
built from plain strings, never markup.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from nuittui.i18n import _
from nuittui.readmodel.home import AnnouncementLine, HomeView, MentionLine, SwapLine, TeamView
from nuittui.readmodel.rules import status_label
from nuittui.readmodel.schedule import NowNext, ScheduleLine, now_and_next
from nuittui.widgets.fitting import Clamped, Hanging
from nuittui.widgets.status_bar import zone_named

from .base import SectionBar, SectionScreen
from .swap_text import STATUS_STYLES

if TYPE_CHECKING:
    from nuittui.sync.first_paint import FirstPaint

__all__ = ["HOME_MARKER", "HomeScreen", "countdown_text"]

log = logging.getLogger("nuittui.screens")

HOME_MARKER = "Countdown to the jury"
"""A title the home screen always shows (the start-up benchmark waits for it)."""


def countdown_text(until: datetime, moment: datetime) -> str:
    """``in 17 h 18 min`` (or days), or that it has started."""
    left = until - moment
    if left <= timedelta(0):
        return _("the jury has started")
    minutes = int(left.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("in {days} d {hours} h {minutes} min", days=days, hours=hours, minutes=mins)
    if hours:
        return _("in {hours} h {minutes} min", hours=hours, minutes=mins)
    return _("in {minutes} min", minutes=mins)


def _hhmm(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def _item_line(item: ScheduleLine, zone: tzinfo, cities: Mapping[str, str]) -> Content:
    span = Content.styled(f"{_hhmm(item.starts_at, zone)}–{_hhmm(item.ends_at, zone)} ", "bold")
    where = [item.room] if item.room else []
    if item.city:
        where.insert(0, cities.get(item.city, item.city))
    tail = Content.styled(f"  {' · '.join(where)}", "$text-muted") if where else Content("")
    note = item.change(zone)
    changed = Content.styled(f"  ({note})", "italic $text-warning") if note else Content("")
    return Content.assemble(span, Content(item.title), tail, changed)


def announcement_banner(line: AnnouncementLine, zone: tzinfo, cities: Mapping[str, str]) -> Content:
    """``📣 @lea · 21:05 · Lyon   +2 more · x dismiss`` over the announcement's text (plain data)."""
    where = ""
    if line.channel.startswith("city:"):
        city = line.channel.removeprefix("city:")
        where = " · " + cities.get(city, city)
    head = [
        Content.styled("📣 " + _("Announcement"), "bold $text-warning"),
        Content.styled(f" · @{line.author} · {_hhmm(line.created_at, zone)}{where}", "$text-muted"),
    ]
    if line.more:
        head.append(Content.styled("  " + _("+{count} more", count=line.more), "bold"))
    return Content.assemble(*head, "\n", Content(line.excerpt))


BANNER_LINES = 3
"""Home's announcement banner: its header line and two lines of text at most."""


class HomeScreen(SectionScreen):
    """The participant's dashboard, redrawn from the cache on every change and every minute.

    Before the engine is loaded, it draws the first paint: the same projection of the
    same cache rows (``nuittui.readmodel.home``), read before the engine loaded.
    """

    SECTION = "home"
    AUTO_FOCUS = None
    """Nothing has the focus at first (Tab moves to a panel, to scroll it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "my_swaps", "My swaps", id="home.swaps", tooltip="The swap board, with only my swaps"),
        Binding("m", "open_mention", "Mentions", id="home.mentions", tooltip="Open the newest mention"),
        Binding(
            "x",
            "dismiss_announcement",
            "Dismiss",
            id="home.dismiss",
            tooltip="Dismiss the announcement (it comes back only with a newer one)",
        ),
    ]

    DEFAULT_CSS = """
    HomeScreen #home-grid { grid-size: 2; grid-columns: 3fr 2fr; grid-rows: auto 1fr; height: 1fr; }
    HomeScreen .panel { height: 100%; overflow-y: auto; scrollbar-size-vertical: 1; }
    HomeScreen .panel:focus { border: round $accent; }
    HomeScreen #home-now, HomeScreen #home-jury { height: auto; min-height: 6; }
    HomeScreen #home-mentions { column-span: 2; height: auto; min-height: 5; max-height: 12; }
    HomeScreen #home-announcement {
        display: none; height: auto; padding: 0 1; background: $warning-muted;
    }
    HomeScreen #home-announcement.-shown { display: block; }
    """

    def compose_section(self) -> ComposeResult:
        """The announcement banner (when there is one), now and next, the jury, my team, my swaps,
        then my mentions."""
        yield Static(id="home-announcement", markup=False)
        with Grid(id="home-grid"):
            yield self._panel("home-now", _("Now and next"))
            yield self._panel("home-jury", _(HOME_MARKER))
            yield self._panel("home-team", _("My team"))
            yield self._panel("home-swaps", _("My swaps"))
        yield self._panel("home-mentions", _("Mentions of me"))

    @staticmethod
    def _panel(panel_id: str, title: str) -> Static:
        """A box for one part of Home; on a small terminal, Tab to it and ↑ ↓ scroll what it holds."""
        panel = Static(id=panel_id, classes="panel", markup=False)
        panel.border_title = Content(title)
        panel.can_focus = True
        return panel

    def __init__(self) -> None:
        super().__init__()
        self.view = HomeView()
        """What Home shows (but the clock), as last drawn."""

    def on_mount(self) -> None:
        """The countdown and "now" move with the clock."""
        self.set_interval(30, self._tick)

    class ViewLoaded(Message):
        """Home's view, read from the cache off the UI loop."""

        def __init__(self, view: HomeView) -> None:
            super().__init__()
            self.view = view

    def _tick(self) -> None:
        self.show(self.view)  # the clock moved; the data's changes come from the engine

    def refresh_data(self) -> None:
        """Read Home's view from the cache in a worker thread; it is drawn when it arrives."""
        self._load_view()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-view")
    def _load_view(self) -> None:
        try:
            view = self.engine.home_view()
        except Exception as error:  # one broken read must not take the app down: say it
            log.exception("reading Home's view failed")
            self.app.call_from_thread(
                self.notify,
                _("Could not show the latest data: {error}", error=str(error)),
                severity="error",
                markup=False,
            )
            return
        self.post_message(self.ViewLoaded(view))

    @on(ViewLoaded)
    def _view_loaded(self, message: ViewLoaded) -> None:
        self.show(message.view)
        self.query_one(SectionBar).show(self.who())
        self.drew()

    def show_first_paint(self, paint: FirstPaint) -> bool:
        """Home as read from the cache before the engine loaded."""
        self.show(paint.home)
        return True

    def show(self, view: HomeView) -> None:
        """Draw ``view`` at the app's time."""
        self.view = view
        zone = zone_named(view.zone)
        now = self.now()
        self._show_now(NowNext(*now_and_next(view.schedule, now)), zone, view.cities)
        self._show_jury(view.jury_at, now, zone)
        self._show_team(view.team, zone)
        self._show_swaps(view)
        self._show_mentions(view.mentions, zone)
        self._show_announcement(view.announcement, zone, view.cities)

    def who(self) -> str:
        """``handle · City`` of the participant, for the top bar."""
        return self.view.who

    def _set(self, panel_id: str, lines: Sequence[Content], indent: int | None = None) -> None:
        """Show ``lines`` in a panel; a wrapped line keeps its indent (its own, or ``indent``)."""
        self.query_one(f"#{panel_id}", Static).update(Hanging(Content("\n").join(lines), indent))

    def _show_now(self, found: NowNext, zone: tzinfo, cities: Mapping[str, str]) -> None:
        lines = [Content.styled(_("Now"), "bold $accent")]
        lines += [_item_line(i, zone, cities) for i in found.now] or [Content(_("Nothing on the schedule."))]
        lines.append(Content.styled(_("Next"), "bold $accent"))
        if found.next is not None:
            lines.append(_item_line(found.next, zone, cities))
        else:
            lines.append(Content(_("Nothing more on the schedule.")))
        self._set("home-now", lines, indent=len("00:00–00:00 "))

    def _show_announcement(
        self, line: AnnouncementLine | None, zone: tzinfo, cities: Mapping[str, str]
    ) -> None:
        banner = self.query_one("#home-announcement", Static)
        shown = banner.has_class("-shown")
        if line is not None:
            banner.update(Clamped(announcement_banner(line, zone, cities), BANNER_LINES))
        banner.set_class(line is not None, "-shown")
        if shown != (line is not None):
            self.refresh_bindings()  # the dismiss key shows with the banner only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the dismiss key while an announcement is shown (it says so when pressed without one)."""
        if action == "dismiss_announcement":
            return self.view.announcement is not None
        return True

    def action_dismiss_announcement(self) -> None:
        """Hide the banner until a newer announcement arrives (kept in the profile, across restarts)."""
        line = self.view.announcement
        if line is None:
            self.notify(_("No announcement to dismiss."), markup=False)
            return
        self.show(self.view._replace(announcement=None))
        self._dismiss(line.seq)

    @work(thread=True, exit_on_error=False, group="home-dismiss")
    def _dismiss(self, seq: int) -> None:
        nuit = self.nuit
        try:
            if nuit.has_engine:
                self.engine.dismiss_announcements(seq)
            elif nuit.first_paint is not None:  # the engine is still loading: the same file, directly
                from nuittui.sync.markers import dismiss_announcements

                dismiss_announcements(nuit.first_paint.folder, seq)
        except Exception as error:  # a full disk: say it, the banner comes back on the next read
            log.exception("dismissing the announcement failed")
            self.app.call_from_thread(
                self.notify,
                _("Could not dismiss the announcement: {error}", error=str(error)),
                severity="error",
                markup=False,
            )
        if nuit.has_engine:
            self.app.call_from_thread(self.refresh_data)

    def _show_jury(self, jury_at: datetime | None, now: datetime, zone: tzinfo) -> None:
        if jury_at is None:
            self._set("home-jury", [Content(_("Waiting for the first sync…"))])
            return
        when = jury_at.astimezone(zone)
        self._set(
            "home-jury",
            [
                Content.styled(countdown_text(jury_at, now), "bold $warning"),
                Content(
                    _(
                        "The jury tests the results on {day} at {time}.",
                        day=_weekday(when),
                        time=_hhmm(when, zone),
                    )
                ),
            ],
        )

    def _show_team(self, team: TeamView | None, zone: tzinfo) -> None:
        if team is None:
            self._set("home-team", [Content(_("No team yet: press 2 to find a project."))])
            return
        lines = [
            Content.styled(team.title, "bold"),
            Content.assemble(Content.styled(_("Members: "), "$text-muted"), Content(team.members)),
        ]
        if team.latest_at is not None and team.latest is not None:
            lines.append(
                Content.assemble(
                    Content.styled(
                        _("Latest update ({time}): ", time=_hhmm(team.latest_at, zone)), "$text-muted"
                    ),
                    Content(team.latest),
                )
            )
        if team.chat:
            lines.append(Content(""))
            lines.append(Content.styled(_("Team chat"), "bold $accent"))
            for message in team.chat:
                body = (
                    Content.styled(_("removed by the organizers"), "italic $text-muted")
                    if message.hidden
                    else Content(message.body)
                )
                lines.append(
                    Content.assemble(
                        Content.styled(
                            f"{_hhmm(message.created_at, zone)} @{message.author}: ", "$text-muted"
                        ),
                        body,
                    )
                )
        self._set("home-team", lines)

    def _show_swaps(self, view: HomeView) -> None:
        if not view.signed_in:
            self._set("home-swaps", [Content(_("Not signed in."))])
            return
        lines = [_swap_line(swap) for swap in view.swaps]
        if not lines:
            lines.append(Content(_("None open. Stuck on a bug? Press 3, then n.")))
        if view.could_help:
            lines.append(Content(""))
            lines.append(Content.styled(_("You could help"), "bold $accent"))
            for title in view.could_help:
                lines.append(Content.assemble(Content("• "), Content(title)))
        self._set("home-swaps", lines)

    def _show_mentions(self, mentions: Sequence[MentionLine], zone: tzinfo) -> None:
        if not mentions:
            self._set("home-mentions", [Content(_("No unread mention."))])
            return
        lines = [
            Content.assemble(
                Content.styled(f"{_hhmm(m.created_at, zone)} ", "$text-muted"),
                Content.styled(f"#{m.channel_title} ", "$accent"),
                Content.styled(f"@{m.author}: ", "bold"),
                Content(m.excerpt),
            )
            for m in mentions
        ]
        self._set("home-mentions", lines, indent=len("00:00 "))

    async def action_my_swaps(self) -> None:
        """Open the swap board filtered to the swaps I asked or help on."""
        from .swap_detail import SwapDetailScreen
        from .swaps import SwapBoardScreen

        await self.nuit.action_section("swaps")
        app = self.app
        if not any(isinstance(screen, SwapBoardScreen) for screen in app.screen_stack):
            return  # the engine is still loading: the board shows every swap when it opens
        while isinstance(app.screen, SwapDetailScreen):
            await app.pop_screen()  # a swap left open there: back to its board
        board = app.screen
        if isinstance(board, SwapBoardScreen):
            board.show_mine()

    async def action_open_mention(self) -> None:
        """Open the chat on the channel of the newest unread mention."""
        if not self.view.mentions:
            self.notify(_("No unread mention."), markup=False)
            return
        channel = self.view.mentions[0].channel
        await self.nuit.action_section("chat")
        screen = self.app.screen
        open_channel = getattr(screen, "open_channel", None)
        if open_channel is not None:
            open_channel(channel)


def _swap_line(swap: SwapLine) -> Content:
    """Mine: the title, then its state and helper on a second line; pending; or one I am helping with."""
    if swap.kind == "pending":
        return Content.assemble(Content.styled(f"{status_label('pending')} ", "italic"), Content(swap.title))
    if swap.kind == "helping":
        return Content.assemble(Content.styled(_("helping: "), "$success"), Content(swap.title))
    state = Content.styled(f"  {status_label(swap.status)}", STATUS_STYLES.get(swap.status, ""))
    if swap.claimed_by:
        state = Content.assemble(
            state, Content.styled(" · " + _("helper: @{handle}", handle=swap.claimed_by), "$success")
        )
    return Content.assemble(Content.styled(swap.title, "bold"), "\n", state)


def _weekday(moment: datetime) -> str:
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[moment.weekday()]
