"""Reconnection delays: exponential, capped, with jitter so a venue's laptops do not reconnect in step.

The cap is low on purpose: when the venue's wifi or the server comes back, the app
must be back online within about 3 s, not after a long wait it cannot explain. A
failed try against an unreachable server costs one refused connection every
second or two per laptop, which a city server does not feel.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["Backoff"]


@dataclass(slots=True)
class Backoff:
    """Delays after consecutive failures: ``base``, ``2·base``, ``4·base``… up to ``cap``, jittered.

    Each delay is drawn from [d/2, d] ("equal jitter"): never zero, so a dead
    server is not hammered, and spread out across clients.
    """

    base: float = 0.5
    cap: float = 2.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self, at_least: float | None = None) -> float:
        """The wait before the next try, counting one more failure; ``at_least`` is a server's hint."""
        ceiling = min(self.cap, self.base * 2.0 ** min(self.failures, 30))
        self.failures += 1
        delay = ceiling / 2 + self.rng.uniform(0.0, ceiling / 2)
        return max(delay, at_least or 0.0)

    def reset(self) -> None:
        """The link works again: the next failure starts from ``base``."""
        self.failures = 0
