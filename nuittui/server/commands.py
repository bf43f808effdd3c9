"""The organizers' commands of ``nuit-server``: check, import, schedule import, export, backup.

Registered by ``cli.build_parser``; each reads the event file or the database the
way the server does, and reports problems as lines on stderr (exit 1), never a
traceback. The writes commit to the database file; a server serving it publishes
them to every connected app at once (``watch.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .clierror import CliError

if TYPE_CHECKING:
    from .store import Store
    from .store.edition import Edition, Plan

DbOption = Callable[[argparse.ArgumentParser], None]


def _open_store(db: Path) -> Store:
    from .store import Store, StoreError

    try:
        return Store.open(db)
    except StoreError as exc:
        raise CliError(str(exc)) from None


def read_edition(path: Path, *, changing: bool = True) -> Edition:
    """The checked event file, or its problems on stderr and a ``CliError``."""
    from .eventfile import EventFileInvalidError, load_edition

    try:
        return load_edition(path)
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    except EventFileInvalidError as exc:
        for problem in exc.problems:
            print(problem.render(path), file=sys.stderr)
        count = len(exc.problems)
        tail = "; nothing was changed" if changing else ""
        raise CliError(f"{path}: {count} problem{'s' if count > 1 else ''}{tail}") from None


def count(number: int, one: str, many: str) -> str:
    """``1 city``, ``3 cities``: the operators read these lines."""
    return f"{number} {one if number == 1 else many}"


def describe(edition: Edition) -> str:
    """``Nuit du Code Citoyen 2026: 3 cities, 6 themes, 12 projects, 24 schedule items``."""
    event = edition.event
    return (
        f"{event.name}: {count(len(event.cities), 'city', 'cities')},"
        f" {count(len(event.themes), 'theme', 'themes')},"
        f" {count(len(edition.projects), 'project', 'projects')},"
        f" {count(len(edition.schedule), 'schedule item', 'schedule items')}"
    )


# ---- check ---------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    """Check an event file; print every problem as ``FILE:LINE: message``."""
    edition = read_edition(args.file, changing=False)
    print(f"{args.file}: ok — {describe(edition)}")
    return 0


# ---- import --------------------------------------------------------------------------------------


def _print_plan(plan: Plan, *, dry_run: bool) -> None:
    for change in plan.changes:
        print(change.line())
    counts: dict[str, int] = {}
    for change in plan.changes:
        counts[change.action] = counts.get(change.action, 0) + 1
    if not plan.changed:
        print("nothing to change")
        return
    summary = ", ".join(
        f"{counts.get(action, 0)} {word}"
        for action, word in (("add", "added"), ("update", "updated"), ("delete", "deleted"))
    )
    print(f"{'would change' if dry_run else 'changed'}: {summary}")


def cmd_import(args: argparse.Namespace) -> int:
    """Apply a changed event file to a database, live or not."""
    from .store.edition import EditionRefusedError

    if args.file.suffix.lower() == ".json":
        raise CliError(
            f"{args.file}: import takes the TOML event file (docs/event-file.md); a bare JSON event"
            " is for init only"
        )
    edition = read_edition(args.file)
    store = _open_store(args.db)
    try:
        if args.dry_run:
            plan = store.plan_edition(edition, prune=args.prune)
        else:
            plan = store.apply_edition(edition, prune=args.prune)
    except EditionRefusedError as exc:
        for refusal in exc.plan.refusals:
            print(f"{args.file}: refused: {refusal}", file=sys.stderr)
        raise CliError("nothing was changed") from None
    finally:
        store.close()
    if args.dry_run and plan.refusals:
        _print_plan(plan, dry_run=True)
        for refusal in plan.refusals:
            print(f"{args.file}: refused: {refusal}", file=sys.stderr)
        return 1
    _print_plan(plan, dry_run=args.dry_run)
    return 0


# ---- schedule import -----------------------------------------------------------------------------


def cmd_schedule_import(args: argparse.Namespace) -> int:
    """Import a frab/pretalx JSON or an iCalendar file into the global schedule or one city's."""
    from .schedule_formats import ScheduleFileError, read_schedule_file

    store = _open_store(args.db)
    try:
        event = store.event()
        if args.city is not None and args.city not in {c.id for c in event.cities}:
            known = ", ".join(c.id for c in event.cities)
            raise CliError(f"unknown city {args.city!r}; the event's cities are: {known}")
        try:
            found = read_schedule_file(args.file, event, args.city)
        except ScheduleFileError as exc:
            raise CliError(str(exc)) from None
        report = store.import_schedule(found.items, dry_run=args.dry_run)
    finally:
        store.close()
    skipped = found.skipped + report.skipped
    for title, why in skipped:
        print(f"skipped: {title}: {why}")
    target = f"{args.city}'s schedule" if args.city else "the global schedule"
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{verb} {args.file} ({found.format}) into {target}: {report.added} added, {report.updated} updated,"
        f" {report.unchanged} unchanged, {len(skipped)} skipped"
    )
    return 0


