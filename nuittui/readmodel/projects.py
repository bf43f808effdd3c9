"""Projects as shown: the themes and their projects, a project's page, and my team writes still queued.

My join, leave, "looking for members" and progress writes still in the outbox are a field of
their own (``TeamPending``, ``ProjectDetail.pending_progress``), never mixed into the projects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import NamedTuple

from nuittui.i18n import _

from .rows import CacheRows, PendingWrite, Row, me_row
from .rules import city_names, safe
from .schedule import parse_time

__all__ = [
    "LATEST_PROGRESS",
    "MemberLine",
    "PendingProgress",
    "ProgressLine",
    "ProjectDetail",
    "ProjectLine",
    "ProjectsView",
    "TeamPending",
    "ThemeLine",
    "looking_label",
    "pending_label",
    "pending_team",
    "progress_lines",
    "project_detail",
    "project_line",
    "projects_view",
    "stage_label",
    "theme_projects",
]

LATEST_PROGRESS = 5
"""How many of the team's progress updates a project's page shows."""

TEAM_JOIN = "team.join"
TEAM_LEAVE = "team.leave"
TEAM_LOOKING = "team.looking"
PROGRESS = "progress.create"
_TEAM_PATH = re.compile(r"^/v1/projects/(\d+)/(join|leave)$")
_PROJECT_PATH = re.compile(r"^/v1/projects/(\d+)$")
_PROGRESS_PATH = re.compile(r"^/v1/projects/(\d+)/progress$")
_STAGES = ("exploring", "building", "testing", "demo_ready")


def stage_label(stage: str) -> str:
    """A team's stage in words, in the interface's language."""
    labels = {
        "exploring": _("exploring"),
        "building": _("building"),
        "testing": _("testing"),
        "demo_ready": _("demo ready"),
    }
    return labels.get(str(stage), str(stage))


class TeamPending(NamedTuple):
    """My team writes for one project still in the outbox (the latest of each kind wins)."""

    change: str | None = None
    """``join`` or ``leave``."""
    change_key: str | None = None
    looking: bool | None = None
    """The "looking for members" I asked for."""
    looking_key: str | None = None


def pending_label(action: str) -> str:
    """What a pending join or leave is called on screen."""
    return _("joining… (pending)") if action == "join" else _("leaving… (pending)")


def looking_label(looking: bool) -> str:
    """What a pending "looking for members" change is called on screen."""
    return _("looking for members (pending)") if looking else _("not looking for members (pending)")


def _path(write: PendingWrite) -> str:
    return write.path or ""


def pending_team(pending: Sequence[PendingWrite]) -> dict[int, TeamPending]:
    """Per project id, my join/leave and "looking" writes still in the outbox (oldest first in)."""
    found: dict[int, TeamPending] = {}
    for write in pending:
        if write.kind in (TEAM_JOIN, TEAM_LEAVE):
            match = _TEAM_PATH.match(_path(write))
            if match:
                pid = int(match.group(1))
                action = "join" if write.kind == TEAM_JOIN else "leave"
                found[pid] = found.get(pid, TeamPending())._replace(change=action, change_key=write.key)
        elif write.kind == TEAM_LOOKING:
            match = _PROJECT_PATH.match(_path(write))
            looking = (write.body or {}).get("looking_for_members")
            if match and isinstance(looking, bool):
                pid = int(match.group(1))
                found[pid] = found.get(pid, TeamPending())._replace(looking=looking, looking_key=write.key)
    return found


class ThemeLine(NamedTuple):
    """A theme and its counts: projects, and projects looking for members."""

    id: str
    name: str
    projects: int = 0
    looking: int = 0


class ProjectLine(NamedTuple):
    """A project in a list, as the server last said it."""

    id: int
    title: str
    theme: str
    city: str
    """The city's id."""
    summary: str
    members: int
    max_team_size: int
    looking_for_members: bool
    mine: bool = False
    """My own team."""

    @property
    def size(self) -> str:
        """``members/max``."""
        return f"{self.members}/{self.max_team_size}"


class ProjectsView(NamedTuple):
    """What the Projects section and ``team list`` show."""

    themes: tuple[ThemeLine, ...] = ()
    projects: tuple[ProjectLine, ...] = ()
    """The projects the city filter lets through, by id."""
    cities: Mapping[str, str] = MappingProxyType({})
    my_city: str | None = None
    my_team: int | None = None
    pending: Mapping[int, TeamPending] = MappingProxyType({})
    """Per project id, my team writes still waiting for the server."""


def _members(project: Row) -> list[Row]:
    found = project.get("members")
    return [m for m in found if isinstance(m, Mapping)] if isinstance(found, list) else []


