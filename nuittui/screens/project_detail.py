"""One project: what it is, what it needs, who is in the team, how it is going; join or leave it,
and, for its members, post a progress update and say whether the team is looking for members.

Every change goes through the outbox: it shows as pending until the server's
event confirms it. A full team is refused at once (nothing is queued); a
refusal from the server (409: full, or already in another team) comes back as
a dead letter and becomes a toast. The members' actions are shown to everyone,
greyed for non-members, with the reason said when pressed.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from nuittui.i18n import _
from nuittui.models import ProgressCreate, ProgressPublic, ProjectPublic, UserPublic

from .base import SectionScreen
from .cities import stage_label
from .schedule import hhmm

if TYPE_CHECKING:
    from nuittui.sync import SyncEngine

__all__ = [
    "LATEST_PROGRESS",
    "ProjectDetailScreen",
    "TeamChange",
    "pending_looking",
    "pending_progress",
    "pending_team_changes",
]

LATEST_PROGRESS = 5
"""How many of the team's progress updates the page shows."""

TEAM_JOIN = "team.join"
TEAM_LEAVE = "team.leave"
TEAM_LOOKING = "team.looking"
PROGRESS = "progress.create"
_TEAM_PATH = re.compile(r"^/v1/projects/(\d+)/(join|leave)$")
_PROJECT_PATH = re.compile(r"^/v1/projects/(\d+)$")
_PROGRESS_PATH = re.compile(r"^/v1/projects/(\d+)/progress$")

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


def pending_looking(engine: SyncEngine) -> dict[int, tuple[bool, str]]:
    """Per project id, my "looking for members" change still in the outbox: ``(looking, key)``
    (the latest one wins)."""
    changes: dict[int, tuple[bool, str]] = {}
    for pending in engine.pending_writes(TEAM_LOOKING):
        match = _PROJECT_PATH.match(pending.path)
        body = pending.value if isinstance(pending.value, dict) else {}
        if match and isinstance(body.get("looking_for_members"), bool):
            changes[int(match.group(1))] = (body["looking_for_members"], pending.key)
    return changes


def pending_progress(engine: SyncEngine, project_id: int) -> list[tuple[ProgressCreate, str]]:
    """My progress updates of ``project_id`` still in the outbox, newest first: ``(update, key)``."""
    found: list[tuple[ProgressCreate, str]] = []
    for pending in engine.pending_writes(PROGRESS):
        match = _PROGRESS_PATH.match(pending.path)
        if match is None or int(match.group(1)) != project_id or not isinstance(pending.value, dict):
            continue
        try:
            found.append((ProgressCreate.model_validate(pending.value), pending.key))
        except ValueError:
            continue  # not a body this version can show: it is still sent
    return found[::-1]


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