# ---- export and backup ---------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    """Write the results (projects, people, swaps, per-city summary) as CSV or JSON files."""
    from .exports import export_results

    store = _open_store(args.db)
    try:
        written = export_results(store, args.dir, fmt=args.format)
    except OSError as exc:
        raise CliError(f"cannot write to {args.dir}: {exc.strerror}") from None
    finally:
        store.close()
    for path, rows in written:
        print(f"{path}: {rows} rows")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy a consistent snapshot of a (possibly served) database, check it, print its counts."""
    from .backup import BackupError, backup_database

    try:
        result = backup_database(args.db, args.out, force=args.force)
    except BackupError as exc:
        raise CliError(str(exc)) from None
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    print(f"backed up {args.db} to {args.out} (integrity ok, {result.size} bytes): {counts}")
    return 0


# ---- registering ---------------------------------------------------------------------------------


def add_commands(commands: Any, db_option: DbOption) -> None:
    """Add check, import, schedule import, export and backup to ``nuit-server``'s subcommands."""
    check = commands.add_parser("check", help="check an event file (every problem as FILE:LINE)")
    check.add_argument("file", type=Path, metavar="FILE", help="the event file (TOML)")
    check.set_defaults(run=cmd_check)

    imp = commands.add_parser("import", help="apply a changed event file to a database (live or not)")
    imp.add_argument("file", type=Path, metavar="FILE", help="the event file (TOML)")
    db_option(imp)
    imp.add_argument(
        "--prune",
        action="store_true",
        help="also delete what came from the file and is no longer in it (never a project in use)",
    )
    imp.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    imp.set_defaults(run=cmd_import)

    schedule = commands.add_parser("schedule", help="import a schedule (frab/pretalx JSON, iCalendar)")
    schedule_commands = schedule.add_subparsers(dest="schedule_command", required=True, metavar="COMMAND")
    sched_import = schedule_commands.add_parser(
        "import", help="add or update items from a frab/pretalx schedule JSON or an .ics file"
    )
    sched_import.add_argument("file", type=Path, metavar="FILE", help="schedule.json or calendar.ics")
    sched_import.add_argument("--city", metavar="ID", help="into this city's schedule (default: global)")
    db_option(sched_import)
    sched_import.add_argument(
        "--dry-run", action="store_true", help="print what would change, change nothing"
    )
    sched_import.set_defaults(run=cmd_schedule_import)

    export = commands.add_parser("export", help="write the results: projects, people, swaps, per city")
    export.add_argument("dir", type=Path, metavar="DIR", help="the folder to write (created if needed)")
    db_option(export)
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="file format (default csv)")
    export.set_defaults(run=cmd_export)

    backup = commands.add_parser("backup", help="copy a consistent snapshot, even while serving")
    backup.add_argument("out", type=Path, metavar="OUT", help="the backup file to write (0600)")
    db_option(backup)
    backup.add_argument("--force", action="store_true", help="replace OUT if it exists")
    backup.set_defaults(run=cmd_backup)
