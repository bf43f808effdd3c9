"""The sync hub: an in-memory tail of committed events, and the wake-up of waiting polls.

Writes commit in worker threads; polls wait on event loops. ``publish`` is
called by the store right after a commit (still under its writer lock, so
events arrive in ``seq`` order) and wakes every loop with waiting polls
through ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import orjson


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One committed event, kept as its ready-to-send JSON."""

    seq: int
    json: bytes


def event_json(seq: int, type_: str, data_json: str | bytes, key: str | None) -> bytes:
    """The JSON of a ``SyncEvent``, built around the stored ``data`` without re-parsing it."""
    data = data_json.encode() if isinstance(data_json, str) else data_json
    return b'{"seq":%d,"type":%s,"data":%s,"key":%s}' % (
        seq,
        orjson.dumps(type_),
        data,
        orjson.dumps(key),
    )


def batch_json(cursor: int, events: list[bytes], has_more: bool) -> bytes:
    """The JSON of a non-reset ``SyncBatch`` around ready event JSON (no model, no re-parsing)."""
    return b'{"cursor":%d,"events":[%s],"has_more":%s,"reset":false,"snapshot":null}' % (
        cursor,
        b",".join(events),
        b"true" if has_more else b"false",
    )


@dataclass(frozen=True, slots=True)
class TailRead:
    """Events after a cursor, from the tail buffer."""

    events: list[bytes]
    cursor: int
    has_more: bool


class SyncHub:
    """Keeps the last ``capacity`` events and wakes polls waiting for the next ones."""

    def __init__(self, *, last_seq: int, capacity: int) -> None:
        self._lock = threading.Lock()
        self._capacity = capacity
        self._seqs: list[int] = []
        self._jsons: list[bytes] = []
        self._floor = last_seq  # every event with seq > floor is in the buffer
        self._last_seq = last_seq
        self._waiters: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        self._closing = False

    @property
    def closing(self) -> bool:
        """True once the server stops: polls answer what they have instead of waiting."""
        return self._closing

    def close(self) -> None:
        """The server is stopping: release every waiting poll now, and let none wait again.

        Otherwise a waiting long poll holds the shutdown (Ctrl+C) until its timeout.
        """
        with self._lock:
            self._closing = True
            loops = list(self._waiters)
        for loop in loops:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits there any more
                loop.call_soon_threadsafe(self._wake, loop)

    @property
    def last_seq(self) -> int:
        """The highest sequence number ever published (or found in the database at start)."""
        return self._last_seq

    def publish(self, records: Iterable[EventRecord]) -> None:
        """Append committed events (ascending ``seq``) and wake the polls."""
        added = False
        with self._lock:
            for record in records:
                if record.seq <= self._last_seq:
                    continue
                self._seqs.append(record.seq)
                self._jsons.append(record.json)
                self._last_seq = record.seq
                added = True
            if len(self._seqs) > 2 * self._capacity:
                # Trim in bulk so appends stay amortised O(1).
                cut = len(self._seqs) - self._capacity
                self._floor = self._seqs[cut - 1]
                del self._seqs[:cut]
                del self._jsons[:cut]
            loops = list(self._waiters) if added else []
        for loop in loops:
            try:
                loop.call_soon_threadsafe(self._wake, loop)
            except RuntimeError:  # that loop is closed: nobody waits there any more
                with self._lock:
                    self._waiters.pop(loop, None)

    def read(self, since: int, limit: int) -> TailRead | None:
        """Events with ``seq > since``, or None when the buffer no longer holds all of them."""
        with self._lock:
            if since < self._floor:
                return None
            start = bisect.bisect_right(self._seqs, since)
            chunk = self._jsons[start : start + limit]
            has_more = start + limit < len(self._seqs)
            cursor = self._seqs[start + len(chunk) - 1] if chunk else since
        return TailRead(events=chunk, cursor=cursor, has_more=has_more)

    def waiter(self) -> asyncio.Event:
        """The event the running loop's polls wait on; set at the next publish.

        Take it BEFORE reading the buffer: a publish between the read and the
        wait then still wakes the poll.
        """
        loop = asyncio.get_running_loop()
        with self._lock:
            event = self._waiters.get(loop)
            if event is None:
                event = self._waiters[loop] = asyncio.Event()
        return event

    def _wake(self, loop: asyncio.AbstractEventLoop) -> None:
        # Runs on ``loop``: hand out a fresh event to later polls, release the current ones.
        with self._lock:
            event = self._waiters.pop(loop, None)
        if event is not None:
            event.set()


async def poll_tail(hub: SyncHub, since: int, limit: int, deadline: float) -> TailRead | None:
    """Events after ``since`` from the tail, waiting for a commit until ``deadline`` (loop time).

    Answers an empty read at the deadline, and None when the tail no longer holds
    every event after ``since`` (the caller reads the database instead).
    """
    loop = asyncio.get_running_loop()
    while True:
        woken = hub.waiter()  # taken before reading, so a commit in between still wakes us
        tail = hub.read(since, limit)
        if tail is None or tail.events:
            return tail
        remaining = deadline - loop.time()
        if remaining <= 0 or hub.closing:
            return tail
        try:
            async with asyncio.timeout(remaining):
                await woken.wait()
        except TimeoutError:
            return hub.read(since, limit)
