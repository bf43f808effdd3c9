"""Applying what the server sends: one cache write per batch, outbox confirmations, claim notices.

These functions do blocking file I/O; the engine runs them in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable

from nuittui.cache import ApplyResult, LocalCache, Outbox
from nuittui.models import SwapStatus, SyncBatch
from nuittui.readmodel.board import swap_detail

from .views import ClaimedSwap

__all__ = ["apply_batch", "claimed_swaps", "confirm_keys"]


def apply_batch(
    cache: LocalCache,
    outbox: Outbox,
    batch: SyncBatch,
    me: str | None,
    then: Callable[[ApplyResult], object] | None = None,
) -> tuple[ApplyResult, list[ClaimedSwap]]:
    """Save ``batch`` (one write), drop the outbox entries its events confirm, find my claimed swaps.
    ``then``: run with the result before any reader of the cache sees it."""
    result = cache.apply(batch, then)
    confirm_keys(outbox, result.confirmed_keys)
    return result, claimed_swaps(cache, result, me)


def confirm_keys(outbox: Outbox, keys: set[str]) -> int:
    """Settle the outbox entries whose key an event carried: the server has them even if our
    POST's answer was lost, or was garbage often enough to make a dead letter of them.
    Returns how many were still in the outbox."""
    return outbox.confirm(keys)


def claimed_swaps(cache: LocalCache, result: ApplyResult, me: str | None) -> list[ClaimedSwap]:
    """My swaps whose status just went to claimed, with the helper when the cache knows them.

    A swap first seen already claimed counts, except in a reset: the whole state
    arriving at once is not news.
    """
    if me is None:
        return []
    found = []
    for swap_id, change in sorted(result.swap_status_changes.items()):
        if change.after is not SwapStatus.CLAIMED or change.before is SwapStatus.CLAIMED:
            continue
        if change.before is None and result.reset:
            continue
        detail = swap_detail(cache, me, (), swap_id)
        swap = detail.swap
        if swap is None or swap.author != me or swap.claimed_by is None:
            continue
        found.append(ClaimedSwap(swap, detail.helper_name, detail.helper_city))
    return found
