"""The rate limiters of one app, built from its settings."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .ratelimit import TokenBuckets
from .settings import ServerSettings


@dataclass(frozen=True)
class RateLimits:
    """Writes per token; registrations per IP; wrong join codes per (handle, IP) and per IP."""

    writes: TokenBuckets
    registrations: TokenBuckets
    bad_codes_by_handle: TokenBuckets
    bad_codes: TokenBuckets

    @classmethod
    def from_settings(
        cls, settings: ServerSettings, *, clock: Callable[[], float] = time.monotonic
    ) -> RateLimits:
        """Buckets shaped by ``settings``, refilled by ``clock`` (seconds, monotonic)."""
        return cls(
            writes=TokenBuckets(burst=settings.write_burst, rate=settings.write_rate, clock=clock),
            registrations=TokenBuckets(
                burst=settings.register_burst, rate=settings.register_rate, clock=clock
            ),
            bad_codes_by_handle=TokenBuckets(
                burst=settings.bad_code_handle_burst, rate=settings.bad_code_handle_rate, clock=clock
            ),
            bad_codes=TokenBuckets(burst=settings.bad_code_burst, rate=settings.bad_code_rate, clock=clock),
        )
