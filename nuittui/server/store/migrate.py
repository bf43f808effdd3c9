"""Upgrading a database made by an earlier version, in place, when it is opened.

Only additions: new columns with defaults, new tables, their indexes and triggers, a ``uid`` for
every schedule item that has none, each city's jury time, and the organizers' scope (an organizer
made before version 3 becomes an organizer of their own city: ``nuit-server organizer add HANDLE
--event-wide --existing`` widens it). Idempotent; runs in one ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from nuittui.models import OrganizerScope, Role

from . import jury
from . import schema as s
from .engine import IMMEDIATE

_COLUMNS = {
    "projects": [
        ("brought_by", "TEXT NOT NULL DEFAULT ''"),
        ("links", "TEXT NOT NULL DEFAULT '[]'"),
        ("file_key", "TEXT"),
    ],
    "schedule": [
        ("uid", "TEXT NOT NULL DEFAULT ''"),
        ("file_key", "TEXT"),
        ("cancelled", "BOOLEAN NOT NULL DEFAULT 0"),
        ("changed_at", "TEXT"),
        ("changed_fields", "TEXT NOT NULL DEFAULT '[]'"),
        ("previous_starts_at", "TEXT"),
        ("previous_ends_at", "TEXT"),
    ],
    "users": [
        ("organizer_scope", "TEXT"),
        ("suspended_at", "TEXT"),
    ],
    "messages": [
        ("hidden_at", "TEXT"),
    ],
    "event": [
        ("jury_by_city", "TEXT"),
    ],
}
_NEW_TABLES = (s.audit, s.recovery_codes)


def new_uid() -> str:
    """A fresh schedule item identity."""
    return str(uuid.uuid4())


def upgrade(engine: Engine) -> bool:
    """Bring the database at ``engine`` to ``schema.SCHEMA_VERSION``; True when it changed anything."""
    with engine.connect() as conn, conn.begin():
        version = conn.execute(
            select(s.settings.c.value).where(s.settings.c.key == "schema_version")
        ).scalar()
    if version == s.SCHEMA_VERSION:
        return False
    with engine.connect().execution_options(**{IMMEDIATE: True}) as conn, conn.begin():
        for table, columns in _COLUMNS.items():
            present = {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
            for name, declaration in columns:
                if name not in present:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
        for new_table in _NEW_TABLES:
            new_table.create(conn, checkfirst=True)
        for item_id in conn.execute(select(s.schedule.c.id).where(s.schedule.c.uid == "")).scalars().all():
            conn.execute(update(s.schedule).where(s.schedule.c.id == item_id).values(uid=new_uid()))
        for index in (*s.projects.indexes, *s.schedule.indexes):
            index.create(conn, checkfirst=True)
        conn.execute(
            update(s.users)
            .where((s.users.c.role == Role.ORGANIZER.value) & s.users.c.organizer_scope.is_(None))
            .values(organizer_scope=OrganizerScope.CITY.value)
        )
        conn.execute(
            sqlite_insert(s.settings)
            .values(key=s.AUTH_EPOCH_KEY, value="0")
            .on_conflict_do_nothing(index_elements=["key"])
        )
        for trigger in s.TRIGGERS:
            conn.exec_driver_sql(trigger)
        jury.store_computed(conn)
        conn.execute(
            text("UPDATE settings SET value = :v WHERE key = 'schema_version'"), {"v": s.SCHEMA_VERSION}
        )
    return True
