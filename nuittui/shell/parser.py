"""The command line of ``nuit-tui``: argparse subcommands, with one-line usage errors (exit 2)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from nuittui.i18n import _

__all__ = ["GROUPS", "PROG", "ShellParser", "UsageError", "build_parser", "group_of"]

PROG = "nuit-tui"
SWAP_STATUSES = ("open", "claimed", "resolved", "cancelled", "pending")
STAGES = ("exploring", "building", "testing", "demo_ready")


class UsageError(Exception):
    """A bad command line; ``str()`` is the one line to show, exit code 2."""


class ShellParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, never the whole usage block."""

    def error(self, message: str) -> NoReturn:
        """Raise ``UsageError`` instead of printing the usage and exiting."""
        raise UsageError(_("{prog}: {message} (see {prog} --help)", prog=self.prog, message=message))

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        """Let ``--help`` print and stop, but through ``SystemExit`` the caller turns into a code."""
        if message:
            sys.stderr.write(message)
        raise SystemExit(status)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {value}", value=value)) from None
    if number < 1:
        raise argparse.ArgumentTypeError(_("must be 1 or more: {value}", value=value))
    return number


def _rating(value: str) -> int:
    number = _positive(value)
    if number > 5:
        raise argparse.ArgumentTypeError(_("a rating is 1 to 5: {value}", value=value))
    return number


def _common() -> ShellParser:
    """Options every command accepts after its name too (``nuit-tui swap list --profile lyon``)."""
    common = ShellParser(add_help=False)
    common.add_argument(
        "--profile", default=argparse.SUPPRESS, metavar="NAME", help=_("the profile (server) to use")
    )
    return common


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of text"))


GROUPS = ("login", "logout", "swap", "chat", "team", "schedule", "cities", "status", "sync", "outbox", "org")
_GLOBAL_WITH_VALUE = ("--profile", "--lang")


def group_of(argv: Sequence[str]) -> str | None:
    """The command group ``argv`` asks for (``swap`` in ``--profile x swap post …``), if it names one.

    None for a help request before it, or anything unusual: the whole parser then answers.
    """
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in _GLOBAL_WITH_VALUE:
            index += 2
        elif arg.startswith(tuple(f"{option}=" for option in _GLOBAL_WITH_VALUE)) or arg in (
            "--demo",
            "--reset",
        ):
            index += 1
        else:
            return arg if arg in GROUPS else None
    return None


def build_parser(only: str | None = None) -> ShellParser:
    """The command line; each leaf sets ``command`` to a dotted name such as ``swap.post``.

    ``only`` builds just that command group: a command starts faster without the others.
    """
    common = [_common()]
    parser = ShellParser(
        prog=PROG,
        description=_("The Nuit du Code Citoyen in your terminal. Without a command, opens the app."),
    )
    parser.add_argument("--profile", metavar="NAME", help=_("the profile (server) to use"))
    parser.add_argument("--lang", choices=("fr", "en"), help=_("the language of the interface"))
    parser.add_argument("--demo", action="store_true", help=_("open the app on a demo event, offline"))
    parser.add_argument("--reset", action="store_true", help=_("with --demo: start the demo afresh"))
    commands = parser.add_subparsers(dest="group", metavar="COMMAND", parser_class=ShellParser)
    for name in GROUPS if only is None else (only,):
        _BUILDERS[name](commands, common)
    return parser


def _login_commands(commands: Any, common: list[ShellParser]) -> None:
    login = commands.add_parser("login", parents=common, help=_("register on a city server"))
    login.add_argument("url", metavar="URL", help=_("the city server's address"))
    how = login.add_mutually_exclusive_group(required=True)
    how.add_argument("--code", help=_("the venue's join code"))
    how.add_argument("--token", metavar="TOKEN", help=_("sign in with a token you already have"))
    how.add_argument("--recover", metavar="CODE", help=_("sign in again with a recovery code"))
    login.add_argument("--handle", help=_("your handle, e.g. ada"))
    login.add_argument("--name", help=_("your display name (default: the handle)"))
    login.add_argument("--city", help=_("your city's id (needed when the event has several)"))
    login.add_argument("--skills", default="", help=_("your skills, comma-separated: python,design"))
    login.set_defaults(command="login")


