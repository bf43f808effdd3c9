"""The sync engine: the one façade the app and the shell use to read and write the event.

    engine = SyncEngine.from_profile(resolve_profile())
    async with engine:                       # pull (long poll) + drain (outbox) in the background
        board_view(engine.rows(), engine.handle, engine.unconfirmed())  # reads: the read model's inputs
        await engine.post_swap(SwapCreate(title="segfault in numpy"))  # writes: durable, then sent
        engine.subscribe(on_change)          # Changed(state, result, claimed_swaps) after each apply

Layering: imports the client, the cache, the models, the read model, the profiles and i18n, never
textual. Names load on first use, so the shell's fast paths can import the small
pure modules (``kinds``, ``markers``, ``first_paint``) without the engine's weight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nuittui._lazy import lazy_exports

if TYPE_CHECKING:
    from .backoff import Backoff
    from .engine import SyncEngine
    from .errors import CityRequired, InvalidWrite, NotLoggedIn, SyncError
    from .registration import fetch_event, register
    from .state import ConnectionState
    from .views import (
        Changed,
        ClaimedSwap,
        DrainSummary,
        History,
        SyncSummary,
        WriteStatus,
    )

_EXPORTS = {
    "Backoff": "backoff",
    "History": "views",
    "SyncEngine": "engine",
    "CityRequired": "errors",
    "InvalidWrite": "errors",
    "NotLoggedIn": "errors",
    "SyncError": "errors",
    "fetch_event": "registration",
    "register": "registration",
    "Changed": "views",
    "ClaimedSwap": "views",
    "ConnectionState": "state",
    "DrainSummary": "views",
    "SyncSummary": "views",
    "WriteStatus": "views",
}

__all__ = [
    "Backoff",
    "Changed",
    "CityRequired",
    "ClaimedSwap",
    "ConnectionState",
    "DrainSummary",
    "History",
    "InvalidWrite",
    "NotLoggedIn",
    "SyncEngine",
    "SyncError",
    "SyncSummary",
    "WriteStatus",
    "fetch_event",
    "register",
]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
