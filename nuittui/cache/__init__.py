"""The local cache and the outbox: what the app reads offline, and what it still has to send.

Storage only: this package imports the contract (``nuittui.models``), tinydb,
orjson and filelock, never the HTTP client, the sync engine or the UI.

The names below load on first use, so a process that only needs the outbox or the
file layout (``nuit-tui swap post``, ``nuit-tui status --line``) does not pay for
importing the pydantic contract.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import CacheBusyError, CacheError, CacheWriteError, CorruptCacheError
    from .folder import DEFAULT_HISTORY
    from .layout import FORMAT_VERSION
    from .outbox import OUTBOX_FILE, Outbox, OutboxEntry, backoff_ceiling
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
    "SwapStatusChange",
    "backoff_ceiling",
]


def __getattr__(name: str) -> Any:
    """Import the submodule defining ``name`` on first access (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
