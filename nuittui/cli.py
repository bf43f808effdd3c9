"""``nuit-tui``: the app (no command, or ``--demo``) and its shell twin (``nuit-tui swap post …``).

Imports stay inside ``main`` and the commands, so a shell command starts without
loading the app, and ``nuit-tui status --line`` stays fast enough for a tmux bar.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nuit-tui`` with ``argv`` (default: the process's arguments); returns the exit code.

    Without a command, opens the Textual app through ``nuittui.app.run(profile=…, demo=…,
    reset=…, lang=…)``; ``--demo`` and ``--reset`` go to it as they are.
    """
    from nuittui.shell.run import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
