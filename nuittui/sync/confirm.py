"""What the server confirmed of our writes, so callers can wait for one or ask where it stands."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Any

from nuittui.cache import Outbox

from .errors import SyncError
from .views import WriteStatus

__all__ = ["Confirmations"]

KEPT = 1000
"""Answers remembered (the newest): enough for any caller still waiting on one."""


class Confirmations:
    """The server's answers to our writes by outbox key, and who waits for them (one loop)."""

    def __init__(self) -> None:
        self._answers: OrderedDict[str, Any] = OrderedDict()
        self._refused: dict[str, str] = {}
        self._waiters: dict[str, list[asyncio.Future[Any]]] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._answers

    def confirmed(self, key: str, answer: Any) -> None:
        """The server has the write queued under ``key`` (its answer, or the event's data)."""
        self._answers[key] = answer
        self._answers.move_to_end(key)
        while len(self._answers) > KEPT:
            self._answers.popitem(last=False)
        for future in self._waiters.pop(key, []):
            if not future.done():
                future.set_result(answer)

    def refused(self, key: str, reason: str) -> None:
        """The server refused the write for good."""
        self._refused[key] = reason
        for future in self._waiters.pop(key, []):
            if not future.done():
                future.set_exception(SyncError(reason))

    def retried(self, key: str) -> None:
        """A refused write was queued again: forget the refusal."""
        self._refused.pop(key, None)

    def status(self, key: str, outbox: Outbox) -> WriteStatus:
        """Where the write queued under ``key`` stands now."""
        if key in self._answers:
            return WriteStatus("sent", answer=self._answers[key])
        entry = outbox.get(key)
        if entry is None:
            return WriteStatus("gone")
        if entry.dead_reason is not None:
            return WriteStatus("dead", reason=entry.dead_reason)
        return WriteStatus("queued", reason=entry.last_error)

    async def wait(self, key: str) -> Any:
        """The server's answer once it has the write; ``SyncError`` if it refused it."""
        if key in self._answers:
            return self._answers[key]
        if key in self._refused:
            raise SyncError(self._refused[key])
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(key, []).append(future)
        return await future
