"""In-memory token buckets: per token digest for writes, per IP for registering."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class TokenBuckets:
    """Many token buckets of one shape, keyed by any string; thread-safe."""

    _MAX_KEYS = 100_000

    def __init__(self, *, burst: float, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.rate = rate
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill time)

    def _level(self, key: str, now: float) -> float:
        tokens, last = self._buckets.get(key, (self.burst, now))
        return min(self.burst, tokens + (now - last) * self.rate)

    def take(self, key: str, cost: float = 1.0) -> float | None:
        """Spend ``cost`` tokens of ``key``; None when allowed, else seconds to wait (at least 1)."""
        with self._lock:
            now = self._clock()
            tokens = self._level(key, now)
            if tokens < cost:
                self._buckets[key] = (tokens, now)
                return float(max(1, math.ceil((cost - tokens) / self.rate)))
            self._buckets[key] = (tokens - cost, now)
            if len(self._buckets) > self._MAX_KEYS:
                self._forget_full(now)
            return None

    def blocked(self, key: str) -> float | None:
        """Seconds until ``key`` has a whole token again, without spending one; None when it has."""
        with self._lock:
            tokens = self._level(key, self._clock())
        if tokens >= 1:
            return None
        return float(max(1, math.ceil((1 - tokens) / self.rate)))

    def _forget_full(self, now: float) -> None:
        # A full bucket holds no information: dropping it keeps memory bounded.
        for key in [k for k in self._buckets if self._level(k, now) >= self.burst]:
            del self._buckets[key]