def _logout_commands(commands: Any, common: list[ShellParser]) -> None:
    logout = commands.add_parser("logout", parents=common, help=_("log out and forget the token"))
    logout.set_defaults(command="logout")


def _schedule_commands(commands: Any, common: list[ShellParser]) -> None:
    schedule = commands.add_parser("schedule", parents=common, help=_("the schedule of your city"))
    schedule.add_argument("--now", action="store_true", help=_("only now, next and the jury countdown"))
    shape = schedule.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    shape.add_argument(
        "--ics",
        action="store_true",
        help=_("print an iCalendar file for your phone's calendar: your city's items and everyone's"),
    )
    schedule.set_defaults(command="schedule")


def _cities_commands(commands: Any, common: list[ShellParser]) -> None:
    cities = commands.add_parser("cities", parents=common, help=_("every city's progress"))
    _json(cities)
    cities.set_defaults(command="cities")


def _status_commands(commands: Any, common: list[ShellParser]) -> None:
    status = commands.add_parser("status", parents=common, help=_("your status: connection, swaps, mentions"))
    status.add_argument("--line", action="store_true", help=_("one short line for tmux or a prompt"))
    _json(status)
    status.set_defaults(command="status")


def _sync_commands(commands: Any, common: list[ShellParser]) -> None:
    sync = commands.add_parser("sync", parents=common, help=_("send queued writes, then fetch news"))
    _json(sync)
    sync.set_defaults(command="sync")


def _outbox_commands(commands: Any, common: list[ShellParser]) -> None:
    outbox = commands.add_parser("outbox", parents=common, help=_("writes waiting to be sent, or refused"))
    action = outbox.add_mutually_exclusive_group()
    action.add_argument("--retry", metavar="KEY", help=_("queue a refused write again"))
    action.add_argument("--discard", metavar="KEY", help=_("forget a refused write"))
    action.add_argument(
        "--acknowledge",
        action="store_true",
        help=_("stop reporting a damaged outbox file (its copy is kept)"),
    )
    _json(outbox)
    outbox.set_defaults(command="outbox")


def _swap_commands(commands: Any, common: list[ShellParser]) -> None:
    swap = commands.add_parser("swap", help=_("bug swaps: ask for help, or help"))
    actions = swap.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=ShellParser)

    post = actions.add_parser("post", parents=common, help=_("ask for help (piped output goes in the body)"))
    post.add_argument("title", metavar="TITLE", help=_("what is wrong, in one line"))
    post.add_argument("--tag", action="append", default=[], metavar="TAG", help=_("a tag (repeat it)"))
    post.add_argument("--project", type=_positive, metavar="ID", help=_("your project's id"))
    post.add_argument("--body", metavar="TEXT", help=_("details; - reads them from stdin"))
    post.add_argument("--where", default="", metavar="PLACE", help=_("where to find you in the venue"))
    post.add_argument("--wait", action="store_true", help=_("wait until someone claims it"))
    post.set_defaults(command="swap.post")

    listing = actions.add_parser("list", parents=common, help=_("list swaps, newest first"))
    listing.add_argument("--status", choices=SWAP_STATUSES, help=_("only swaps in this state"))
    listing.add_argument("--city", metavar="CITY", help=_("only swaps asked from this city"))
    listing.add_argument("--tag", metavar="TAG", help=_("only swaps with this tag"))
    listing.add_argument("--mine", action="store_true", help=_("only my swaps"))
    _json(listing)
    listing.set_defaults(command="swap.list")

    show = actions.add_parser("show", parents=common, help=_("one swap, its body and its thread"))
    show.add_argument("id", type=_positive, metavar="ID")
    _json(show)
    show.set_defaults(command="swap.show")

    helps = {
        "claim": _("offer to help on a swap"),
        "release": _("give back a swap you claimed"),
        "cancel": _("withdraw your swap"),
        "reopen": _("open your swap again"),
    }
    for name, text in helps.items():
        sub = actions.add_parser(name, parents=common, help=text)
        sub.add_argument("id", type=_positive, metavar="ID")
        sub.set_defaults(command=f"swap.{name}")

    resolve = actions.add_parser("resolve", parents=common, help=_("close your swap as solved"))
    resolve.add_argument("id", type=_positive, metavar="ID")
    resolve.add_argument("--thanks", default="", metavar="TEXT", help=_("a thank-you for your helper"))
    resolve.add_argument("--rating", type=_rating, metavar="N", help=_("how helpful, 1 to 5"))
    resolve.set_defaults(command="swap.resolve")


