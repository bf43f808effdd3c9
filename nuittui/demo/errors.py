"""The demo's errors, and the check that the server's libraries are installed.

This module imports only the standard library and the translation function, so
``nuittui.demo`` can be imported (and can say what is missing) without the
``server`` extra.
"""

from __future__ import annotations

import importlib

from nuittui.i18n import _

__all__ = ["SERVER_LIBRARIES", "DemoCancelled", "DemoError", "DemoUnavailable", "require_server_extra"]

SERVER_LIBRARIES = ("fastapi", "uvicorn", "sqlalchemy")
"""What the ``server`` extra brings, and the demo needs to run the server in-process."""


class DemoError(Exception):
    """The demo cannot run; the message is one line for people."""


class DemoUnavailable(DemoError):  # noqa: N818 - the public name the app catches
    """The ``server`` extra is not installed, so there is no server to run the demo on."""


class DemoCancelled(Exception):  # noqa: N818 - what happened, not a failure to report
    """The demo's start was called off (the app quit meanwhile): what had started is stopped."""


def require_server_extra() -> None:
    """Raise ``DemoUnavailable`` unless fastapi, uvicorn and sqlalchemy can be imported."""
    for name in SERVER_LIBRARIES:
        try:
            importlib.import_module(name)
        except ImportError:
            raise DemoUnavailable(_("the demo needs the server: pip install 'nuit-tui[server]'")) from None
