"""The audit log: every organizer action, who did it, on what, when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from nuittui.models import AuditEntry

from . import schema as s
from .tx import Tx
from .types import COMMAND_LINE, Actor


def record(tx: Tx, actor: Actor, action: str, target: str, *, city: str | None, detail: str = "") -> None:
    """Append one entry in the write's transaction (it commits, or vanishes, with the change).

    Nothing is recorded for ``SYSTEM`` (seeding, and the objects of an import, which records itself).
    """
    if not actor.handle:
        return
    tx.conn.execute(
        s.audit.insert().values(
            at=tx.now, actor=actor.handle, action=action, target=target, city=city, detail=detail[:500]
        )
    )


__all__ = ["COMMAND_LINE", "entries", "record"]


def entries(conn: Connection, *, city: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """The log, newest first: everything, or the entries concerning ``city`` only."""
    query = select(s.audit).order_by(s.audit.c.id.desc())
    if city is not None:
        query = query.where(s.audit.c.city == city)
    if limit is not None:
        query = query.limit(limit)
    return [
        AuditEntry(
            id=row["id"],
            at=row["at"],
            actor=row["actor"],
            action=row["action"],
            target=row["target"],
            city=row["city"],
            detail=row["detail"],
        )
        for row in conn.execute(query).mappings()
    ]
