"""One project: what it is, what it needs, who is in the team, how it is going; join or leave it.

Joining and leaving go through the outbox: the change shows as pending until
the server's event confirms it. A full team is refused at once (nothing is
queued); a refusal from the server (409: full, or already in another team)
comes back as a dead letter and becomes a toast.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from nuittui.i18n import _
from nuittui.models import ProgressPublic, ProjectPublic, UserPublic

from .base import SectionScreen
from .cities import stage_label
from .schedule import hhmm

if TYPE_CHECKING:
    from nuittui.sync import SyncEngine

__all__ = ["LATEST_PROGRESS", "ProjectDetailScreen", "TeamChange", "pending_team_changes"]

LATEST_PROGRESS = 5
"""How many of the team's progress updates the page shows."""

TEAM_JOIN = "team.join"
TEAM_LEAVE = "team.leave"
_TEAM_PATH = re.compile(r"^/v1/projects/(\d+)/(join|leave)$")

TeamChange = tuple[str, str]
"""``(action, outbox key)``: ``join`` or ``leave``, and the write's key."""


def _project_of(path: str) -> int | None:
    match = _TEAM_PATH.match(path)
    return int(match.group(1)) if match else None


def pending_team_changes(engine: SyncEngine) -> dict[int, TeamChange]:
    """Per project id, my join or leave still in the outbox (the latest one wins)."""
    changes: dict[int, TeamChange] = {}
    for pending in engine.pending_writes():
        if pending.kind not in (TEAM_JOIN, TEAM_LEAVE):
            continue
        project_id = _project_of(pending.path)
        if project_id is not None:
            changes[project_id] = ("join" if pending.kind == TEAM_JOIN else "leave", pending.key)
    return changes


def pending_label(action: str) -> str:
    """What a pending team change is called on screen."""
    return _("joining… (pending)") if action == "join" else _("leaving… (pending)")


def _section(title: str) -> Content:
    return Content.styled(title, "bold $accent")


