"""Projects, teams and progress updates."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from nuittui.models import EventType, ProgressCreate, ProjectCreate, ProjectPublic, ProjectUpdate, Stage

from ..errors import conflict, forbidden
from . import audit, views
from . import schema as s
from .changes import check_city, check_theme, emit_project, emit_user, require_project
from .scope import require_organizer
from .tx import Tx
from .types import Actor, Outcome


def _team_of(tx: Tx, handle: str) -> int | None:
    return tx.conn.execute(
        select(s.team_members.c.project_id).where(s.team_members.c.handle == handle)
    ).scalar_one_or_none()


def create_project(tx: Tx, actor: Actor, new: ProjectCreate, *, file_key: str | None = None) -> Outcome:
    """A new project (its city's organizers; 422 for an unknown theme or city).

    ``file_key``: its id in the event file.
    """
    require_organizer(actor, new.city, "create projects there")
    event = views.event_public(tx.conn)
    check_theme(event, new.theme)
    check_city(event, new.city)
    project_id = tx.insert(
        s.projects.insert().values(
            title=new.title,
            summary=new.summary,
            description=new.description,
            theme=new.theme,
            city=new.city,
            skills_needed=new.skills_needed,
            max_team_size=new.max_team_size,
            looking_flag=None,
            sample=new.sample,
            stage=Stage.EXPLORING.value,
            created_at=tx.now,
            updated_at=tx.now,
            brought_by=new.brought_by,
            links=new.links,
            file_key=file_key,
        )
    )
    audit.record(tx, actor, "project.create", f"project {project_id}", city=new.city, detail=new.title)
    return Outcome(201, emit_project(tx, project_id))


def update_project(tx: Tx, actor: Actor, project_id: int, changes: ProjectUpdate) -> Outcome:
    """The project city's organizers change anything; members only whether the team is looking."""
    project = require_project(tx, project_id)
    organizing = actor.organizes(project.city)
    if not organizing and _team_of(tx, actor.handle) != project_id:
        if actor.is_organizer:
            require_organizer(actor, project.city, "change its projects")
        raise forbidden("only organizers and the team's members change a project")
    values = {k: v for k, v in changes.model_dump(mode="json").items() if v is not None}
    if not organizing and set(values) - {"looking_for_members"}:
        raise forbidden("team members may only change looking_for_members")
    if "theme" in values:
        check_theme(views.event_public(tx.conn), values["theme"])
    if not values:
        return Outcome(200, project)
    if "looking_for_members" in values:
        values["looking_flag"] = values.pop("looking_for_members")
    tx.conn.execute(
        update(s.projects).where(s.projects.c.id == project_id).values(**values, updated_at=tx.now)
    )
    if organizing:
        changed = ", ".join(sorted(changes.model_dump(exclude_none=True)))
        audit.record(tx, actor, "project.update", f"project {project_id}", city=project.city, detail=changed)
    return Outcome(200, emit_project(tx, project_id))


def join(tx: Tx, actor: Actor, project_id: int) -> Outcome:
    """Join a team: same answer when already in it; 409 when full or in another team."""
    project = require_project(tx, project_id)
    current = _team_of(tx, actor.handle)
    if current == project_id:
        return Outcome(200, project)
    if current is not None:
        raise conflict(f"you are in the team of project {current}; leave it first")
    if len(project.members) >= project.max_team_size:
        raise conflict(f"the team is full ({project.max_team_size} members)")
    tx.conn.execute(
        s.team_members.insert().values(project_id=project_id, handle=actor.handle, joined_at=tx.now)
    )
    joined = emit_project(tx, project_id)
    emit_user(tx, actor.handle)
    return Outcome(200, joined)


def leave(tx: Tx, actor: Actor, project_id: int) -> Outcome:
    """Leave a team (409 when not in it)."""
    require_project(tx, project_id)
    if _team_of(tx, actor.handle) != project_id:
        raise conflict("you are not a member of this team")
    return Outcome(200, _drop_member(tx, project_id, actor.handle))


def _drop_member(tx: Tx, project_id: int, handle: str) -> ProjectPublic:
    tx.conn.execute(
        delete(s.team_members).where(
            (s.team_members.c.project_id == project_id) & (s.team_members.c.handle == handle)
        )
    )
    left = emit_project(tx, project_id)
    emit_user(tx, handle)
    return left


def remove_member(tx: Tx, actor: Actor, project_id: int, handle: str, reason: str = "") -> Outcome:
    """An organizer of the project's city takes someone out of its team (409 when not in it)."""
    project = require_project(tx, project_id)
    require_organizer(actor, project.city, "remove someone from its teams")
    if handle not in {m.handle for m in project.members}:
        raise conflict(f"{handle} is not a member of this team")
    removed = _drop_member(tx, project_id, handle)
    target, detail = f"project {project_id}", _why(handle, reason)
    audit.record(tx, actor, "project.remove_member", target, city=project.city, detail=detail)
    return Outcome(200, removed)


def _why(what: str, reason: str) -> str:
    return f"{what}: {reason}" if reason else what


def post_progress(tx: Tx, actor: Actor, project_id: int, new: ProgressCreate) -> Outcome:
    """A team member posts where the team stands; the project's stage follows it."""
    project = require_project(tx, project_id)
    if _team_of(tx, actor.handle) != project_id:
        raise forbidden("only the team's members post its progress")
    update_id = tx.insert(
        s.progress.insert().values(
            project_id=project_id,
            city=project.city,
            author=actor.handle,
            text=new.text,
            stage=new.stage.value,
            created_at=tx.now,
        )
    )
    row = tx.conn.execute(select(s.progress).where(s.progress.c.id == update_id)).mappings().one()
    created = views.progress_public(row)
    tx.emit(EventType.PROGRESS, created)
    if project.stage is not new.stage:
        tx.conn.execute(
            update(s.projects)
            .where(s.projects.c.id == project_id)
            .values(stage=new.stage.value, updated_at=tx.now)
        )
        emit_project(tx, project_id)
    return Outcome(201, created)
