"""The exactly-once check: every write a test made is on the server once, or still in the user's sight.

``ExactlyOnce(db_path, data_dir, handle)`` is told what the test wrote (``swap(title)``,
``message(channel, body)``, ``claim(swap_id)``), then ``check()`` looks at both ends:

- the server's database (read-only SQLite): swaps by author and title, messages by channel,
  author and body (content, so a write sent again under a *new* key shows up twice), and
  claims by the requests the server applied (its idempotency records);
- the profile's outbox (``Outbox.in_folder(data_dir)``): the entry still queued, or a dead letter.

Each write must be on the server at most once, in the outbox at most once, and in one of the
two: never gone, never twice. ``check(settled=True)``, after a sync that could reach the server,
also wants nothing still queued: each write landed, or is a dead letter the user can see, and no
write both on the server and still shown as refused (its event settles the dead letter).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nuittui.cache import Outbox, OutboxEntry

__all__ = ["ExactlyOnce", "Standing", "Write"]


@dataclass(frozen=True)
class Write:
    """One write a test made."""

    what: Literal["swap", "message", "claim"]
    text: str = ""
    """The swap's title, or the message's body."""
    channel: str | None = None
    swap_id: int | None = None

    def __str__(self) -> str:
        if self.what == "swap":
            return f"swap {self.text!r}"
        if self.what == "message":
            return f"message {self.text!r} in #{self.channel}"
        return f"claim of swap #{self.swap_id}"


@dataclass(frozen=True)
class Standing:
    """Where one write stands: how many times on the server, queued, and dead-lettered."""

    write: Write
    landed: int
    queued: int
    dead: int

    def problem(self, *, settled: bool = False) -> str | None:
        """What is wrong with it, or None."""
        kept = self.queued + self.dead
        if self.landed > 1:
            return f"{self.write} is on the server {self.landed} times"
        if kept > 1:
            return f"{self.write} is in the outbox {kept} times ({self.queued} queued, {self.dead} dead)"
        if self.landed == 0 and kept == 0:
            return f"{self.write} is gone: not on the server, not queued, not a dead letter"
        if settled and self.queued:
            return f"{self.write} is still queued after a sync that reached the server"
        if settled and self.landed and self.dead:
            return f"{self.write} is on the server but still shown as refused after a sync"
        return None


class ExactlyOnce:
    """The writes of one person (``handle``, profile data in ``data_dir``) on the server at ``db_path``."""

    def __init__(self, db_path: Path, data_dir: Path, handle: str) -> None:
        self.db_path = db_path
        self.data_dir = data_dir
        self.handle = handle
        self.writes: list[Write] = []

    # -- what the test wrote ---------------------------------------------------------------

    def swap(self, title: str) -> Write:
        """The test posted a swap titled ``title`` (titles must be unique within the test)."""
        return self._add(Write("swap", text=title))

    def message(self, channel: str, body: str) -> Write:
        """The test sent ``body`` to ``channel``."""
        return self._add(Write("message", text=body, channel=channel))

    def claim(self, swap_id: int) -> Write:
        """The test claimed swap ``swap_id``."""
        return self._add(Write("claim", swap_id=swap_id))

    def _add(self, write: Write) -> Write:
        self.writes.append(write)
        return write

    # -- where they stand ------------------------------------------------------------------

    def outbox(self) -> Outbox:
        """The profile's outbox, read afresh."""
        return Outbox.in_folder(self.data_dir)

    def landed(self, write: Write) -> int:
        """How many times the server holds ``write``."""
        with closing(sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)) as conn:
            if write.what == "swap":
                query = "SELECT count(*) FROM swaps WHERE author = ? AND title = ?"
                row = conn.execute(query, (self.handle, write.text)).fetchone()
            elif write.what == "message":
                query = "SELECT count(*) FROM messages WHERE author = ? AND channel = ? AND body = ?"
                row = conn.execute(query, (self.handle, write.channel, write.text)).fetchone()
            else:
                query = (
                    "SELECT count(*) FROM idempotency i JOIN users u ON u.id = i.user_id"
                    " WHERE u.handle = ? AND i.method = 'POST' AND i.path = ?"
                )
                row = conn.execute(query, (self.handle, f"/v1/swaps/{write.swap_id}/claim")).fetchone()
        return int(row[0])

    def entries(self, write: Write) -> tuple[list[OutboxEntry], list[OutboxEntry]]:
        """The outbox entries of ``write``: (queued, dead letters)."""
        outbox = self.outbox()
        return (
            [e for e in outbox.pending() if _is(e, write)],
            [e for e in outbox.dead_letters() if _is(e, write)],
        )

    def standing(self, write: Write) -> Standing:
        """Where ``write`` stands now."""
        queued, dead = self.entries(write)
        return Standing(write, self.landed(write), len(queued), len(dead))

    def check(self, *, settled: bool = False) -> list[Standing]:
        """Assert the exactly-once property for every write made; where each stands."""
        standings = [self.standing(w) for w in self.writes]
        problems = [p for s in standings if (p := s.problem(settled=settled))]
        assert not problems, "; ".join(problems)
        return standings


def _is(entry: OutboxEntry, write: Write) -> bool:
    body = entry.body or {}
    if write.what == "swap":
        return entry.kind == "swap.create" and body.get("title") == write.text
    if write.what == "message":
        return entry.kind == "message" and entry.order_key == write.channel and body.get("body") == write.text
    return entry.kind == "swap.claim" and entry.path == f"/v1/swaps/{write.swap_id}/claim"