def _chat_commands(commands: Any, common: list[ShellParser]) -> None:
    chat = commands.add_parser("chat", help=_("read and write chat channels"))
    actions = chat.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=ShellParser)

    send = actions.add_parser("send", parents=common, help=_("post a message (- reads it from stdin)"))
    send.add_argument("channel", metavar="CHANNEL", help=_("all, city:ID, team:N or swap:N"))
    send.add_argument("text", metavar="TEXT")
    send.set_defaults(command="chat.send")

    read = actions.add_parser("read", parents=common, help=_("the latest messages of a channel"))
    read.add_argument("channel", metavar="CHANNEL", help=_("all, city:ID, team:N or swap:N"))
    read.add_argument("--limit", type=_positive, default=20, metavar="N", help=_("how many (default 20)"))
    _json(read)
    read.set_defaults(command="chat.read")


def _team_commands(commands: Any, common: list[ShellParser]) -> None:
    team = commands.add_parser(
        "team", help=_("your project's team: join, leave, post progress, look for members")
    )
    actions = team.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=ShellParser)

    listing = actions.add_parser("list", parents=common, help=_("the projects and their teams (ids to join)"))
    where = listing.add_mutually_exclusive_group()
    where.add_argument("--city", metavar="CITY", help=_("this city's projects (default: yours)"))
    where.add_argument("--all", action="store_true", help=_("every city's projects"))
    listing.add_argument("--looking", action="store_true", help=_("only teams looking for members"))
    _json(listing)
    listing.set_defaults(command="team.list")

    join = actions.add_parser("join", parents=common, help=_("join a project's team"))
    join.add_argument("project", type=_positive, metavar="PROJECT", help=_("the project's id"))
    join.set_defaults(command="team.join")

    leave = actions.add_parser("leave", parents=common, help=_("leave your team"))
    leave.set_defaults(command="team.leave")

    update = actions.add_parser("update", parents=common, help=_("post your team's progress"))
    update.add_argument("text", metavar="TEXT", help=_("where you stand, in a few words"))
    update.add_argument("--stage", choices=STAGES, help=_("the team's stage (default: unchanged)"))
    update.set_defaults(command="team.update")

    looking = actions.add_parser(
        "looking", parents=common, help=_("say whether your team is looking for members")
    )
    looking.add_argument("state", choices=("on", "off"), metavar="on|off", help=_("on or off"))
    looking.set_defaults(command="team.looking")


