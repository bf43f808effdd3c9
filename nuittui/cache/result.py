"""What an apply changed, so the UI refreshes the right views and notifies."""

from __future__ import annotations

from dataclasses import dataclass, field

from nuittui.models import SwapStatus

KINDS = ("event", "users", "projects", "progress", "swaps", "schedule", "messages")


@dataclass(frozen=True, slots=True)
class SwapStatusChange:
    """A swap whose status moved during the apply (``before`` is None for a swap new to the cache)."""

    before: SwapStatus | None
    after: SwapStatus


@dataclass(slots=True)
class ApplyResult:
    """The outcome of ``LocalCache.apply``."""

    cursor: int | None
    """The cursor saved with the data, None when nothing was applied."""
    reset: bool = False
    """The snapshot replaced the whole cache."""
    needs_reset: bool = False
    """The cache is empty (or was just found corrupt): nothing was applied, sync again without a cursor."""
    changed_kinds: set[str] = field(default_factory=set)
    """Which of ``KINDS`` changed."""
    changed_ids: dict[str, set[int | str]] = field(default_factory=dict)
    """Per kind, the ids (handles for users, channel names for messages) that changed."""
    new_messages: dict[str, list[int]] = field(default_factory=dict)
    """Per channel, the ids of messages not cached before, oldest first."""
    swap_status_changes: dict[int, SwapStatusChange] = field(default_factory=dict)
    confirmed_keys: set[str] = field(default_factory=set)
    """Idempotency keys the events carried: those outbox entries reached the server."""
    stale: int = 0
    """Events at or below the cursor already saved (applied earlier, e.g. by another process)."""
    skipped: int = 0
    """Events of a type this version does not know."""
    invalid: int = 0
    """Events whose data did not match the contract; skipped rather than failing the whole batch."""

    @property
    def changed(self) -> bool:
        """Whether anything a screen shows changed."""
        return bool(self.changed_kinds)

    def note(self, kind: str, key: int | str | None = None) -> None:
        """Record a change of ``kind`` (and of one object of it)."""
        self.changed_kinds.add(kind)
        if key is not None:
            self.changed_ids.setdefault(kind, set()).add(key)
