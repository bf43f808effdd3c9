"""Applying an edition (the event file) and imported schedules to the database.

Everything is matched by identity: a project or schedule item of the event file by
its id in the file (``file_key``), an imported schedule item by its uid (its guid or
iCalendar UID). Nothing is deleted but with ``prune``, and then only what came from
the event file and nobody uses. The plan is computed inside the transaction that
applies it, so what it checked still holds when it writes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection

from nuittui.models import (
    EventPublic,
    EventType,
    ProjectCreate,
    ProjectPublic,
    ScheduleItemCreate,
    ScheduleItemPublic,
    outside_event,
)

from . import projects as project_writes
from . import schedule as schedule_writes
from . import schema as s
from . import views
from .changes import emit_project
from .tx import Tx
from .types import SYSTEM

Action = Literal["add", "update", "delete", "keep"]

PROJECT_FIELDS = (
    "title",
    "summary",
    "description",
    "theme",
    "city",
    "skills_needed",
    "max_team_size",
    "brought_by",
    "links",
)
ITEM_FIELDS = ("title", "description", "starts_at", "ends_at", "city", "room", "kind")


@dataclass(frozen=True)
class FileProject:
    """A project of the event file: its id there, and what it says."""

    key: str
    project: ProjectCreate


@dataclass(frozen=True)
class FileItem:
    """A schedule item of the event file: its id there, and what it says."""

    key: str
    item: ScheduleItemCreate


@dataclass(frozen=True)
class Edition:
    """What an event file describes: the event, its projects and its schedule."""

    event: EventPublic
    projects: list[FileProject]
    schedule: list[FileItem]


@dataclass(frozen=True)
class Change:
    """One line of what an import does (or would do)."""

    action: Action
    what: str
    """``event``, ``city``, ``theme``, ``project`` or ``item``."""
    key: str
    detail: str = ""

    def line(self) -> str:
        """``update project signotheque: title, links``."""
        text = f"{self.action} {self.what} {self.key}".rstrip()
        return f"{text}: {self.detail}" if self.detail else text


@dataclass
class Plan:
    """The changes an edition makes to a database, and what it refuses to do."""

    changes: list[Change] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether applying it writes anything."""
        return any(c.action != "keep" for c in self.changes)


class EditionRefusedError(Exception):
    """The edition cannot be applied as it is; nothing was written."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("; ".join(plan.refusals))
        self.plan = plan


def as_guid(uid: str) -> str:
    """A UUID for a schedule JSON's ``guid``: the uid itself when it is one, else a UUID made from it."""
    try:
        return str(uuid.UUID(uid))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, uid))


def item_uid(event_name: str, key: str) -> str:
    """The uid of the event file's item ``key``: the same for the same edition, so a database made
    again from the file gives calendars the same events."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"nuit-tui:event-file:{event_name}:{key}"))


FILE_NAMES = {"skills_needed": "skills", "max_team_size": "team_size"}
"""The event file's name of a contract field, where they differ."""


def _differs(old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [FILE_NAMES.get(name, name) for name in fields if old.get(name) != new.get(name)]


def _keyed(conn: Connection, table: Any) -> dict[str, int]:
    rows = conn.execute(select(table.c.file_key, table.c.id).where(table.c.file_key.is_not(None)))
    return {key: row_id for key, row_id in rows}


def _count(conn: Connection, table: Any, where: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table).where(where)).scalar_one())


def _merged_event(conn: Connection, edition: Edition, prune: bool, plan: Plan) -> EventPublic:
    """The file's event, keeping the cities and themes it dropped unless pruning (and unused)."""
    old = views.event_public(conn)
    cities, themes = list(edition.event.cities), list(edition.event.themes)
    file_cities, file_themes = {c.id for c in cities}, {t.id for t in themes}
    for city in old.cities:
        if city.id in file_cities:
            continue
        used = (
            _count(conn, s.users, s.users.c.city == city.id)
            + _count(conn, s.projects, s.projects.c.city == city.id)
            + _count(conn, s.schedule, s.schedule.c.city == city.id)
            + _count(conn, s.swaps, s.swaps.c.city == city.id)
        )
        if not prune:
            cities.append(city)
            plan.changes.append(Change("keep", "city", city.id, "not in the file (--prune removes it)"))
        elif used:
            plan.refusals.append(f"city {city.id} is not in the file but has people, projects or items")
        else:
            plan.changes.append(Change("delete", "city", city.id))
    for theme in old.themes:
        if theme.id in file_themes:
            continue
        used = _count(conn, s.projects, s.projects.c.theme == theme.id)
        if not prune:
            themes.append(theme)
            plan.changes.append(Change("keep", "theme", theme.id, "not in the file (--prune removes it)"))
        elif used:
            plan.refusals.append(f"theme {theme.id} is not in the file but has projects")
        else:
            plan.changes.append(Change("delete", "theme", theme.id))
    event = edition.event.model_copy(update={"cities": cities, "themes": themes})
    # Datetimes compare as instants; each city's jury time is computed, never read from a file.
    old_json = old.model_dump(exclude={"jury_at_by_city"})
    new_json = event.model_dump(exclude={"jury_at_by_city"})
    changed = [name for name in new_json if old_json.get(name) != new_json.get(name)]
    if changed:
        plan.changes.append(Change("update", "event", "", ", ".join(changed)))
    return event


