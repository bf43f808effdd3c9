"""The local cache and the outbox: what the app reads offline, and what it still has to send.

Storage only: this package imports the contract (``nuittui.models``), tinydb,
orjson and filelock, never the HTTP client, the sync engine or the UI.
"""

from .errors import CacheBusyError, CacheError, CacheWriteError, CorruptCacheError
from .folder import DEFAULT_HISTORY
from .layout import FORMAT_VERSION
from .outbox import OUTBOX_FILE, Outbox, OutboxEntry, backoff_ceiling
from .result import KINDS, ApplyResult, SwapStatusChange
from .storage import AtomicJSONStorage
from .store import LocalCache

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
    "SwapStatusChange",
    "backoff_ceiling",
]
