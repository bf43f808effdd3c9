"""Reading rows back as the contract's public objects; the one place they are built."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.engine import Connection, RowMapping

from nuittui.models import (
    City,
    EventPublic,
    MessagePublic,
    ProgressPublic,
    ProjectPublic,
    ScheduleItemPublic,
    SwapPublic,
    TeamMember,
    Theme,
    UserPublic,
    derive_looking,
)

from . import schema as s


def event_public(conn: Connection) -> EventPublic:
    """The event row, with each city's jury time as last computed (``jury.py``)."""
    row = conn.execute(select(s.event).where(s.event.c.id == 1)).mappings().one()
    cities = [City.model_validate(c) for c in row["cities"]]
    stored = row["jury_by_city"] or {}
    return EventPublic(
        name=row["name"],
        timezone=row["timezone"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        jury_at=row["jury_at"],
        cities=cities,
        themes=[Theme.model_validate(t) for t in row["themes"]],
        jury_at_by_city={
            c.id: datetime.fromisoformat(stored[c.id]) if c.id in stored else row["jury_at"] for c in cities
        },
    )


def _user(row: RowMapping) -> UserPublic:
    return UserPublic(
        handle=row["handle"],
        display_name=row["display_name"],
        city=row["city"],
        skills=row["skills"],
        availability=row["availability"],
        role=row["role"],
        team=row["team"],
        created_at=row["created_at"],
        organizer_scope=row["organizer_scope"],
        suspended=row["suspended_at"] is not None,
    )


def _users_query() -> Select[Any]:
    return (
        select(s.users, s.team_members.c.project_id.label("team"))
        .select_from(s.users.outerjoin(s.team_members, s.team_members.c.handle == s.users.c.handle))
        .order_by(s.users.c.handle)
    )


def users_public(conn: Connection, *, city: str | None = None) -> list[UserPublic]:
    """Everyone, by handle; only one city's people when ``city`` is given."""
    query = _users_query()
    if city is not None:
        query = query.where(s.users.c.city == city)
    return [_user(r) for r in conn.execute(query).mappings()]


def user_public(conn: Connection, handle: str) -> UserPublic | None:
    """One person, or None."""
    row = conn.execute(_users_query().where(s.users.c.handle == handle)).mappings().first()
    return None if row is None else _user(row)


def projects_public(conn: Connection, where: ColumnElement[bool] | None = None) -> list[ProjectPublic]:
    """Projects with their members, by id; ``where`` filters the project rows."""
    query = select(s.projects).order_by(s.projects.c.id)
    if where is not None:
        query = query.where(where)
    rows = list(conn.execute(query).mappings())
    if not rows:
        return []
    members_query = (
        select(s.team_members, s.users.c.display_name)
        .join(s.users, s.users.c.handle == s.team_members.c.handle)
        .order_by(s.team_members.c.joined_at, s.team_members.c.handle)
    )
    if len(rows) == 1:
        members_query = members_query.where(s.team_members.c.project_id == rows[0]["id"])
    members: dict[int, list[TeamMember]] = defaultdict(list)
    for m in conn.execute(members_query).mappings():
        members[m["project_id"]].append(
            TeamMember(handle=m["handle"], display_name=m["display_name"], joined_at=m["joined_at"])
        )
    return [_project(r, members.get(r["id"], [])) for r in rows]


def _project(row: RowMapping, members: list[TeamMember]) -> ProjectPublic:
    return ProjectPublic(
        id=row["id"],
        title=row["title"],
        summary=row["summary"],
        description=row["description"],
        theme=row["theme"],
        city=row["city"],
        skills_needed=row["skills_needed"],
        max_team_size=row["max_team_size"],
        members=members,
        looking_for_members=derive_looking(row["looking_flag"], len(members), row["max_team_size"]),
        sample=row["sample"],
        stage=row["stage"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        brought_by=row["brought_by"],
        links=row["links"],
    )


def project_public(conn: Connection, project_id: int) -> ProjectPublic | None:
    """One project with its members, or None."""
    found = projects_public(conn, s.projects.c.id == project_id)
    return found[0] if found else None


def progress_public(row: RowMapping) -> ProgressPublic:
    """A progress row as the contract's object."""
    return ProgressPublic(
        id=row["id"],
        project_id=row["project_id"],
        city=row["city"],
        author=row["author"],
        text=row["text"],
        stage=row["stage"],
        created_at=row["created_at"],
    )


def progress_list(
    conn: Connection, *, project_id: int | None = None, newest_first: bool = True, limit: int | None = None
) -> list[ProgressPublic]:
    """Progress updates, of one project or all."""
    order = s.progress.c.id.desc() if newest_first else s.progress.c.id
    query = select(s.progress).order_by(order)
    if project_id is not None:
        query = query.where(s.progress.c.project_id == project_id)
    if limit is not None:
        query = query.limit(limit)
    return [progress_public(r) for r in conn.execute(query).mappings()]


def swap_public(row: RowMapping) -> SwapPublic:
    """A swap row as the contract's object."""
    return SwapPublic(
        id=row["id"],
        title=row["title"],
        body=row["body"],
        tags=row["tags"],
        project_id=row["project_id"],
        location=row["location"],
        city=row["city"],
        author=row["author"],
        status=row["status"],
        claimed_by=row["claimed_by"],
        claimed_at=row["claimed_at"],
        resolved_at=row["resolved_at"],
        thanks=row["thanks"],
        rating=row["rating"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def swaps_public(conn: Connection, wheres: Iterable[ColumnElement[bool]] = ()) -> list[SwapPublic]:
    """Swaps matching every condition, by id."""
    query = select(s.swaps).order_by(s.swaps.c.id)
    for where in wheres:
        query = query.where(where)
    return [swap_public(r) for r in conn.execute(query).mappings()]


def swap_by_id(conn: Connection, swap_id: int) -> SwapPublic | None:
    """One swap, or None."""
    row = conn.execute(select(s.swaps).where(s.swaps.c.id == swap_id)).mappings().first()
    return None if row is None else swap_public(row)


def message_public(row: RowMapping) -> MessagePublic:
    """A message row as the contract's object."""
    return MessagePublic(
        id=row["id"],
        channel=row["channel"],
        author=row["author"],
        body=row["body"],
        announcement=row["announcement"],
        created_at=row["created_at"],
        seq=row["seq"],
        hidden=row["hidden_at"] is not None,
    )


def latest_messages(conn: Connection, per_channel: int) -> list[MessagePublic]:
    """The newest ``per_channel`` messages of every channel, in ``seq`` order."""
    rank = (
        func.row_number()
        .over(partition_by=s.messages.c.channel, order_by=s.messages.c.seq.desc())
        .label("rank")
    )
    ranked = select(s.messages, rank).subquery()
    query = select(ranked).where(ranked.c.rank <= per_channel).order_by(ranked.c.seq)
    return [message_public(r) for r in conn.execute(query).mappings()]


def schedule_public(row: RowMapping) -> ScheduleItemPublic:
    """A schedule row as the contract's object."""
    return ScheduleItemPublic(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        city=row["city"],
        room=row["room"],
        kind=row["kind"],
        uid=row["uid"],
        cancelled=row["cancelled"],
        changed_at=row["changed_at"],
        changed_fields=row["changed_fields"],
        previous_starts_at=row["previous_starts_at"],
        previous_ends_at=row["previous_ends_at"],
    )


def schedule_list(conn: Connection, *, city: str | None = None) -> list[ScheduleItemPublic]:
    """Items by start; with ``city``, the global ones and that city's."""
    query = select(s.schedule).order_by(s.schedule.c.starts_at, s.schedule.c.id)
    if city is not None:
        query = query.where((s.schedule.c.city.is_(None)) | (s.schedule.c.city == city))
    return [schedule_public(r) for r in conn.execute(query).mappings()]


def schedule_item(conn: Connection, item_id: int) -> ScheduleItemPublic | None:
    """One schedule item, or None."""
    row = conn.execute(select(s.schedule).where(s.schedule.c.id == item_id)).mappings().first()
    return None if row is None else schedule_public(row)