def plan_edition(conn: Connection, edition: Edition, *, prune: bool) -> tuple[Plan, EventPublic]:
    """What applying ``edition`` changes, read through ``conn`` (no write)."""
    plan = Plan()
    event = _merged_event(conn, edition, prune, plan)
    projects = {p.id: p for p in views.projects_public(conn)}
    keyed = _keyed(conn, s.projects)
    for entry in edition.projects:
        new = entry.project.model_dump()
        project_id = keyed.get(entry.key)
        if project_id is None:
            plan.changes.append(Change("add", "project", entry.key, entry.project.title))
            continue
        old = projects[project_id]
        fields = _differs(old.model_dump(), new, PROJECT_FIELDS)
        if fields:
            plan.changes.append(Change("update", "project", entry.key, ", ".join(fields)))
        if len(old.members) > entry.project.max_team_size:
            plan.refusals.append(
                f"project {entry.key}: team_size {entry.project.max_team_size} is below its"
                f" {_members(len(old.members))}"
            )
    in_file = {p.key for p in edition.projects}
    for key, project_id in sorted(keyed.items()):
        if key in in_file:
            continue
        if not prune:
            plan.changes.append(Change("keep", "project", key, "not in the file (--prune deletes it)"))
            continue
        reason = _project_in_use(conn, projects[project_id])
        if reason:
            plan.refusals.append(f"project {key} is not in the file but {reason}: not deleted")
        else:
            plan.changes.append(Change("delete", "project", key))
    items = {i.id: i for i in views.schedule_list(conn)}
    keyed_items = _keyed(conn, s.schedule)
    for file_item in edition.schedule:
        item_id = keyed_items.get(file_item.key)
        if item_id is None:
            plan.changes.append(Change("add", "item", file_item.key, file_item.item.title))
            continue
        fields = _differs(items[item_id].model_dump(), file_item.item.model_dump(), ITEM_FIELDS)
        if fields:
            plan.changes.append(Change("update", "item", file_item.key, ", ".join(fields)))
    in_file = {i.key for i in edition.schedule}
    for key in sorted(keyed_items):
        if key in in_file:
            continue
        if prune:
            plan.changes.append(Change("delete", "item", key))
        else:
            plan.changes.append(Change("keep", "item", key, "not in the file (--prune deletes it)"))
    return plan, event


def _members(count: int) -> str:
    return f"{count} member{'s' * (count != 1)}"


def _project_in_use(conn: Connection, project: ProjectPublic) -> str:
    if project.members:
        return f"has {_members(len(project.members))}"
    if _count(conn, s.progress, s.progress.c.project_id == project.id):
        return "has progress updates"
    if _count(conn, s.swaps, s.swaps.c.project_id == project.id):
        return "has swaps"
    if _count(conn, s.messages, s.messages.c.channel == f"team:{project.id}"):
        return "has team messages"
    return ""