def members_content(project: ProjectPublic, me: str | None, users: dict[str, UserPublic]) -> Content:
    """One line per member: ``@handle  Display name``, me marked; a dash when the team is empty."""
    if not project.members:
        return Content.styled(_("Nobody yet: be the first!"), "italic")
    lines: list[Content] = []
    for member in project.members:
        user = users.get(member.handle)
        skills = ", ".join(user.skills) if user and user.skills else ""
        parts: list[tuple[str, str] | str] = [
            ("★ " if member.handle == me else "• ", "bold"),
            ("@" + member.handle, "bold"),
            "  ",
            member.display_name,
        ]
        if skills:
            parts.append(("  — " + skills, "dim"))
        if member.handle == me:
            parts.append(("  " + _("(you)"), "italic"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


def progress_content(updates: list[ProgressPublic], zone: tzinfo) -> Content:
    """The latest updates, newest first: time, stage, author, then the text."""
    if not updates:
        return Content.styled(_("No progress update yet."), "italic")
    lines = [
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


class ProjectDetailScreen(SectionScreen):
    """A project's page, pushed on the Projects section; ``escape`` goes back."""

    SECTION = "projects"
    # English here: the base translates bindings per instance, after the language is set
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="project.back", tooltip="Back to the list of projects"),
        Binding("j", "join", "Join", id="project.join", tooltip="Join this project's team"),
        Binding("l", "leave", "Leave", id="project.leave", tooltip="Leave this project's team"),
    ]

    DEFAULT_CSS = """
    ProjectDetailScreen #project-page { height: 1fr; padding: 0 1; }
    ProjectDetailScreen #project-title { text-style: bold; color: $accent; }
    ProjectDetailScreen #project-meta { color: $text-muted; }
    ProjectDetailScreen #project-brought-by { text-style: italic; }
    ProjectDetailScreen #project-looking { color: $text-success; text-style: bold; }
    ProjectDetailScreen #project-pending { color: $text-warning; text-style: italic; }
    ProjectDetailScreen .project-block { margin-top: 1; }
    ProjectDetailScreen #project-actions { height: auto; margin-top: 1; }
    ProjectDetailScreen #project-actions Button { margin-right: 2; }
    """

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self._watching: dict[str, str] = {}
        """Outbox keys of my team changes on this page → ``join``/``leave``, to report their fate."""

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

    def _static(self, selector: str) -> Static:
        return self.query_one(selector, Static)

    def refresh_data(self) -> None:
        """Redraw the page from the cache and my pending team changes."""
        engine = self.engine
        project = engine.project(self.project_id)
        if project is None:
            self._static("#project-title").update(Content(_("This project is not in the cache yet.")))
            self.query_one("#project-actions").display = False
            return
        self.query_one("#project-actions").display = True
        self._report_outcomes(project)
        me = engine.me()
        handle = me.handle if me else None
        event = engine.event()
        cities = engine.city_names()
        themes = {t.id: t.name for t in event.themes} if event else {}
        self._static("#project-title").update(Content(project.title))
        meta = " · ".join(
            (
                themes.get(project.theme, project.theme),
                cities.get(project.city, project.city),
                _("team {count}/{size}", count=len(project.members), size=project.max_team_size),
                stage_label(project.stage),
            )
        )
        if project.sample:
            meta += " · " + _("sample project")
        self._static("#project-meta").update(Content(meta))
        brought_by = self._static("#project-brought-by")
        brought_by.update(Content(_("Brought by {who}", who=project.brought_by)))
        brought_by.display = bool(project.brought_by)
        looking = self._static("#project-looking")
        looking.update(Content("● " + _("This team is looking for members")))
        looking.display = project.looking_for_members
        self._static("#project-summary").update(Content(project.summary))
        self._static("#project-summary").display = bool(project.summary)
        self._static("#project-description").update(Content(project.description))
        self._static("#project-description").display = bool(project.description)
        skills = ", ".join(project.skills_needed) or "—"
        self._static("#project-skills").update(Content.assemble(_section(_("Skills needed")), "\n", skills))
        links = self._static("#project-links")
        links.update(_section(_("Links")) + Content("\n" + "\n".join(project.links)))
        links.display = bool(project.links)
        users = {u.handle: u for u in engine.users()}
        self._static("#project-members").update(
            _section(_("Team")) + Content("\n") + members_content(project, handle, users)
        )
        updates = engine.progress(project_id=project.id)[:LATEST_PROGRESS]
        self._static("#project-progress").update(
            _section(_("Latest progress")) + Content("\n") + progress_content(updates, self.zone())
        )
        self._show_pending_and_buttons(project, handle)
        self.refresh_bindings()

    def _show_pending_and_buttons(self, project: ProjectPublic, handle: str | None) -> None:
        change = pending_team_changes(self.engine).get(project.id)
        pending = self._static("#project-pending")
        pending.update(Content("⧗ " + pending_label(change[0])) if change else "")
        pending.display = change is not None
        member = handle is not None and any(m.handle == handle for m in project.members)
        joining = change is not None and change[0] == "join"
        leaving = change is not None and change[0] == "leave"
        join, leave = self.query_one("#join", Button), self.query_one("#leave", Button)
        join.display = not member or leaving
        leave.display = member or joining
        join.disabled = joining
        leave.disabled = leaving
        join.label = _("Joining…") if joining else _("Join the team")
        leave.label = _("Leaving…") if leaving else _("Leave the team")

    def _report_outcomes(self, project: ProjectPublic) -> None:
        """Toast the fate of my team changes made from this page: confirmed, or refused."""
        if not self._watching:
            return
        me = self.engine.me()
        member = me is not None and any(m.handle == me.handle for m in project.members)
        still_queued = {key for _action, key in pending_team_changes(self.engine).values()}
        dead = {entry.key: entry for entry in self.engine.dead_letters()}
        for key, action in list(self._watching.items()):
            if key in dead:
                del self._watching[key]
                reason = dead[key].dead_reason or _("refused by the server")
                title = _("Could not join the team") if action == "join" else _("Could not leave the team")
                self.notify(reason, title=title, severity="error", markup=False)
            elif key not in still_queued and member == (action == "join"):
                del self._watching[key]
                text = (
                    _("You joined {team}", team=project.title)
                    if action == "join"
                    else _("You left {team}", team=project.title)
                )
                self.notify(text, markup=False)

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Join to non-members and Leave to members only (the footer follows)."""
        if action not in ("join", "leave") or not self.is_mounted:
            return True
        project = self.engine.project(self.project_id)
        me = self.engine.me()
        if project is None or me is None:
            return False
        member = any(m.handle == me.handle for m in project.members)
        return (not member) if action == "join" else member

    @on(Button.Pressed, "#join")
    def action_join(self) -> None:
        """Join the team, unless it is full or I am in another one (said at once)."""
        project = self.engine.project(self.project_id)
        me = self.engine.me()
        if project is None or me is None:
            return
        if any(m.handle == me.handle for m in project.members):
            self.notify(_("You are already in this team."), markup=False)
            return
        pending = pending_team_changes(self.engine).get(project.id)
        if pending is not None and pending[0] == "join":
            return  # already on its way
        if len(project.members) >= project.max_team_size:
            self.notify(
                _("{team} is full ({size} members).", team=project.title, size=project.max_team_size),
                title=_("Could not join the team"),
                severity="warning",
                markup=False,
            )
            return
        if me.team is not None and me.team != project.id:
            other = self.engine.project(me.team)
            self.notify(
                _("Leave your team first: {team}", team=other.title if other else f"#{me.team}"),
                title=_("Could not join the team"),
                severity="warning",
                markup=False,
            )
            return
        self._change_team("join")

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Leave the team, if I am in it."""
        project = self.engine.project(self.project_id)
        me = self.engine.me()
        if project is None or me is None:
            return
        pending = pending_team_changes(self.engine).get(project.id)
        if not any(m.handle == me.handle for m in project.members) and not (pending and pending[0] == "join"):
            self.notify(_("You are not in this team."), markup=False)
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
