"""Running one ``nuit-tui`` command line: language, parsing, dispatch, and the one-line errors.

Exit codes: 0 done (or queued), 1 error, 2 usage, 130 interrupted. An error is one
line on stderr, never a traceback (``NUIT_DEBUG=1`` shows it, for bug reports).
"""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from nuittui.i18n import _, set_language

from .output import err
from .parser import PROG, UsageError, build_parser, group_of

__all__ = ["HANDLERS", "guarded", "run"]

HANDLERS: dict[str, str] = {
    "login": "account:login",
    "logout": "account:logout",
    "swap.post": "swap_post:run",
    "swap.list": "swaps:list_swaps",
    "swap.show": "swaps:show",
    "swap.claim": "swaps:act",
    "swap.release": "swaps:act",
    "swap.cancel": "swaps:act",
    "swap.reopen": "swaps:act",
    "swap.resolve": "swaps:act",
    "chat.send": "chat:send",
    "chat.read": "chat:read",
    "team.list": "team:list_projects",
    "team.join": "team:join",
    "team.leave": "team:leave",
    "team.update": "team:update",
    "team.looking": "team:looking",
    "org.announce": "org:announce",
    "org.move": "org:move",
    "org.hide": "org:hide",
    "org.edit": "org:edit",
    "org.cancel": "org:edit",
    "org.remove": "org:remove",
    "org.suspend": "org:suspend",
    "org.unsuspend": "org:suspend",
    "org.recovery": "org:recovery",
    "org.event": "org_event:event",
    "schedule": "boards:schedule",
    "cities": "boards:cities",
    "status": "status:run",
    "sync": "syncing:sync",
    "outbox": "syncing:outbox",
}
"""Each command's ``module:function`` in ``nuittui.shell.commands``, imported only when it runs."""


def _language_from(argv: Sequence[str]) -> str | None:
    """``--lang`` from the command line before parsing it, so help and errors are translated."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--":
            break
    return None


def _choose_language(argv: Sequence[str]) -> None:
    language = _language_from(argv)
    if language not in ("fr", "en"):
        from nuittui.profiles.lean import lean_language, read_config

        language = lean_language(read_config())
    set_language(language)


def run(argv: Sequence[str]) -> int:
    """Run ``nuit-tui ARGV``; returns the exit code."""
    _choose_language(argv)
    parser = build_parser(group_of(argv))
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    if args.group is None:
        return guarded(lambda: open_app(args))
    if args.demo or args.reset:
        sys.stderr.write(_("{prog}: --demo and --reset open the app: they take no command", prog=PROG) + "\n")
        return 2
    return guarded(lambda: dispatch(args))


def dispatch(args: argparse.Namespace) -> int:
    """Run the command ``args.command``."""
    module_name, _sep, function = HANDLERS[args.command].partition(":")
    module = importlib.import_module(f"nuittui.shell.commands.{module_name}")
    return int(getattr(module, function)(args))


def open_app(args: argparse.Namespace) -> int:
    """No command: the Textual app (imported only now), or the demo with ``--demo``.

    The garbage collector waits while the app loads: loading makes no garbage worth a pass, and
    the passes cost a tenth of a second. The app turns it back on after its first paint.
    """
    gc.disable()
    try:
        try:
            app = importlib.import_module("nuittui.app")
        except ModuleNotFoundError as error:
            if error.name != "nuittui.app":
                raise
            err(_("the app is not built yet; the shell commands work: see nuit-tui --help"))
            return 1
        code = app.run(profile=args.profile, demo=args.demo, reset=args.reset, lang=args.lang)
        return int(code or 0)
    finally:
        gc.enable()


def guarded(command: Callable[[], int]) -> int:
    """Run ``command``; any failure becomes one line on stderr and an exit code."""
    try:
        return command()
    except KeyboardInterrupt:
        err(_("interrupted"))
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python from complaining at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
    except Exception as error:
        if os.environ.get("NUIT_DEBUG"):
            raise
        err(describe(error))
        return 1


def describe(error: BaseException) -> str:
    """One line for people about ``error``."""
    # Only modules already loaded can have raised their errors: checking costs no import.
    client = sys.modules.get("nuittui.client")
    if client is not None and isinstance(error, client.ClientError):
        return str(error.message)
    known = [sys.modules.get(name) for name in ("nuittui.profiles.errors", "nuittui.sync.errors")]
    for module, base in zip(known, ("ProfileError", "SyncError"), strict=True):
        if module is not None and isinstance(error, getattr(module, base)):
            return str(error)
    cache_errors = sys.modules.get("nuittui.cache.errors")
    if cache_errors is not None and isinstance(error, cache_errors.CacheError):
        return str(error)
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return _("the disk is full: nothing was saved")
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    return _("unexpected error ({kind}): {error}", kind=type(error).__name__, error=str(error))