def _org_commands(commands: Any, common: list[ShellParser]) -> None:
    org = commands.add_parser("org", help=_("organizers' tools (an organizer's profile)"))
    actions = org.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=ShellParser)

    announce = actions.add_parser("announce", parents=common, help=_("post an announcement"))
    announce.add_argument("text", metavar="TEXT", help=_("the announcement (- reads it from stdin)"))
    announce.add_argument("--city", metavar="ID", help=_("only this city's channel (default: all)"))
    announce.set_defaults(command="org.announce")

    move = actions.add_parser("move", parents=common, help=_("move a schedule item, keeping its length"))
    # ``--by -15m`` is a value, not an option.
    move._negative_number_matcher = re.compile(r"^-\d")
    move.add_argument("item", type=_positive, metavar="ITEM", help=_("the schedule item's id"))
    when = move.add_mutually_exclusive_group(required=True)
    when.add_argument("--by", metavar="SHIFT", help=_("how much later or earlier: +30m, -15m, +1h"))
    when.add_argument("--to", metavar="HH:MM", help=_("the new start, in the event's time, same day"))
    move.set_defaults(command="org.move")

    edit = actions.add_parser("edit", parents=common, help=_("change a schedule item's title, room or text"))
    edit.add_argument("item", type=_positive, metavar="ITEM", help=_("the schedule item's id"))
    edit.add_argument("--title", metavar="TEXT")
    edit.add_argument("--room", metavar="TEXT")
    edit.add_argument("--description", metavar="TEXT")
    edit.set_defaults(command="org.edit")

    cancel = actions.add_parser("cancel", parents=common, help=_("cancel a schedule item (it stays, marked)"))
    cancel.add_argument("item", type=_positive, metavar="ITEM", help=_("the schedule item's id"))
    cancel.add_argument("--restore", action="store_true", help=_("take the cancellation back"))
    cancel.set_defaults(command="org.cancel")

    remove = actions.add_parser("remove", parents=common, help=_("remove someone from a project's team"))
    remove.add_argument("project", type=_positive, metavar="PROJECT", help=_("the project's id"))
    remove.add_argument("handle", metavar="HANDLE")
    remove.add_argument("--reason", metavar="TEXT", help=_("why, for the audit log"))
    remove.set_defaults(command="org.remove")

    hide = actions.add_parser("hide", parents=common, help=_("hide a message from everyone"))
    hide.add_argument("message", type=_positive, metavar="MESSAGE_ID")
    hide.add_argument("--reason", metavar="TEXT", help=_("why, for the audit log"))
    hide.set_defaults(command="org.hide")

    for name, text in (
        ("suspend", _("suspend a participant of your city")),
        ("unsuspend", _("lift a participant's suspension")),
    ):
        sub = actions.add_parser(name, parents=common, help=text)
        sub.add_argument("handle", metavar="HANDLE")
        sub.add_argument("--reason", metavar="TEXT", help=_("why, for the audit log"))
        sub.set_defaults(command=f"org.{name}")

    recovery = actions.add_parser(
        "recovery", parents=common, help=_("a one-time code for someone who lost access")
    )
    recovery.add_argument("handle", metavar="HANDLE")
    recovery.add_argument(
        "--revoke", action="store_true", help=_("also revoke their tokens now (a lost laptop)")
    )
    recovery.set_defaults(command="org.recovery")

    event = actions.add_parser(
        "event", parents=common, help=_("change the event's name, dates, jury time or time zone")
    )
    event.add_argument("--name", metavar="TEXT", help=_("the event's new name"))
    for option, text in (
        ("--starts", _("when the event starts: HH:MM (same day) or an ISO date and time")),
        ("--ends", _("when the event ends: HH:MM (same day) or an ISO date and time")),
        ("--jury", _("the event's jury time: HH:MM (same day) or an ISO date and time")),
    ):
        event.add_argument(option, metavar="WHEN", help=text)
    event.add_argument("--timezone", metavar="ZONE", help=_("an IANA time zone, e.g. Europe/Paris"))
    event.set_defaults(command="org.event")


_BUILDERS: dict[str, Callable[[Any, list[ShellParser]], None]] = {
    "login": _login_commands,
    "logout": _logout_commands,
    "swap": _swap_commands,
    "chat": _chat_commands,
    "team": _team_commands,
    "org": _org_commands,
    "schedule": _schedule_commands,
    "cities": _cities_commands,
    "status": _status_commands,
    "sync": _sync_commands,
    "outbox": _outbox_commands,
}
