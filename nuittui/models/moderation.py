"""What organizers do during the weekend: moderation notes and the audit log."""

from __future__ import annotations

from datetime import datetime

from .base import Model, PublicModel
from .limits import Summary


class ModerationNote(Model):
    """The optional body of a moderation action (hide, suspend, remove from a team)."""

    reason: Summary = ""
    """Why, in one line: kept in the audit log, never shown to participants."""


class AuditEntry(PublicModel):
    """One organizer action, as ``GET /v1/audit`` and ``nuit-server audit`` show it."""

    id: int
    at: datetime
    actor: str
    """The organizer's handle; ``nuit-server`` for the command line."""
    action: str
    """What was done, e.g. ``message.hide``, ``user.suspend``, ``schedule.update`` (docs/api.md
    lists them)."""
    target: str
    """On what: ``message 42``, ``user bob``, ``project 3``, ``item 7``, ``event``."""
    city: str | None = None
    """The city it concerned; None for the event or what belongs to every city."""
    detail: str = ""
    """A short line: what changed, the reason given…"""
