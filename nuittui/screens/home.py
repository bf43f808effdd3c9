"""Home: what is on now and next, the countdown to the jury, my team, my swaps, my mentions.

Everything comes from the local cache and the app's clock, so it shows at once
and offline. Text from people (titles, names, messages) is always ``Content``
built from plain strings, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.content import Content
from textual.widgets import Static

from nuittui.i18n import _
from nuittui.models import ACTIVE_SWAP_STATUSES, ScheduleItemPublic, SwapPublic

from .base import SectionScreen
from .chat_data import Mention, channel_title, recent_mentions
from .swap_text import STATUS_STYLES, confirmed, filter_swaps, matches_skills, status_label

__all__ = ["HomeScreen", "NowNext", "countdown_text", "now_and_next"]

TEAM_MESSAGES = 3
"""The latest messages of my team's channel shown on Home."""
SUGGESTED_SWAPS = 3
"""Open swaps matching my skills suggested on Home."""
HOME_MARKER = "Countdown to the jury"
"""A title the home screen always shows (the start-up benchmark waits for it)."""


@dataclass(frozen=True, slots=True)
class NowNext:
    """The schedule items on now (latest started first) and the next one to start."""

    now: list[ScheduleItemPublic]
    next: ScheduleItemPublic | None


def now_and_next(items: Iterable[ScheduleItemPublic], moment: datetime) -> NowNext:
    """What is on at ``moment`` and what starts next."""
    ordered = sorted(items, key=lambda i: (i.starts_at, i.id))
    current = [i for i in ordered if i.starts_at <= moment < i.ends_at]
    current.sort(key=lambda i: i.starts_at, reverse=True)
    upcoming = next((i for i in ordered if i.starts_at > moment), None)
    return NowNext(current, upcoming)


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


def _item_line(item: ScheduleItemPublic, zone: tzinfo, cities: dict[str, str]) -> Content:
    span = Content.styled(f"{_hhmm(item.starts_at, zone)}–{_hhmm(item.ends_at, zone)} ", "bold")
    where = [item.room] if item.room else []
    if item.city:
        where.insert(0, cities.get(item.city, item.city))
    tail = Content.styled(f"  {' · '.join(where)}", "$text-muted") if where else Content("")
    return Content.assemble(span, Content(item.title), tail)


