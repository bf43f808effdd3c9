"""The embedded demo: ``nuit-tui --demo`` on a fresh machine, with nothing else running.

- ``run_demo(reset)``: everything below, as one (sync or async) context manager;
- ``DemoServer``: the reference server in-process on 127.0.0.1 and a free port,
  over a seeded sandbox database (``nuittui.demo.sandbox``);
- ``ensure_demo_participant``: registers "Vous (démo)" and saves the ``demo`` profile;
- ``Simulator``: the seeded people of the other cities, chatting, posting progress
  and swaps, and helping with the demo participant's swaps.

This package never imports textual: the app imports the demo, not the reverse.
Importing it is cheap and works without the ``server`` extra; the names that need
the server are loaded on first use, and raise ``DemoUnavailable`` when it is missing.
``sandbox`` loads no model either: the app reads it before its first paint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import DemoCancelled, DemoError, DemoUnavailable, require_server_extra
from .sandbox import DEMO_PROFILE, demo_db_path

if TYPE_CHECKING:
    from .participant import ensure_demo_participant, ensure_demo_participant_async
    from .runtime import DemoRuntime, DemoSession, run_demo
    from .server import DemoServer
    from .simulator import Simulator

__all__ = [
    "DEMO_PROFILE",
    "DemoCancelled",
    "DemoError",
    "DemoRuntime",
    "DemoServer",
    "DemoSession",
    "DemoUnavailable",
    "Simulator",
    "demo_db_path",
    "ensure_demo_participant",
    "ensure_demo_participant_async",
    "require_server_extra",
    "run_demo",
]

_NEED_THE_SERVER = {
    "DemoServer": ".server",
    "Simulator": ".simulator",
    "ensure_demo_participant": ".participant",
    "ensure_demo_participant_async": ".participant",
}


_LOADED_ON_USE = {"DemoRuntime": ".runtime", "DemoSession": ".runtime", "run_demo": ".runtime"}
"""Loaded when first used, as they load the profiles' models (pydantic): not before a first paint."""


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_USE.get(name)
    if module is None:
        module = _NEED_THE_SERVER.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        require_server_extra()
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
