"""The rate limiters of one app, built from its settings."""

from __future__ import annotations

from dataclasses import dataclass

from .ratelimit import TokenBuckets
from .settings import ServerSettings


@dataclass(frozen=True)
class RateLimits:
    """Writes per token, registrations per IP, wrong join codes per IP."""

    writes: TokenBuckets
    registrations: TokenBuckets
    bad_codes: TokenBuckets

    @classmethod
    def from_settings(cls, settings: ServerSettings) -> RateLimits:
        """Buckets shaped by ``settings``."""
        return cls(
            writes=TokenBuckets(burst=settings.write_burst, rate=settings.write_rate),
            registrations=TokenBuckets(burst=settings.register_burst, rate=settings.register_rate),
            bad_codes=TokenBuckets(burst=settings.bad_code_burst, rate=settings.bad_code_rate),
        )