def apply_edition(tx: Tx, edition: Edition, *, prune: bool) -> Plan:
    """Apply ``edition`` in ``tx``; ``EditionRefusedError`` (nothing written) when the plan refuses."""
    conn = tx.conn
    plan, event = plan_edition(conn, edition, prune=prune)
    if plan.refusals:
        raise EditionRefusedError(plan)
    if any(c.what == "event" for c in plan.changes) or any(
        c.action == "delete" and c.what in ("city", "theme") for c in plan.changes
    ):
        conn.execute(
            update(s.event)
            .where(s.event.c.id == 1)
            .values(
                name=event.name,
                timezone=event.timezone,
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                jury_at=event.jury_at,
                cities=[c.model_dump(mode="json") for c in event.cities],
                themes=[t.model_dump(mode="json") for t in event.themes],
            )
        )
        tx.event_changed = True  # sent at the end, with each city's jury time (``jury.settle``)
    keyed = _keyed(conn, s.projects)
    for entry in edition.projects:
        project_id = keyed.get(entry.key)
        if project_id is None:
            project_writes.create_project(tx, SYSTEM, entry.project, file_key=entry.key)
        elif any(c.what == "project" and c.key == entry.key and c.action == "update" for c in plan.changes):
            values = {name: getattr(entry.project, name) for name in PROJECT_FIELDS}
            conn.execute(
                update(s.projects).where(s.projects.c.id == project_id).values(**values, updated_at=tx.now)
            )
            emit_project(tx, project_id)
    for change in plan.changes:
        if change.action == "delete" and change.what == "project":
            project_id = keyed[change.key]
            conn.execute(delete(s.projects).where(s.projects.c.id == project_id))
            tx.emit(EventType.PROJECT_DELETE, {"id": project_id})
    keyed_items = _keyed(conn, s.schedule)
    for change in plan.changes:
        if change.action == "delete" and change.what == "item":
            schedule_writes.delete_item(tx, SYSTEM, keyed_items[change.key])
    for file_item in edition.schedule:
        item_id = keyed_items.get(file_item.key)
        if item_id is None:
            schedule_writes.create_item(
                tx,
                SYSTEM,
                file_item.item,
                uid=item_uid(event.name, file_item.key),
                file_key=file_item.key,
            )
        elif any(c.what == "item" and c.key == file_item.key and c.action == "update" for c in plan.changes):
            _update_item(tx, item_id, file_item.item)
    return plan


def _update_item(tx: Tx, item_id: int, new: ScheduleItemCreate) -> ScheduleItemPublic:
    """Update an item from a file, recording what changed as an organizer's change would."""
    item = views.schedule_item(tx.conn, item_id)
    assert item is not None
    values = {name: getattr(new, name) for name in ITEM_FIELDS}
    return schedule_writes.apply_changes(tx, item, values) or item


# ---- imported schedules (frab/pretalx JSON, iCalendar) -----------------------------------------


@dataclass(frozen=True)
class ImportedItem:
    """An item read from a schedule file: its uid there and what it says (``city`` set by the import)."""

    uid: str
    item: ScheduleItemCreate


@dataclass
class ImportReport:
    """What a schedule import did: counts, and every item it skipped with the reason."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(title, why)``."""


def import_items(tx: Tx, items: list[ImportedItem], *, dry_run: bool = False) -> ImportReport:
    """Add or update each item by its uid; items outside the event or owned by another city are
    skipped, never failing the whole import."""
    conn = tx.conn
    event = views.event_public(conn)
    report = ImportReport()
    existing: dict[str, ScheduleItemPublic] = {}
    for known in views.schedule_list(conn):
        # by uid, and by the guid our own schedule JSON published for it (a round trip)
        existing.setdefault(as_guid(known.uid), known)
        existing[known.uid] = known
    for entry in items:
        new = entry.item
        why = outside_event(
            new.starts_at, new.ends_at, new.kind, event_start=event.starts_at, event_end=event.ends_at
        )
        if why is not None:
            report.skipped.append((new.title, f"{why} ({new.starts_at.isoformat()})"))
            continue
        old = existing.get(entry.uid)
        if old is None:
            if not dry_run:
                schedule_writes.create_item(tx, SYSTEM, new, uid=entry.uid)
            report.added += 1
        elif old.city != new.city:
            where = f"city {old.city}" if old.city else "the global schedule"
            report.skipped.append((new.title, f"already in {where} (uid {entry.uid})"))
        elif _differs(old.model_dump(), new.model_dump(), ITEM_FIELDS):
            if not dry_run:
                _update_item(tx, old.id, new)
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def counts(conn: Connection) -> dict[str, int]:
    """How many rows each table that matters holds (backups print them)."""
    tables = {
        "users": s.users,
        "projects": s.projects,
        "team_members": s.team_members,
        "progress": s.progress,
        "swaps": s.swaps,
        "messages": s.messages,
        "schedule": s.schedule,
        "events": s.events,
    }
    return {
        name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        for name, table in tables.items()
    }
