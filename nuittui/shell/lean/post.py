"""Queue one write and send it right away: the fast path of ``swap post``.

The entry goes into the profile's outbox first (fsynced), exactly as the engine
would queue it; then, if no other process is draining the profile and nothing
older waits in the same order, it is sent once with its Idempotency-Key. Three
outcomes are settled here: the server took it (its answer parses as the contract's
for the route, checked by ``nuittui.models.answers`` as the app's client checks it),
it could not be reached within ``DEADLINE``, or a 2xx answer was not the contract's
(a proxy or captive portal: it stays queued). An error answer is left queued for
the engine to classify (it sends the same entry again, with the same key: the
server answers it once).

One POST does not need an HTTP client library: the standard library's
``http.client`` sends it, so the command starts without importing httpx and
httpcore. A setup it does not cover the way the app's client does (an HTTP
proxy in the environment) is left to the engine (``lean_sendable``).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

import filelock

from nuittui import __version__
from nuittui.cache.outbox import Outbox, OutboxEntry
from nuittui.i18n import _
from nuittui.profiles.lean import LeanProfile
from nuittui.sync.kinds import QueuedRequest
from nuittui.sync.markers import DRAIN_LOCK_FILE, write_link, write_posted

from ..output import err, recovery_line

__all__ = ["LeanOutcome", "encode_body", "lean_sendable", "queue_and_send"]

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
DEADLINE = 15.0
"""The whole exchange, connect to last byte (as the app client's ``WRITE_DEADLINE``): a server
trickling its answer costs the command seconds, and the write stays queued."""
USER_AGENT = f"nuit-tui/{__version__}"
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")

Result = Literal["sent", "offline", "garbled", "busy", "behind", "answered"]


@dataclass(frozen=True, slots=True)
class LeanOutcome:
    """What happened to the queued entry.

    - ``sent``: the server took it; ``answer`` is its JSON;
    - ``offline``: the server could not be reached; it stays queued (``error`` says why);
    - ``garbled``: a 2xx answer that is not the contract's; it stays queued (``error`` says why);
    - ``busy``: another process drains this profile; it will send it;
    - ``behind``: older writes of the same order wait; the engine must send them first;
    - ``answered``: the server answered an error (``status``); the engine will classify it.
    """

    result: Result
    entry: OutboxEntry
    answer: Any = None
    status: int | None = None
    error: str | None = None


def lean_sendable(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Whether the fast path may talk to the server itself: not through an HTTP proxy.

    httpx (the app's client) honours ``HTTP(S)_PROXY``; ``http.client`` does not.
    """
    return not any(environ.get(name) or environ.get(name.upper()) for name in _PROXY_VARIABLES)


def encode_body(body: Any) -> bytes:
    """The request body's bytes, exactly as ``nuittui.client`` encodes them.

    The server hashes the bytes for the Idempotency-Key: a replay by the engine must
    send the same ones. A test checks both encoders agree.
    """
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def queue_and_send(profile: LeanProfile, token: str, request: QueuedRequest) -> LeanOutcome:
    """Queue ``request`` in the profile's outbox (durable), then try to send it once."""
    outbox = Outbox.in_folder(profile.data_dir)
    for report in outbox.recoveries():
        err(recovery_line(report.recovered, report.damaged, report.kept_at))
    entry = outbox.enqueue(
        request.kind,
        request.method,
        request.path,
        request.body,
        order_key=request.order_key,
        summary=request.summary,
    )
    lock = filelock.FileLock(str(profile.data_dir / DRAIN_LOCK_FILE), thread_local=False, mode=0o600)
    try:
        lock.acquire(blocking=False)
    except filelock.Timeout:
        return LeanOutcome("busy", entry)
    try:
        waiting = outbox.pending(order_key=entry.order_key)
        if not waiting or waiting[0].key != entry.key:
            return LeanOutcome("behind", entry)
        return _send(profile, token, outbox, entry)
    finally:
        lock.release()


def _connection(api_url: str) -> Any:
    """An ``http.client`` connection to the server, TLS checked like httpx checks it."""
    import http.client

    parts = urlsplit(api_url)
    host = parts.hostname or ""
    if parts.scheme != "https":
        return http.client.HTTPConnection(host, parts.port, timeout=CONNECT_TIMEOUT)
    import ssl

    if os.environ.get("SSL_CERT_FILE"):
        context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    elif os.environ.get("SSL_CERT_DIR"):
        context = ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    else:
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
    return http.client.HTTPSConnection(host, parts.port, timeout=CONNECT_TIMEOUT, context=context)


def _send(profile: LeanProfile, token: str, outbox: Outbox, entry: OutboxEntry) -> LeanOutcome:
    import http.client

    headers = {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": entry.key,
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }
    content = encode_body(entry.body) if entry.body is not None else None
    prefix = urlsplit(profile.api_url).path.rstrip("/")
    # The answer is checked with the contract's models: they load while the request is on the wire.
    checker = threading.Thread(target=_load_checker, args=(entry.method, entry.path), daemon=True)
    checker.start()
    connection = _connection(profile.api_url)
    # One deadline for the whole exchange: socket timeouts bound each read, not a trickle of them.
    timed_out = threading.Event()
    watchdog = threading.Timer(DEADLINE, _cut, (connection, timed_out))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()
        connection.sock.settimeout(READ_TIMEOUT)
        connection.request(entry.method, prefix + entry.path, body=content, headers=headers)
        response = connection.getresponse()
        status, mime = response.status, response.getheader("content-type", "")
        data: bytes | None = None
        with contextlib.suppress(http.client.IncompleteRead):  # cut short: not the contract's answer
            data = response.read()
        if timed_out.is_set():
            raise TimeoutError
    except (OSError, http.client.HTTPException) as exc:
        # Never reached, or no answer: the write may or may not have happened; its key makes a replay safe.
        if timed_out.is_set():
            error = _("the server did not send its whole answer within {seconds} s", seconds=f"{DEADLINE:g}")
        else:
            reason = type(exc).__name__
            error = _("cannot reach the server at {url} ({reason})", url=profile.api_url, reason=reason)
        outbox.mark_failed(entry.key, error=error)
        write_link(profile.data_dir, False, error)
        return LeanOutcome("offline", entry, error=error)
    finally:
        watchdog.cancel()
        connection.close()
    write_link(profile.data_dir, True)
    if not 200 <= status < 300:
        return LeanOutcome("answered", entry, status=status)
    checker.join()
    from nuittui.models.answers import AnswerMismatch, check_answer

    try:
        if data is None:
            raise AnswerMismatch(f"the server's answer to {entry.method} {entry.path} was cut short")
        answer = check_answer(entry.method, entry.path, mime, data)
    except AnswerMismatch as exc:
        outbox.mark_failed(entry.key, error=str(exc), garbled=True)
        return LeanOutcome("garbled", entry, status=status, error=str(exc))
    outbox.mark_sent(entry.key)
    if entry.kind == "swap.create" and isinstance(answer, dict):
        write_posted(profile.data_dir, answer)  # no pull here: the status line shows it meanwhile
    return LeanOutcome("sent", entry, answer=answer, status=status)


def _load_checker(method: str, path: str) -> None:
    """Import the answer check and build its validator for this route (in a thread, off the wire's wait)."""
    from nuittui.models.answers import warm_up

    warm_up(method, path)


def _cut(connection: Any, timed_out: threading.Event) -> None:
    """The deadline passed: shut the socket, so the blocked read returns at once."""
    timed_out.set()
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
