"""The reset answer of ``GET /v1/sync``, cached while nothing changes."""

from __future__ import annotations

import threading

import orjson

from .store import Store


class SnapshotCache:
    """The latest reset answer, reused while no commit lands (a crowd reconnecting costs one build)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cursor = -1
        self._body = b""

    def body(self, store: Store) -> bytes:
        """A reset answer at (or after) the hub's current cursor; runs in a worker thread."""
        with self._lock:
            store.catch_up()
            if self._cursor != store.hub.last_seq:
                cursor, snapshot = store.snapshot()
                self._body = b'{"cursor":%d,"events":[],"has_more":false,"reset":true,"snapshot":%s}' % (
                    cursor,
                    orjson.dumps(snapshot.model_dump(mode="json")),
                )
                self._cursor = cursor
            return self._body
