"""One project: what it is, what it needs, who is in the team, how it is going; join or leave it,
and, for its members, post a progress update and say whether the team is looking for members.

Drawn from the read model's ``ProjectDetail`` (read off the UI loop); the keys and buttons follow
its ``why_not``. Every change goes through the outbox: it shows as pending until the server's
event confirms it. A full team is refused at once (nothing is queued); a refusal from the server
(409: full, or already in another team) comes back as a dead letter and becomes a toast. The
members' actions are shown to everyone, greyed for non-members, with the reason said when pressed.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import ClassVar, NamedTuple

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from nuittui.i18n import _
from nuittui.models import ProgressCreate
from nuittui.readmodel.projects import (
    LATEST_PROGRESS,
    MemberLine,
    PendingProgress,
    ProgressLine,
    ProjectDetail,
    pending_label,
    project_detail,
    stage_label,
)

from .base import SectionScreen
from .project_writes import Writes, outcomes, read_writes
from .schedule import hhmm

__all__ = ["LATEST_PROGRESS", "PageView", "ProjectDetailScreen"]


def _section(title: str) -> Content:
    return Content.styled(title, "bold $accent")


def members_content(members: tuple[MemberLine, ...]) -> Content:
    """One line per member: ``@handle  Display name``, me marked; a dash when the team is empty."""
    if not members:
        return Content.styled(_("Nobody yet: be the first!"), "italic")
    lines: list[Content] = []
    for member in members:
        parts: list[tuple[str, str] | str] = [
            ("★ " if member.me else "• ", "bold"),
            ("@" + member.handle, "bold"),
            "  ",
            member.display_name,
        ]
        if member.skills:
            parts.append(("  — " + ", ".join(member.skills), "dim"))
        if member.me:
            parts.append(("  " + _("(you)"), "italic"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


def progress_content(
    updates: tuple[ProgressLine, ...], zone: tzinfo, pending: list[PendingProgress] | None = None
) -> Content:
    """The latest updates, newest first: time, stage, author, then the text; mine still in the
    outbox first, marked pending."""
    if not updates and not pending:
        return Content.styled(_("No progress update yet."), "italic")
    waiting = [
        Content.assemble(
            ("⧗ " + _("pending"), "italic"),
            "  ",
            (stage_label(u.stage), "italic"),
            "\n   ",
            u.text,
        )
        for u in pending or []
    ]
    lines = waiting + [
        Content.assemble(
            (hhmm(u.created_at, zone), "bold"),
            "  ",
            (stage_label(u.stage), "italic"),
            "  @",
            u.author,
            "\n   ",
            u.text,
        )
        for u in updates
    ]
    return Content("\n").join(lines)


class PageView(NamedTuple):
    """What the page shows: the project, the time zone, and where my watched writes stand."""

    detail: ProjectDetail | None
    zone: tzinfo
    writes: Writes = Writes()


class ProjectDetailScreen(SectionScreen):
    """A project's page, pushed on the Projects section; ``escape`` goes back."""

    SECTION = "projects"
    SHOWS = frozenset({"event", "users", "projects", "progress"})
    # English here: the base translates bindings per instance, after the language is set
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="project.back", tooltip="Back to the list of projects"),
        Binding("j", "join", "Join", id="project.join", tooltip="Join this project's team"),
        Binding("x", "leave", "Leave", id="project.leave", tooltip="Leave this project's team"),
        Binding("u", "post_update", "Post update", id="project.update", tooltip="Post the team's progress"),
        Binding(
            "l",
            "toggle_looking",
            "Looking",
            id="project.looking",
            tooltip="Say whether the team is looking for members (on or off)",
        ),
    ]

    DEFAULT_CSS = """
    ProjectDetailScreen #project-page { height: 1fr; padding: 0 1; }
    ProjectDetailScreen #project-title { text-style: bold; color: $accent; }
    ProjectDetailScreen #project-meta { color: $text-muted; }
    ProjectDetailScreen #project-brought-by { text-style: italic; }
    ProjectDetailScreen #project-looking { color: $text-success; text-style: bold; }
    ProjectDetailScreen #project-looking.-off { color: $text-muted; text-style: none; }
    ProjectDetailScreen #project-pending { color: $text-warning; text-style: italic; }
    ProjectDetailScreen .project-block { margin-top: 1; }
    ProjectDetailScreen #project-actions { height: auto; margin-top: 1; }
    ProjectDetailScreen #project-actions Button { margin-right: 2; }
    """

    def __init__(self, project_id: int, *, then: str | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self._then = then
        """An action to run once the page is drawn (the palette's ``team: Post update``)."""
        self._watching: dict[str, str] = {}
        """Outbox keys of my changes on this page → ``join``, ``leave``, ``looking-on``,
        ``looking-off`` or ``progress``, to report their fate."""
        self._detail: ProjectDetail | None = None
        """The page as last projected: the keys and actions read it, never the cache."""
        self._writes = Writes()

    def compose_section(self) -> ComposeResult:
        """The page, then the two buttons."""
        with VerticalScroll(id="project-page"):
            yield Static(id="project-title", markup=False)
            yield Static(id="project-meta", markup=False)
            yield Static(id="project-brought-by", markup=False)
            yield Static(id="project-looking", markup=False)
            yield Static(id="project-pending", markup=False)
            yield Static(id="project-summary", classes="project-block", markup=False)
            yield Static(id="project-description", classes="project-block", markup=False)
            yield Static(id="project-skills", classes="project-block", markup=False)
            yield Static(id="project-links", classes="project-block", markup=False)
            yield Static(id="project-members", classes="project-block", markup=False)
            yield Static(id="project-progress", classes="project-block", markup=False)
            with Horizontal(id="project-actions"):
                yield Button(_("Join the team"), id="join", variant="success")
                yield Button(_("Leave the team"), id="leave", variant="warning")
                yield Button(_("Post an update"), id="post-update", variant="primary")
                yield Button(_("Looking for members: on"), id="looking")

    def _static(self, selector: str) -> Static:
        return self.query_one(selector, Static)

    def read_view(self) -> PageView:
        """The project's page and my writes' fate: the read model's projection, off the UI loop."""
        engine = self.engine
        detail = project_detail(engine.rows(), engine.handle, engine.unconfirmed(), self.project_id)
        return PageView(detail, self.zone(), read_writes(engine, list(self._watching)))

    def show_view(self, view: PageView) -> None:
        """Draw the page (and toast what became of my writes)."""
        detail = self._detail = view.detail
        self._writes = view.writes
        if detail is None:
            self._static("#project-title").update(Content(_("This project is not in the cache yet.")))
            self.query_one("#project-actions").display = False
            self.refresh_bindings()
            return
        self.query_one("#project-actions").display = True
        self._report_outcomes(detail, view.writes)
        self._static("#project-title").update(Content(detail.title))
        self._static("#project-meta").update(Content(detail.meta))
        brought_by = self._static("#project-brought-by")
        brought_by.update(Content(_("Brought by {who}", who=detail.brought_by)))
        brought_by.display = bool(detail.brought_by)
        self._show_looking(detail)
        for name, text in (("summary", detail.summary), ("description", detail.description)):
            self._static(f"#project-{name}").update(Content(text))
            self._static(f"#project-{name}").display = bool(text)
        skills = ", ".join(detail.skills_needed) or "—"
        self._static("#project-skills").update(Content.assemble(_section(_("Skills needed")), "\n", skills))
        links = self._static("#project-links")
        links.update(_section(_("Links")) + Content("\n" + "\n".join(detail.links)))
        links.display = bool(detail.links)
        self._static("#project-members").update(
            _section(_("Team")) + Content("\n") + members_content(detail.members)
        )
        mine = list(detail.pending_progress)
        self._static("#project-progress").update(
            _section(_("Latest progress"))
            + Content("\n")
            + progress_content(detail.progress, view.zone, mine)
        )
        self._show_pending_and_buttons(detail)
        self.refresh_bindings()
        if self._then is not None:
            then, self._then = self._then, None
            self.call_later(self.run_action, then)

    def _show_pending_and_buttons(self, detail: ProjectDetail) -> None:
        change = detail.pending.change
        pending = self._static("#project-pending")
        pending.update(Content("⧗ " + pending_label(change)) if change else "")
        pending.display = change is not None
        joining, leaving = change == "join", change == "leave"
        join, leave = self.query_one("#join", Button), self.query_one("#leave", Button)
        join.display = not detail.member or leaving
        leave.display = detail.member or joining
        join.disabled = joining
        leave.disabled = leaving
        join.label = _("Joining…") if joining else _("Join the team")
        leave.label = _("Leaving…") if leaving else _("Leave the team")
        why = self.why_unavailable("post_update")
        for button in (self.query_one("#post-update", Button), self.query_one("#looking", Button)):
            button.disabled = why is not None
            button.tooltip = why
        wanted, _waiting = self.looking_now(detail)
        label = _("Looking for members: on") if wanted else _("Looking for members: off")
        self.query_one("#looking", Button).label = label

    def looking_now(self, detail: ProjectDetail) -> tuple[bool, bool]:
        """Whether the team is looking for members, my pending change included; and whether it is
        pending (queued, or taken by the server but not synced here yet)."""
        if detail.pending.looking is not None:
            return detail.pending.looking, True
        return detail.looking_for_members, False

    def _show_looking(self, detail: ProjectDetail) -> None:
        looking, pending = self.looking_now(detail)
        line = self._static("#project-looking")
        if looking:
            text = "● " + _("This team is looking for members")
        else:
            text = "○ " + _("This team is not looking for members")
        if pending:
            text += " " + _("(pending)")
        line.update(Content(text))
        line.set_class(not looking, "-off")
        line.display = looking or pending or detail.member

    def _report_outcomes(self, detail: ProjectDetail, writes: Writes) -> None:
        """Toast the fate of my team changes made from this page: confirmed, or refused."""
        for outcome in outcomes(self._watching, writes, detail):
            self._watching.pop(outcome.key, None)
            if outcome.error:
                self.notify(outcome.text, title=outcome.title or "", severity="error", markup=False)
            else:
                self.notify(outcome.text, markup=False)

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Join to non-members and Leave to members only; the members' actions to everyone,
        greyed for non-members (the footer follows). Reads the last projection, never the cache."""
        if action not in _TEAM_ACTIONS or not self.is_mounted:
            return True
        detail = self._detail
        if action in ("post_update", "toggle_looking"):
            return True if self.why_unavailable(action) is None else None
        if detail is None or not detail.signed_in:
            return False
        return (not detail.member) if action == "join" else detail.member

    def why_unavailable(self, action: str) -> str | None:
        """Why a member's action does nothing now (F1 says it; pressing the key says it too)."""
        if action not in ("post_update", "toggle_looking") or not self.nuit.has_engine:
            return None
        if self._detail is None:
            return _("This project is not in the cache yet.")
        return self._detail.why_not.get(action)

    def on_key(self, event: events.Key) -> None:
        """A greyed key pressed: say why it does nothing instead of staying silent."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self:
            return
        why = self.why_unavailable(active.binding.action)
        if why:
            event.stop()
            self.notify(why, title=_("Not available"), severity="warning", markup=False)

    def _unavailable(self, why: str, title: str | None = None) -> None:
        self.notify(why, title=title or _("Not available"), severity="warning", markup=False)

    @on(Button.Pressed, "#post-update")
    def action_post_update(self) -> None:
        """Open the progress form (members only); the update is queued when it is posted."""
        why = self.why_unavailable("post_update")
        if why is not None:
            self._unavailable(why)
            return
        detail = self._detail
        if detail is None:
            return
        from .team_update import TeamUpdateForm

        self.app.push_screen(TeamUpdateForm(detail.id, detail.title, detail.stage), self._update_written)

    def _update_written(self, update: ProgressCreate | None) -> None:
        if update is not None:
            self._queue("progress", update)

    @on(Button.Pressed, "#looking")
    def action_toggle_looking(self) -> None:
        """Switch "looking for members" on or off (members only); pending until confirmed."""
        why = self.why_unavailable("toggle_looking")
        if why is not None:
            self._unavailable(why)
            return
        detail = self._detail
        if detail is None:
            return
        looking, _pending = self.looking_now(detail)
        full = detail.why_not.get("looking_on")
        if not looking and full:
            self._unavailable(full)
            return
        self._queue("looking-off" if looking else "looking-on", not looking)

    @work(exclusive=False, exit_on_error=False, group="team-write")
    async def _queue(self, action: str, value: ProgressCreate | bool) -> None:
        """Queue a member's write in the outbox; the page shows it pending until confirmed."""
        try:
            if isinstance(value, ProgressCreate):
                entry = await self.engine.post_progress(self.project_id, value)
            else:
                entry = await self.engine.set_looking(self.project_id, value)
        except Exception as error:  # the outbox could not save it (full disk…): say so
            self.notify(str(error), title=_("Not saved"), severity="error", markup=False)
            return
        self._watching[entry.key] = action
        self.refresh_data()

    @on(Button.Pressed, "#join")
    def action_join(self) -> None:
        """Join the team, unless it is full or I am in another one (said at once)."""
        detail = self._detail
        if detail is None or not detail.signed_in:
            return
        if detail.member:
            self.notify(detail.why_not["join"], markup=False)
        elif detail.pending.change == "join":
            return  # already on its way
        elif "join" in detail.why_not:
            self._unavailable(detail.why_not["join"], _("Could not join the team"))
        else:
            self._change_team("join")

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Leave the team, if I am in it."""
        detail = self._detail
        if detail is None or not detail.signed_in:
            return
        if "leave" in detail.why_not:
            self.notify(detail.why_not["leave"], markup=False)
            return
        self._change_team("leave")

    @work(exclusive=True, exit_on_error=False, group="team-change")
    async def _change_team(self, action: str) -> None:
        """Queue the join or leave in the outbox; the page shows it pending until confirmed."""
        try:
            if action == "join":
                entry = await self.engine.join_team(self.project_id)
            else:
                entry = await self.engine.leave_team(self.project_id)
        except Exception as error:  # the outbox could not save it (full disk…): say so
            self.notify(str(error), title=_("Not saved"), severity="error", markup=False)
            return
        self._watching[entry.key] = action
        self.refresh_data()

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss()


_TEAM_ACTIONS = ("join", "leave", "post_update", "toggle_looking")