def progress_content(
    updates: list[ProgressPublic], zone: tzinfo, pending: list[ProgressCreate] | None = None
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


class ProjectDetailScreen(SectionScreen):
    """A project's page, pushed on the Projects section; ``escape`` goes back."""

    SECTION = "projects"
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
        self._show_looking(project)
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
        mine = [update for update, _key in pending_progress(engine, project.id)]
        mine += self._synced_progress(project)
        self._static("#project-progress").update(
            _section(_("Latest progress")) + Content("\n") + progress_content(updates, self.zone(), mine)
        )
        self._show_pending_and_buttons(project, handle)
        self.refresh_bindings()
        if self._then is not None:
            then, self._then = self._then, None
            self.call_later(self.run_action, then)

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
        why = self.why_unavailable("post_update")
        for button in (self.query_one("#post-update", Button), self.query_one("#looking", Button)):
            button.disabled = why is not None
            button.tooltip = why
        wanted, _waiting = self.looking_now(project)
        label = _("Looking for members: on") if wanted else _("Looking for members: off")
        self.query_one("#looking", Button).label = label

    def looking_now(self, project: ProjectPublic) -> tuple[bool, bool]:
        """Whether the team is looking for members, my pending change included; and whether it is
        pending (queued, or taken by the server but not synced here yet)."""
        change = pending_looking(self.engine).get(project.id)
        if change is not None:
            return change[0], True
        for key, action in reversed(self._watching.items()):
            if action.startswith("looking-") and self._syncing(key, action, project):
                answer = self.engine.write_status(key).answer
                return bool(answer["looking_for_members"]), True
        return project.looking_for_members, False

    def _syncing(self, key: str, action: str, project: ProjectPublic) -> bool:
        """Whether the server took my write ``key`` but its result is not in the cache yet: then the
        page keeps showing it as pending rather than flick back to the old state."""
        status = self.engine.write_status(key)
        answer = status.answer
        if status.state != "sent" or not isinstance(answer, dict):
            return False
        if action == "progress":
            return all(update.id != answer.get("id") for update in self.engine.progress(project.id))
        looking = answer.get("looking_for_members")
        if not isinstance(looking, bool) or looking == project.looking_for_members:
            return False
        try:  # a later change by someone else is in the cache: mine is synced and superseded
            return project.updated_at <= datetime.fromisoformat(str(answer.get("updated_at")))
        except (TypeError, ValueError):
            return False

    def _synced_progress(self, project: ProjectPublic) -> list[ProgressCreate]:
        """My updates the server took that the cache does not hold yet, newest first."""
        found: list[ProgressCreate] = []
        for key, action in reversed(self._watching.items()):
            if action == "progress" and self._syncing(key, action, project):
                answer = self.engine.write_status(key).answer
                try:
                    found.append(ProgressCreate(text=answer["text"], stage=answer["stage"]))
                except (KeyError, ValueError):
                    continue
        return found

    def _show_looking(self, project: ProjectPublic) -> None:
        looking, pending = self.looking_now(project)
        line = self._static("#project-looking")
        if looking:
            text = "● " + _("This team is looking for members")
        else:
            text = "○ " + _("This team is not looking for members")
        if pending:
            text += " " + _("(pending)")
        line.update(Content(text))
        line.set_class(not looking, "-off")
        member = self._is_member(project)
        line.display = looking or pending or member

    def _report_outcomes(self, project: ProjectPublic) -> None:
        """Toast the fate of my team changes made from this page: confirmed, or refused."""
        if not self._watching:
            return
        me = self.engine.me()
        member = me is not None and any(m.handle == me.handle for m in project.members)
        still_queued = {pending.key for pending in self.engine.pending_writes()}
        dead = {entry.key: entry for entry in self.engine.dead_letters()}
        for key, action in list(self._watching.items()):
            if key in dead:
                del self._watching[key]
                reason = dead[key].dead_reason or _("refused by the server")
                self.notify(reason, title=_refusal_title(action), severity="error", markup=False)
            elif action in ("looking-on", "looking-off", "progress"):
                if key not in still_queued and not self._syncing(key, action, project):
                    del self._watching[key]
                    self.notify(_confirmed_text(action, project), markup=False)
            elif key not in still_queued and member == (action == "join"):
                del self._watching[key]
                text = (
                    _("You joined {team}", team=project.title)
                    if action == "join"
                    else _("You left {team}", team=project.title)
                )
                self.notify(text, markup=False)

    # -- actions ----------------------------------------------------------------------------
    def _is_member(self, project: ProjectPublic | None) -> bool:
        me = self.engine.me() if self.nuit.has_engine else None
        return project is not None and me is not None and any(m.handle == me.handle for m in project.members)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Join to non-members and Leave to members only; the members' actions to everyone,
        greyed for non-members (the footer follows)."""
        if action not in _TEAM_ACTIONS or not self.is_mounted or not self.nuit.has_engine:
            return True
        project = self.engine.project(self.project_id)
        if action in ("post_update", "toggle_looking"):
            return True if self.why_unavailable(action) is None else None
        me = self.engine.me()
        if project is None or me is None:
            return False
        member = self._is_member(project)
        return (not member) if action == "join" else member

    def why_unavailable(self, action: str) -> str | None:
        """Why a member's action does nothing now (F1 says it; pressing the key says it too)."""
        if action not in ("post_update", "toggle_looking") or not self.nuit.has_engine:
            return None
        project = self.engine.project(self.project_id)
        if project is None:
            return _("This project is not in the cache yet.")
        if self._is_member(project):
            return None
        if action == "post_update":
            return _("Only the team's members can post its progress")
        return _("Only the team's members can say whether it is looking for members")

    def on_key(self, event: events.Key) -> None:
        """A greyed key pressed: say why it does nothing instead of staying silent."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self:
            return
        why = self.why_unavailable(active.binding.action)
        if why:
            event.stop()
            self.notify(why, title=_("Not available"), severity="warning", markup=False)

    @on(Button.Pressed, "#post-update")
    def action_post_update(self) -> None:
        """Open the progress form (members only); the update is queued when it is posted."""
        why = self.why_unavailable("post_update")
        if why is not None:
            self.notify(why, title=_("Not available"), severity="warning", markup=False)
            return
        project = self.engine.project(self.project_id)
        if project is None:
            return
        from .team_update import TeamUpdateForm

        self.app.push_screen(TeamUpdateForm(project.id, project.title, project.stage), self._update_written)

    def _update_written(self, update: ProgressCreate | None) -> None:
        if update is not None:
            self._queue("progress", update)

    @on(Button.Pressed, "#looking")
    def action_toggle_looking(self) -> None:
        """Switch "looking for members" on or off (members only); pending until confirmed."""
        why = self.why_unavailable("toggle_looking")
        if why is not None:
            self.notify(why, title=_("Not available"), severity="warning", markup=False)
            return
        project = self.engine.project(self.project_id)
        if project is None:
            return
        looking, _pending = self.looking_now(project)
        if not looking and len(project.members) >= project.max_team_size:
            self.notify(
                _("{team} is full ({size} members).", team=project.title, size=project.max_team_size),
                title=_("Not available"),
                severity="warning",
                markup=False,
            )
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


_TEAM_ACTIONS = ("join", "leave", "post_update", "toggle_looking")


def _refusal_title(action: str) -> str:
    return {
        "join": _("Could not join the team"),
        "leave": _("Could not leave the team"),
        "looking-on": _("Could not change whether the team is looking"),
        "looking-off": _("Could not change whether the team is looking"),
        "progress": _("Could not post the update"),
    }.get(action, _("Refused"))


def _confirmed_text(action: str, project: ProjectPublic) -> str:
    if action == "progress":
        return _("Progress update posted for {team}", team=project.title)
    if action == "looking-on":
        return _("{team} is looking for members", team=project.title)
    return _("{team} is not looking for members", team=project.title)