def project_line(row: Row, my_team: int | None = None) -> ProjectLine | None:
    """A stored project as a list shows it; None for a row of the wrong shape."""
    pid, size = row.get("id"), row.get("max_team_size")
    if not isinstance(pid, int) or not isinstance(row.get("title"), str) or not isinstance(size, int):
        return None
    return ProjectLine(
        id=pid,
        title=safe(row["title"]),
        theme=str(row.get("theme", "")),
        city=str(row.get("city", "")),
        summary=safe(row.get("summary") or ""),
        members=len(_members(row)),
        max_team_size=size,
        looking_for_members=row.get("looking_for_members") is True,
        mine=pid == my_team,
    )


def _themes(event: Row | None, projects: Iterable[ProjectLine]) -> tuple[ThemeLine, ...]:
    found = event.get("themes") if event else None
    counts: dict[str, tuple[int, int]] = {}
    for p in projects:
        total, looking = counts.get(p.theme, (0, 0))
        counts[p.theme] = (total + 1, looking + p.looking_for_members)
    return tuple(
        ThemeLine(str(t["id"]), safe(t.get("name") or t["id"]), *counts.get(str(t["id"]), (0, 0)))
        for t in (found if isinstance(found, list) else [])
        if isinstance(t, Mapping) and isinstance(t.get("id"), str)
    )


def projects_view(
    rows: CacheRows,
    handle: str | None,
    pending: Sequence[PendingWrite],
    *,
    city: str | None = None,
    only_my_city: bool = False,
    looking_only: bool = False,
) -> ProjectsView:
    """The themes with their counts and the projects by id: of ``city``, or of mine with
    ``only_my_city`` (every city's while mine is unknown); ``looking_only``: those looking for members."""
    me = me_row(rows, handle, pending)
    my_city = me.get("city") if me else None
    my_team = me.get("team") if me else None
    my_city = my_city if isinstance(my_city, str) else None
    my_team = my_team if isinstance(my_team, int) else None
    wanted = city or (my_city if only_my_city else None)
    lines = []
    for row in rows.table_rows("projects").values():
        line = project_line(row, my_team)
        if line is None or (wanted is not None and line.city != wanted):
            continue
        if looking_only and not line.looking_for_members:
            continue
        lines.append(line)
    lines.sort(key=lambda p: p.id)
    event = rows.event_row()
    return ProjectsView(
        themes=_themes(event, lines),
        projects=tuple(lines),
        cities=city_names(event),
        my_city=my_city,
        my_team=my_team,
        pending=pending_team(pending),
    )


def theme_projects(view: ProjectsView, theme: str | None) -> list[ProjectLine]:
    """A theme's projects as listed: my team first, then those looking for members, then by title."""
    chosen = [p for p in view.projects if p.theme == theme]
    chosen.sort(key=lambda p: (not p.mine, not p.looking_for_members, p.title.casefold()))
    return chosen


# -- a project's page --------------------------------------------------------------------------


class MemberLine(NamedTuple):
    """A team member: ``@handle``, name, skills; whether it is me."""

    handle: str
    display_name: str
    skills: tuple[str, ...] = ()
    me: bool = False


class ProgressLine(NamedTuple):
    """A team's progress update."""

    id: int
    project_id: int
    city: str
    author: str
    stage: str
    text: str
    created_at: datetime


class PendingProgress(NamedTuple):
    """A progress update of mine not in the cache yet (queued, or taken but not synced back)."""

    text: str
    stage: str
    key: str = ""


def progress_lines(rows: CacheRows, project_id: int | None = None) -> list[ProgressLine]:
    """The stored progress updates (of one project), newest first; odd rows left out."""
    lines = []
    for row in rows.table_rows("progress").values():
        when, uid, pid = parse_time(row.get("created_at")), row.get("id"), row.get("project_id")
        if when is None or not isinstance(uid, int) or not isinstance(pid, int):
            continue
        if project_id is not None and pid != project_id:
            continue
        lines.append(
            ProgressLine(
                uid,
                pid,
                str(row.get("city", "")),
                safe(row.get("author", "")),
                str(row.get("stage", "")),
                safe(row.get("text", "")),
                when,
            )
        )
    return sorted(lines, key=lambda u: (u.created_at, u.id), reverse=True)


def _pending_progress(pending: Sequence[PendingWrite], project_id: int) -> tuple[PendingProgress, ...]:
    found = []
    for write in pending:
        match = _PROGRESS_PATH.match(_path(write)) if write.kind == PROGRESS else None
        body = write.body or {}
        if match is None or int(match.group(1)) != project_id:
            continue
        if isinstance(body.get("text"), str) and body.get("stage") in _STAGES:
            found.append(PendingProgress(safe(body["text"]), str(body["stage"]), write.key))
    return tuple(reversed(found))


