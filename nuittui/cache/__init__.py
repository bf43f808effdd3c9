"""The local cache and the outbox: what the app reads offline, and what it still has to send.

Storage only: this package imports the contract (``nuittui.models``), tinydb,
orjson and filelock, never the HTTP client, the sync engine or the UI.

The names below load on first use, so a process that only needs the outbox or the
file layout (``nuit-tui swap post``, ``nuit-tui status --line``) does not pay for
importing the pydantic contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nuittui._lazy import lazy_exports

if TYPE_CHECKING:
    from .errors import CacheBusyError, CacheError, CacheWriteError, CorruptCacheError
    from .folder import DEFAULT_HISTORY
    from .layout import FORMAT_VERSION
    from .outbox import OUTBOX_FILE, Outbox, OutboxEntry, OutboxRecovery, backoff_ceiling
    from .result import KINDS, ApplyResult, SwapStatusChange
    from .storage import AtomicJSONStorage
    from .store import LocalCache

_EXPORTS = {
    "CacheBusyError": "errors",
    "CacheError": "errors",
    "CacheWriteError": "errors",
    "CorruptCacheError": "errors",
    "DEFAULT_HISTORY": "folder",
    "FORMAT_VERSION": "layout",
    "OUTBOX_FILE": "outbox",
    "Outbox": "outbox",
    "OutboxEntry": "outbox",
    "OutboxRecovery": "outbox",
    "backoff_ceiling": "outbox",
    "KINDS": "result",
    "ApplyResult": "result",
    "SwapStatusChange": "result",
    "AtomicJSONStorage": "storage",
    "LocalCache": "store",
}

__all__ = [
    "DEFAULT_HISTORY",
    "FORMAT_VERSION",
    "KINDS",
    "OUTBOX_FILE",
    "ApplyResult",
    "AtomicJSONStorage",
    "CacheBusyError",
    "CacheError",
    "CacheWriteError",
    "CorruptCacheError",
    "LocalCache",
    "Outbox",
    "OutboxEntry",
    "OutboxRecovery",
    "SwapStatusChange",
    "backoff_ceiling",
]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
