"""Helpers shared by the mutations: emitting the new state of a person or a project, and lookups."""

from __future__ import annotations

from nuittui.models import EventPublic, EventType, ProjectPublic, UserPublic

from ..errors import invalid, not_found
from . import views
from .tx import Tx


def emit_user(tx: Tx, handle: str) -> UserPublic:
    """Append ``user.upsert`` with the person's current state."""
    user = views.user_public(tx.conn, handle)
    assert user is not None
    tx.emit(EventType.USER, user)
    return user


def emit_project(tx: Tx, project_id: int) -> ProjectPublic:
    """Append ``project.upsert`` with the project's current state (members included)."""
    project = views.project_public(tx.conn, project_id)
    assert project is not None
    tx.emit(EventType.PROJECT, project)
    return project


def require_project(tx: Tx, project_id: int) -> ProjectPublic:
    """The project, or 404."""
    project = views.project_public(tx.conn, project_id)
    if project is None:
        raise not_found(f"project {project_id}")
    return project


def check_city(event: EventPublic, city: str, loc: tuple[str, ...] = ("body", "city")) -> None:
    """422 unless ``city`` is one of the event's cities."""
    if city not in {c.id for c in event.cities}:
        known = ", ".join(c.id for c in event.cities)
        raise invalid(loc, f"unknown city {city!r}; the event's cities are: {known}")


def check_theme(event: EventPublic, theme: str) -> None:
    """422 unless ``theme`` is one of the event's themes."""
    if theme not in {t.id for t in event.themes}:
        known = ", ".join(t.id for t in event.themes)
        raise invalid(("body", "theme"), f"unknown theme {theme!r}; the event's themes are: {known}")