class HomeScreen(SectionScreen):
    """The participant's dashboard, redrawn from the cache on every change and every minute."""

    SECTION = "home"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "app.section('swaps')", "My swaps", id="home.swaps", tooltip="Open the swap board"),
        Binding("m", "open_mention", "Mentions", id="home.mentions", tooltip="Open the newest mention"),
    ]

    DEFAULT_CSS = """
    HomeScreen #home-grid { grid-size: 2; grid-columns: 3fr 2fr; grid-rows: auto 1fr; height: 1fr; }
    HomeScreen .panel { height: 100%; }
    HomeScreen #home-now, HomeScreen #home-jury { height: auto; min-height: 6; }
    HomeScreen #home-mentions { column-span: 2; height: auto; min-height: 5; max-height: 12; }
    """

    def compose_section(self) -> ComposeResult:
        """Now and next, the jury, my team, my swaps, then my mentions."""
        with Grid(id="home-grid"):
            yield self._panel("home-now", _("Now and next"))
            yield self._panel("home-jury", _(HOME_MARKER))
            yield self._panel("home-team", _("My team"))
            yield self._panel("home-swaps", _("My swaps"))
        yield self._panel("home-mentions", _("Mentions of me"))

    @staticmethod
    def _panel(panel_id: str, title: str) -> Static:
        panel = Static(id=panel_id, classes="panel", markup=False)
        panel.border_title = Content(title)
        return panel

    def __init__(self) -> None:
        super().__init__()
        self._mentions: list[Mention] = []

    def on_mount(self) -> None:
        """The countdown and "now" move with the clock."""
        self.set_interval(30, self.refresh_data)

    def refresh_data(self) -> None:
        """Redraw every panel from the cache."""
        engine = self.engine
        event = engine.event()
        me = engine.me()
        zone = self.zone()
        now = self.now()
        cities = {c.id: c.name for c in event.cities} if event else {}
        items = engine.schedule(city=me.city) if me else engine.schedule()
        self._show_now(now_and_next(items, now), zone, cities)
        self._show_jury(event.jury_at if event else None, now, zone)
        self._show_team(me.team if me else None, zone)
        self._show_swaps(me.handle if me else None)
        self._mentions = recent_mentions(engine, me.handle) if me else []
        self._show_mentions(self._mentions, zone)

    def _set(self, panel_id: str, lines: Sequence[Content]) -> None:
        self.query_one(f"#{panel_id}", Static).update(Content("\n").join(lines))

    def _show_now(self, found: NowNext, zone: tzinfo, cities: dict[str, str]) -> None:
        lines = [Content.styled(_("Now"), "bold $accent")]
        lines += [_item_line(i, zone, cities) for i in found.now] or [Content(_("Nothing on the schedule."))]
        lines.append(Content.styled(_("Next"), "bold $accent"))
        if found.next is not None:
            lines.append(_item_line(found.next, zone, cities))
        else:
            lines.append(Content(_("Nothing more on the schedule.")))
        self._set("home-now", lines)

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

    def _show_team(self, team: int | None, zone: tzinfo) -> None:
        project = self.engine.project(team) if team is not None else None
        if project is None:
            self._set("home-team", [Content(_("No team yet: press 2 to find a project."))])
            return
        members = ", ".join(m.display_name for m in project.members)
        lines = [
            Content.styled(project.title, "bold"),
            Content.assemble(Content.styled(_("Members: "), "$text-muted"), Content(members)),
        ]
        updates = self.engine.progress(project.id)
        if updates:
            latest = updates[0]
            lines.append(
                Content.assemble(
                    Content.styled(
                        _("Latest update ({time}): ", time=_hhmm(latest.created_at, zone)), "$text-muted"
                    ),
                    Content(latest.text),
                )
            )
        chat = [m for m in self.engine.messages(f"team:{project.id}", limit=TEAM_MESSAGES) if not m.pending]
        if chat:
            lines.append(Content(""))
            lines.append(Content.styled(_("Team chat"), "bold $accent"))
            for message in chat:
                lines.append(
                    Content.assemble(
                        Content.styled(
                            f"{_hhmm(message.created_at, zone)} @{message.author}: ", "$text-muted"
                        ),
                        Content(" ".join(message.body.split())),
                    )
                )
        self._set("home-team", lines)

    def _show_swaps(self, me: str | None) -> None:
        if me is None:
            self._set("home-swaps", [Content(_("Not signed in."))])
            return
        mine = self.engine.swaps(author=me)
        helping = [s for s in confirmed(self.engine.swaps(claimed_by=me)) if _is_active(s)]
        lines: list[Content] = []
        for swap in mine:
            if not isinstance(swap, SwapPublic):
                title = getattr(swap.value, "title", swap.summary)
                lines.append(
                    Content.assemble(Content.styled(f"{status_label('pending')} ", "italic"), Content(title))
                )
            elif _is_active(swap):
                lines.append(_swap_line(swap))
        for swap in helping:
            lines.append(Content.assemble(Content.styled(_("helping: "), "$success"), Content(swap.title)))
        if not lines:
            lines.append(Content(_("None open. Stuck on a bug? Press 3, then n.")))
        me_user = self.engine.me()
        if me_user is not None and me_user.skills:
            could_help = [
                s
                for s in filter_swaps(confirmed(self.engine.swaps(status="open")), status="open")
                if s.author != me and matches_skills(s, me_user.skills)
            ][:SUGGESTED_SWAPS]
            if could_help:
                lines.append(Content(""))
                lines.append(Content.styled(_("You could help"), "bold $accent"))
                for swap in could_help:
                    lines.append(Content.assemble(Content("• "), Content(swap.title)))
        self._set("home-swaps", lines)

    def _show_mentions(self, mentions: Sequence[Mention], zone: tzinfo) -> None:
        if not mentions:
            self._set("home-mentions", [Content(_("No unread mention."))])
            return
        lines = [
            Content.assemble(
                Content.styled(f"{_hhmm(m.created_at, zone)} ", "$text-muted"),
                Content.styled(f"#{channel_title(self.engine, m.channel)} ", "$accent"),
                Content.styled(f"@{m.author}: ", "bold"),
                Content(m.excerpt),
            )
            for m in mentions
        ]
        self._set("home-mentions", lines)

    async def action_open_mention(self) -> None:
        """Open the chat on the channel of the newest unread mention."""
        if not self._mentions:
            self.notify(_("No unread mention."), markup=False)
            return
        channel = self._mentions[0].channel
        await self.nuit.action_section("chat")
        screen = self.app.screen
        open_channel = getattr(screen, "open_channel", None)
        if open_channel is not None:
            open_channel(channel)


def _is_active(swap: SwapPublic) -> bool:
    return swap.status in ACTIVE_SWAP_STATUSES


def _swap_line(swap: SwapPublic) -> Content:
    """The title, then its state and helper on a second line."""
    status = str(swap.status.value)
    state = Content.styled(f"  {status_label(status)}", STATUS_STYLES.get(status, ""))
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
