"""The SQLite tables (SQLAlchemy 2 Core). People are referenced by their handle, which never changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

SCHEMA_VERSION = "3"
"""2: projects gain ``brought_by``, ``links`` and ``file_key``; schedule items ``uid`` and ``file_key``.
3: organizers' scope, suspensions, hidden messages, schedule changes and cancellations, each city's
jury time, the audit log, recovery codes, and the auth epoch with its triggers.
(``migrate.py`` upgrades an older file when it opens.)"""


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as fixed-width UTC ISO-8601 text, so text order is time order."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


class JsonText(TypeDecorator[Any]):
    """A JSON value stored as text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else orjson.dumps(value).decode()

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else orjson.loads(value)


metadata = MetaData()

settings = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

event = Table(
    "event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("jury_at", UtcDateTime, nullable=False),
    Column("cities", JsonText, nullable=False),
    Column("themes", JsonText, nullable=False),
    # Each city's jury time as last published (``jury.py`` keeps it in step with the schedule).
    Column("jury_by_city", JsonText, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handle", Text, nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("skills", JsonText, nullable=False),
    Column("availability", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # Organizers: 'city' (their own city) or 'event' (every city); NULL for participants.
    Column("organizer_scope", Text, nullable=True),
    Column("suspended_at", UtcDateTime, nullable=True),
    Index("ix_users_city", "city"),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("digest", Text, nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("theme", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("skills_needed", JsonText, nullable=False),
    Column("max_team_size", Integer, nullable=False),
    Column("looking_flag", Boolean, nullable=True),
    Column("sample", Boolean, nullable=False),
    Column("stage", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("brought_by", Text, nullable=False, server_default=""),
    Column("links", JsonText, nullable=False, server_default="[]"),
    # The project's id in the event file (``[[projects]] id``), when it came from one.
    Column("file_key", Text, nullable=True),
    Index("ux_projects_file_key", "file_key", unique=True),
)

team_members = Table(
    "team_members",
    metadata,
    Column("project_id", Integer, ForeignKey("projects.id"), primary_key=True),
    # unique: one team per person
    Column("handle", Text, ForeignKey("users.handle"), primary_key=True, unique=True),
    Column("joined_at", UtcDateTime, nullable=False),
)

progress = Table(
    "progress",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id"), nullable=False),
    Column("city", Text, nullable=False),
    Column("author", Text, ForeignKey("users.handle"), nullable=False),
    Column("text", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_progress_project", "project_id", "id"),
)

swaps = Table(
    "swaps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("tags", JsonText, nullable=False),
    Column("project_id", Integer, ForeignKey("projects.id"), nullable=True),
    Column("location", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("author", Text, ForeignKey("users.handle"), nullable=False),
    Column("status", Text, nullable=False),
    Column("claimed_by", Text, ForeignKey("users.handle"), nullable=True),
    Column("claimed_at", UtcDateTime, nullable=True),
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("thanks", Text, nullable=False),
    Column("rating", Integer, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_swaps_claimed_by", "claimed_by", "status"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", Text, nullable=False),
    Column("author", Text, ForeignKey("users.handle"), nullable=False),
    Column("body", Text, nullable=False),
    Column("announcement", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("seq", Integer, nullable=False, unique=True),
    # Hidden by the organizers: the body is emptied in the same write.
    Column("hidden_at", UtcDateTime, nullable=True),
    Index("ix_messages_channel_seq", "channel", "seq"),
)

schedule = Table(
    "schedule",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("city", Text, nullable=True),
    Column("room", Text, nullable=False),
    Column("kind", Text, nullable=False),
    # Lasting identity: the iCalendar UID / schedule-JSON guid (kept from an imported file).
    Column("uid", Text, nullable=False, server_default=""),
    # The item's id in the event file, when it came from one.
    Column("file_key", Text, nullable=True),
    Column("cancelled", Boolean, nullable=False, server_default="0"),
    Column("changed_at", UtcDateTime, nullable=True),
    Column("changed_fields", JsonText, nullable=False, server_default="[]"),
    Column("previous_starts_at", UtcDateTime, nullable=True),
    Column("previous_ends_at", UtcDateTime, nullable=True),
    Index("ux_schedule_uid", "uid", unique=True),
    Index("ux_schedule_file_key", "file_key", unique=True),
)

events = Table(
    "events",
    metadata,
    # AUTOINCREMENT: a seq is never reused, even after the newest events are pruned.
    Column("seq", Integer, primary_key=True),
    Column("type", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("key", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_events_created_at", "created_at"),
    sqlite_autoincrement=True,
)

registrations = Table(
    "registrations",
    metadata,
    # A registration's Idempotency-Key (its SHA-256: the key is a secret of the client that made it):
    # a retry after a lost answer gets a new token for the account instead of "handle taken".
    Column("key_sha256", Text, primary_key=True),
    Column("body_sha256", Text, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_digest", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

idempotency = Table(
    "idempotency",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("key", Text, nullable=False),
    Column("method", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("body_sha256", Text, nullable=False),
    Column("status", Integer, nullable=False),
    Column("response_json", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("user_id", "key", name="uq_idempotency_user_key"),
    Index("ix_idempotency_created_at", "created_at"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    # The organizer's handle, or ``nuit-server`` for the command line.
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("city", Text, nullable=True),
    Column("detail", Text, nullable=False),
    Index("ix_audit_city", "city", "id"),
)

recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # SHA-256 of the code: the code itself is shown once and never stored.
    Column("digest", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    # Wrong codes tried for this person while this code was live; at ``MAX_RECOVERY_FAILURES`` it is burnt.
    Column("failures", Integer, nullable=False, server_default="0"),
    Index("ix_recovery_codes_user", "user_id"),
)

AUTH_EPOCH_KEY = "auth_epoch"
"""A counter in ``settings`` that the triggers below bump whenever a token goes or a person's role,
scope, city or suspension changes, whoever makes the change (the API, the command line, another
worker, a hand edit). A server drops its cached authentications when it sees the counter move."""

_BUMP = "UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'auth_epoch';"
TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS auth_epoch_token_gone AFTER DELETE ON tokens BEGIN {_BUMP} END",
    "CREATE TRIGGER IF NOT EXISTS auth_epoch_user_changed"
    " AFTER UPDATE OF handle, role, organizer_scope, city, suspended_at ON users"
    f" BEGIN {_BUMP} END",
    f"CREATE TRIGGER IF NOT EXISTS auth_epoch_user_gone AFTER DELETE ON users BEGIN {_BUMP} END",
)
"""Created with the tables (``StoreCore.create``) and by ``migrate.py``."""