class ProjectDetail(NamedTuple):
    """Everything a project's page shows, and which of my team actions I may do (and why not)."""

    id: int
    title: str
    meta: str
    """``Theme · City · team 2/5 · stage`` (``· sample project``)."""
    stage: str
    brought_by: str
    summary: str
    description: str
    skills_needed: tuple[str, ...]
    links: tuple[str, ...]
    members: tuple[MemberLine, ...]
    max_team_size: int
    looking_for_members: bool
    """As the server last said it (my pending change is in ``pending``)."""
    updated_at: datetime | None
    progress: tuple[ProgressLine, ...]
    """The latest ``LATEST_PROGRESS`` updates, newest first."""
    progress_ids: frozenset[int]
    """Every update of the project in the cache (to tell when one of mine got there)."""
    pending: TeamPending
    pending_progress: tuple[PendingProgress, ...]
    """My updates still in the outbox, newest first."""
    signed_in: bool
    member: bool
    why_not: Mapping[str, str]
    """``join``, ``leave``, ``post_update``, ``toggle_looking``, ``looking_on`` → why I may not now
    (absent: I may)."""

    @property
    def full(self) -> bool:
        """Whether the team has all its members."""
        return len(self.members) >= self.max_team_size

    @property
    def looking(self) -> bool:
        """Whether the team is looking for members, my queued change included."""
        return self.pending.looking if self.pending.looking is not None else self.looking_for_members


def project_detail(
    rows: CacheRows, handle: str | None, pending: Sequence[PendingWrite], project_id: int
) -> ProjectDetail | None:
    """A project's page from the cache's rows and my writes still queued; None when not cached."""
    row = rows.table_rows("projects").get(project_id)
    line = project_line(row) if row is not None else None
    if row is None or line is None:
        return None
    me = me_row(rows, handle, pending)
    mine = str(me["handle"]) if me else None
    users = rows.table_rows("users")
    members = []
    for m in _members(row):
        who = str(m.get("handle", ""))
        user = users.get(who)
        skills = user.get("skills") if user else None
        members.append(
            MemberLine(
                safe(who),
                safe(m.get("display_name", "")),
                tuple(safe(s) for s in skills if isinstance(s, str)) if isinstance(skills, list) else (),
                who == mine,
            )
        )
    event = rows.event_row()
    themes = {t.id: t.name for t in _themes(event, ())}
    cities = city_names(event)
    stage = str(row.get("stage") or "exploring")
    meta = " · ".join(
        (
            themes.get(line.theme, line.theme),
            cities.get(line.city, line.city),
            _("team {count}/{size}", count=line.members, size=line.max_team_size),
            stage_label(stage),
        )
    )
    if row.get("sample") is True:
        meta += " · " + _("sample project")
    progress = progress_lines(rows, project_id)
    team = pending_team(pending).get(project_id, TeamPending())
    member = any(m.me for m in members)
    skills = row.get("skills_needed")
    links = row.get("links")
    detail = ProjectDetail(
        id=project_id,
        title=line.title,
        meta=meta,
        stage=stage,
        brought_by=safe(row.get("brought_by") or ""),
        summary=line.summary,
        description=safe(row.get("description") or ""),
        skills_needed=tuple(safe(s) for s in skills if isinstance(s, str))
        if isinstance(skills, list)
        else (),
        links=tuple(safe(s) for s in links if isinstance(s, str)) if isinstance(links, list) else (),
        members=tuple(members),
        max_team_size=line.max_team_size,
        looking_for_members=line.looking_for_members,
        updated_at=parse_time(row.get("updated_at")),
        progress=tuple(progress[:LATEST_PROGRESS]),
        progress_ids=frozenset(u.id for u in progress),
        pending=team,
        pending_progress=_pending_progress(pending, project_id),
        signed_in=me is not None,
        member=member,
        why_not=MappingProxyType({}),
    )
    return detail._replace(why_not=MappingProxyType(_why_not(rows, detail, me)))


def _why_not(rows: CacheRows, detail: ProjectDetail, me: Row | None) -> dict[str, str]:
    """Why each team action is not for me now; one rule for the page's keys, buttons and toasts."""
    why: dict[str, str] = {}
    full = _("{team} is full ({size} members).", team=detail.title, size=detail.max_team_size)
    if me is None:
        pass  # nothing to offer: the page shows neither Join nor Leave
    elif detail.member:
        why["join"] = _("You are already in this team.")
    elif detail.full:
        why["join"] = full
    elif isinstance(me.get("team"), int) and me["team"] != detail.id:
        other = rows.table_rows("projects").get(me["team"])
        title = safe(other.get("title", "")) if other else f"#{me['team']}"
        why["join"] = _("Leave your team first: {team}", team=title)
    if me is not None and not detail.member and detail.pending.change != "join":
        why["leave"] = _("You are not in this team.")
    if not detail.member:
        why["post_update"] = _("Only the team's members can post its progress")
        why["toggle_looking"] = _("Only the team's members can say whether it is looking for members")
    if detail.full:
        why["looking_on"] = full
    return why
