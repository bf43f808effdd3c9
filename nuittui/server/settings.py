"""Tunable limits of the server; tests lower them to reach the edges quickly."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from nuittui.models import DEFAULT_POLL_TIMEOUT, MAX_POLL_TIMEOUT
from nuittui.models.limits import MAX_BODY_BYTES


class ServerSettings(BaseModel):
    """Rate limits, body limit, retention and long-poll bounds of one server instance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_body_bytes: int = Field(default=MAX_BODY_BYTES, ge=1)
    """Largest request body read; larger bodies answer 413."""

    write_burst: float = Field(default=30, gt=0)
    """Authenticated writes a token may send at once before being limited."""
    write_rate: float = Field(default=5.0, gt=0)
    """Writes per second refilled to each token's bucket."""
    register_burst: float = Field(default=300, gt=0)
    """Registrations one IP may send at once, right join code or wrong: a whole venue shares one
    address. The only limit a request with the right code meets."""
    register_rate: float = Field(default=5.0, gt=0)
    """Registrations per second refilled to each IP's bucket."""
    bad_code_handle_burst: float = Field(default=5, gt=0)
    """Wrong join codes one IP may send for one handle; then that handle, from that IP, is refused
    (429) before its code is even checked."""
    bad_code_handle_rate: float = Field(default=1 / 60, gt=0)
    """Wrong join codes per second forgiven to each (handle, IP): one a minute."""
    bad_code_burst: float = Field(default=100, gt=0)
    """Wrong join codes one IP may send over all handles; past it a wrong code is 429, not 403
    (a right one still registers: the neighbours who mistype do not lock the venue out)."""
    bad_code_rate: float = Field(default=0.2, gt=0)
    """Wrong join codes per second forgiven to each IP."""

    recovery_code_minutes: float = Field(default=30, gt=0)
    """How long a recovery code (``POST /v1/users/{handle}/recovery``) can be redeemed."""

    idempotency_retention_hours: float = Field(default=48, ge=24)
    """Idempotency keys are kept at least this long (the contract promises 24 h)."""
    event_retention_days: float = Field(default=7, gt=0)
    """Sync events older than this are pruned; a client behind them gets a reset."""
    max_events: int = Field(default=100_000, ge=1)
    """At most this many sync events are kept."""
    prune_interval_seconds: float = Field(default=60, ge=0)
    """How often a write also prunes old events and idempotency keys."""
    tail_events: int = Field(default=10_000, ge=1)
    """Events kept in memory to answer polls without touching the database."""

    default_poll_timeout: float = Field(default=DEFAULT_POLL_TIMEOUT, ge=0)
    max_poll_timeout: float = Field(default=MAX_POLL_TIMEOUT, ge=0)
    default_sync_limit: int = Field(default=500, ge=1)
    max_sync_limit: int = Field(default=2000, ge=1)

    latest_updates: int = Field(default=20, ge=0)
    """Team updates listed by ``GET /v1/progress``."""
    busy_timeout_ms: int = Field(default=5000, ge=0)
    """How long SQLite waits for another process's write lock."""
    external_poll_seconds: float = Field(default=0.2, ge=0)
    """How often the server checks whether another process (``nuit-server import``…) committed, to
    publish its events at once; 0 turns it off (they then wait for the next API write)."""

    @classmethod
    def unlimited(cls) -> ServerSettings:
        """Defaults without write and registration rate limits, for load tests (``serve --no-rate-limit``).

        Wrong join codes stay limited (per handle and per address): lifting that would only help
        guessing the code.
        """
        # Finite: a bucket's refill multiplies the rate by the elapsed time, which may be 0.
        huge = 1e12
        return cls(write_burst=huge, write_rate=huge, register_burst=huge, register_rate=huge)
