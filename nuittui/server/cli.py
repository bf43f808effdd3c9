"""``nuit-server``: create a city database, serve it, manage organizers, show the join code and the
organizers' audit log.

Exit codes: 0 ok, 1 error (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import errno
import gc
import secrets
import socket
import sys
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

from nuittui.models import OrganizerScope, UserPublic, utcnow
from nuittui.models.limits import MAX_HEADER_BYTES, Handle, Name, Slug

from .clierror import CliError

if TYPE_CHECKING:
    from .store import Store

PROG = "nuit-server"
SHUTDOWN_GRACE_SECONDS = 3
"""On Ctrl+C, how long requests in flight (long polls above all) may still run."""
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud in a noisy room


def new_join_code() -> str:
    """A random join code that is easy to read out, e.g. ``k7mp-x3qa``."""
    letters = [secrets.choice(_CODE_ALPHABET) for _ in range(8)]
    return "".join(letters[:4]) + "-" + "".join(letters[4:])


def _check(adapter: TypeAdapter[str], value: str, what: str) -> str:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise CliError(f"invalid {what} {value!r}: {exc.errors()[0]['msg']}") from None


def _open_store(db: Path) -> Store:
    # Imported here: the server's libraries come with the ``server`` extra only.
    from .store import Store, StoreError

    try:
        return Store.open(db)
    except StoreError as exc:
        raise CliError(str(exc)) from None


# ---- init ----------------------------------------------------------------------------------


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def cmd_init(args: argparse.Namespace) -> int:
    """Create the database with the event (and the demo's content with ``--demo``)."""
    from .demo import demo_data, event_definition
    from .seed import seed_demo
    from .store import Store, StoreError

    db: Path = args.db
    if db.is_dir():
        raise CliError(f"{db} is a directory; give a file path, e.g. {db / 'city.db'}")
    if db.exists() and not args.force:
        raise CliError(f"{db} already exists; add --force to replace it (its data will be lost)")
    if not db.parent.is_dir():
        raise CliError(f"no directory {db.parent}")
    data = demo_data(utcnow()) if args.demo else None
    edition = None
    if data is not None:
        event = data.event
    elif args.event is not None:  # the TOML event file, or a bare event as JSON (checked alike)
        from .commands import read_edition

        edition = read_edition(args.event)
        event = edition.event
    else:
        event = event_definition()
    code = args.join_code or (data.join_code if data is not None else new_join_code())
    if not 1 <= len(code) <= 64:
        raise CliError("the join code must be 1 to 64 characters")
    if args.force:
        _remove_db(db)
    try:
        store = Store.create(db, event=event, join_code=code)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot create {db}: {exc.strerror}") from None
    try:
        if data is not None:
            seed_demo(store, data)
        elif edition is not None:
            store.apply_edition(edition)
    finally:
        store.close()
    from .commands import count

    what = "with the demo content" if data is not None else "without content"
    if edition is not None:
        what = (
            f"{count(len(edition.projects), 'project', 'projects')},"
            f" {count(len(edition.schedule), 'schedule item', 'schedule items')}"
        )
    print(f"created {db}: {event.name}, {count(len(event.cities), 'city', 'cities')}, {what}")
    print(f"join code: {code}")
    return 0


# ---- serve ---------------------------------------------------------------------------------


def _listen(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CliError(f"cannot resolve host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise CliError(f"port {port} on {host} is already in use; pick another with --port") from None
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def _tune_gc() -> None:
    """Fewer, shorter garbage collections while serving (they pause every waiting poll at once).

    The startup heap (routes, models, SQLAlchemy) is frozen out of collections, and the
    young generation is collected every 50,000 allocations instead of 700: polls make
    many short-lived objects, and each full collection otherwise stalls a fan-out.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the API until interrupted."""
    import uvicorn

    from .app import create_app
    from .headlimit import head_limited_protocol
    from .settings import ServerSettings
    from .store import StoreError

    if not 0 <= args.port <= 65535:
        raise CliError(f"invalid port {args.port}")
    if args.max_header_bytes < 1:
        raise CliError(f"invalid --max-header-bytes {args.max_header_bytes}: give a positive number")
    settings = ServerSettings.unlimited() if args.no_rate_limit else ServerSettings()
    try:
        app = create_app(db_path=args.db, settings=settings)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    sock = _listen(args.host, args.port)
    host, port = sock.getsockname()[:2]
    print(f"serving {args.db} on http://{host}:{port} (API docs at /docs); Ctrl+C stops", flush=True)
    hub = app.state.store.hub

    class Server(uvicorn.Server):
        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            # Waiting long polls answer now, or they would hold Ctrl+C until their timeout.
            hub.close()
            await super().shutdown(sockets=sockets)

    # Any other request still running gets a few seconds, then is cut.
    config = uvicorn.Config(
        app,
        # httptools, answering 431 past the request line and header bytes limit (no limit otherwise).
        http=head_limited_protocol(args.max_header_bytes),
        log_level="info",
        # A line per long poll is 20,000 lines/s with 1,000 clients and 20 messages/s: opt-in.
        access_log=args.access_log,
        timeout_keep_alive=75,
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        # Behind a reverse proxy: the client's address from X-Forwarded-For, from these proxies only.
        proxy_headers=bool(args.forwarded_allow_ips),
        forwarded_allow_ips=args.forwarded_allow_ips or None,
    )
    server = Server(config)
    _tune_gc()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0


# ---- organizer ----------------------------------------------------------------------------


def _scope_line(user: UserPublic) -> str:
    if user.organizer_scope is OrganizerScope.EVENT:
        return f"every city (home {user.city})"
    return f"city {user.city}"


def cmd_organizer_add(args: argparse.Namespace) -> int:
    """Create an organizer and print their token, once; ``--existing`` promotes someone instead."""
    from .accounts import new_token, token_digest
    from .errors import ApiError

    handle = _check(TypeAdapter(Handle), args.handle, "handle")
    name = _check(TypeAdapter(Name), args.name, "name") if args.name is not None else None
    event_wide = args.event_wide is not None
    home = args.city if not event_wide else (args.event_wide or None)
    store = _open_store(args.db)
    try:
        city = _check(TypeAdapter(Slug), home, "city") if home else store.event().cities[0].id
        token = new_token()
        user, created = store.add_organizer(
            handle=handle,
            display_name=name or handle,
            city=city,
            scope=OrganizerScope.EVENT if event_wide else OrganizerScope.CITY,
            token_digest=token_digest(token),
            existing=args.existing,
        )
    except ApiError as exc:
        raise CliError(exc.detail) from None
    finally:
        store.close()
    if not created:
        print(f"{user.handle} is now an organizer of {_scope_line(user)}; their tokens are unchanged")
        return 0
    print(f"organizer {user.handle} of {_scope_line(user)} created; their token, shown only this once:")
    print(token)
    return 0


def cmd_organizer_list(args: argparse.Namespace) -> int:
    """Every organizer: handle, name, where they act, tokens."""
    store = _open_store(args.db)
    try:
        found = store.organizers()
    finally:
        store.close()
    if not found:
        print("no organizers yet: nuit-server organizer add HANDLE --city ID --db DB")
        return 0
    width = max(len(user.handle) for user, _ in found)
    for user, tokens in found:
        plural = "" if tokens == 1 else "s"
        print(f"{user.handle:<{width}}  {_scope_line(user):<24}  {tokens} token{plural}  {user.display_name}")
    return 0


def cmd_organizer_remove(args: argparse.Namespace) -> int:
    """Take an organizer's rights away and revoke their tokens."""
    from .errors import ApiError

    handle = _check(TypeAdapter(Handle), args.handle, "handle")
    store = _open_store(args.db)
    try:
        user, revoked = store.remove_organizer(handle)
    except ApiError as exc:
        raise CliError(exc.detail) from None
    finally:
        store.close()
    print(f"{user.handle} is no longer an organizer; {revoked} token(s) revoked")
    return 0


def cmd_organizer_token(args: argparse.Namespace) -> int:
    """A new token for an organizer who lost theirs, printed once; the others are revoked."""
    from .accounts import new_token, token_digest
    from .errors import ApiError

    handle = _check(TypeAdapter(Handle), args.handle, "handle")
    token = new_token()
    store = _open_store(args.db)
    try:
        revoked = store.new_organizer_token(handle, token_digest(token), keep_others=args.keep_others)
    except ApiError as exc:
        raise CliError(exc.detail) from None
    finally:
        store.close()
    kept = "their other tokens still work" if args.keep_others else f"{revoked} older token(s) revoked"
    print(f"a new token for {handle} ({kept}), shown only this once:")
    print(token)
    return 0


# ---- audit ---------------------------------------------------------------------------------


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the organizers' actions, oldest first: when, who, what, on what, city, detail."""
    store = _open_store(args.db)
    try:
        city = _check(TypeAdapter(Slug), args.city, "city") if args.city is not None else None
        entries = store.audit_log(city=city, limit=args.limit)
    finally:
        store.close()
    if not entries:
        print("no organizer action recorded yet")
        return 0
    for entry in reversed(entries):
        when = entry.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        where = entry.city or "-"
        line = f"{when}  {entry.actor}  {entry.action}  {entry.target}  {where}"
        print(f"{line}  {entry.detail}" if entry.detail else line)
    return 0


# ---- join-code -----------------------------------------------------------------------------


def cmd_join_code(args: argparse.Namespace) -> int:
    """Print the join code; ``--rotate`` replaces it first."""
    store = _open_store(args.db)
    try:
        if args.rotate:
            store.set_join_code(new_join_code())
        print(store.join_code())
    finally:
        store.close()
    return 0


# ---- parsing -------------------------------------------------------------------------------


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, required=True, metavar="PATH", help="the SQLite database file")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``nuit-server``."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="The city API server of the Nuit du Code Citoyen."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create a database holding the event")
    _db_option(init)
    source = init.add_mutually_exclusive_group()
    source.add_argument(
        "--demo", action="store_true", help="seed the demo event, shifted so now is Saturday evening"
    )
    source.add_argument(
        "--event",
        type=Path,
        metavar="FILE",
        help="the event file (TOML: docs/event-file.md), or a bare event as JSON (an EventPublic)",
    )
    init.add_argument(
        "--join-code", metavar="CODE", help="the code participants register with (default: random)"
    )
    init.add_argument("--force", action="store_true", help="replace an existing database")
    init.set_defaults(run=cmd_init)

    serve = commands.add_parser("serve", help="serve the API")
    _db_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--access-log", action="store_true", help="log every request (off by default: one line per poll)"
    )
    serve.add_argument(
        "--max-header-bytes",
        type=int,
        default=MAX_HEADER_BYTES,
        metavar="N",
        help=f"largest request line and headers, in bytes; 431 beyond (default {MAX_HEADER_BYTES})",
    )
    serve.add_argument(
        "--no-rate-limit",
        action="store_true",
        help="no write or registration rate limits (load tests only; wrong join codes stay limited)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        metavar="IPS",
        help="reverse proxies whose X-Forwarded-For/-Proto are trusted: comma-separated addresses or"
        " networks, '*' for any, '' for none (default 127.0.0.1: a proxy on this machine)",
    )
    serve.set_defaults(run=cmd_serve)

    organizer = commands.add_parser("organizer", help="manage organizers")
    organizer_commands = organizer.add_subparsers(dest="organizer_command", required=True, metavar="COMMAND")
    add = organizer_commands.add_parser(
        "add", help="create an organizer and print their token once (or promote someone: --existing)"
    )
    add.add_argument("handle", metavar="HANDLE")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--city", help="a city organizer: acts on this city only, e.g. lyon")
    where.add_argument(
        "--event-wide",
        nargs="?",
        const="",
        metavar="HOME_CITY",
        help="an event organizer: acts on every city and the event (home city: the event's first"
        " unless given)",
    )
    add.add_argument("--name", help="display name (default: the handle)")
    add.add_argument(
        "--existing",
        action="store_true",
        help="the handle is someone's already: make that person an organizer (their tokens are kept)",
    )
    _db_option(add)
    add.set_defaults(run=cmd_organizer_add)

    listing = organizer_commands.add_parser("list", help="every organizer, where they act, their tokens")
    _db_option(listing)
    listing.set_defaults(run=cmd_organizer_list)

    remove = organizer_commands.add_parser(
        "remove", help="take an organizer's rights away and revoke their tokens"
    )
    remove.add_argument("handle", metavar="HANDLE")
    _db_option(remove)
    remove.set_defaults(run=cmd_organizer_remove)

    token = organizer_commands.add_parser(
        "token", help="a new token for an organizer who lost theirs (printed once; the others revoked)"
    )
    token.add_argument("handle", metavar="HANDLE")
    token.add_argument("--keep-others", action="store_true", help="keep their other tokens working")
    _db_option(token)
    token.set_defaults(run=cmd_organizer_token)

    audit = commands.add_parser("audit", help="print the organizers' actions (who, what, on what, when)")
    _db_option(audit)
    audit.add_argument("--city", help="only the actions concerning this city")
    audit.add_argument("--limit", type=int, metavar="N", help="only the latest N")
    audit.set_defaults(run=cmd_audit)

    join_code = commands.add_parser("join-code", help="print the join code")
    _db_option(join_code)
    join_code.add_argument("--rotate", action="store_true", help="replace it with a new random code first")
    join_code.set_defaults(run=cmd_join_code)

    from .commands import add_commands

    add_commands(commands, _db_option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nuit-server``; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        import fastapi  # noqa: F401
        import sqlalchemy  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print(f"{PROG}: error: the server needs its extra: pip install 'nuit-tui[server]'", file=sys.stderr)
        return 1
    try:
        return int(args.run(args))
    except CliError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
