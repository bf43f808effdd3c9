"""A lying network: a real TCP proxy on 127.0.0.1 in front of a real ``nuit-server``.

At a venue, a captive portal, a proxy or a half-broken access point sits between the
app and the server. ``Rig`` plays that part. It listens on a loopback port, reads each
HTTP/1.1 request (request line, headers, body by Content-Length or chunked; keep-alive
connections), and applies the fault of the first matching rule:

- ``pass``: forward to the server and relay its answer;
- ``html``: ``200 text/html``, a captive portal's page; nothing forwarded;
- ``wrong_schema``: ``200 application/json`` with JSON that is not the contract
  (``{"ok": true}``); ``after=True`` forwards first, so the write DID happen;
- ``truncated``: forward, then the real headers (full Content-Length) and half the body, and close;
- ``trickle``: a valid-looking answer, one byte every ``every`` seconds, until the client gives up;
- ``silent``: read the request, never answer;
- ``reset``: close with a TCP RST (SO_LINGER 0), before forwarding, or with ``after=True``
  after forwarding (the write happened, its answer is lost);
- ``rate_limited``: ``429`` with ``Retry-After`` and a problem+json body;
- ``captive_redirect``: ``302`` to ``http://captive.invalid/login``.

Rules: ``rig.set(fault, ...)`` replaces them, ``rig.add(fault, ...)`` appends one (the first
rule that matches a request and has uses left decides; no rule matches: ``pass``).
``only="POST /v1/swaps"`` / ``but="/v1/sync"`` scope a rule by method and path prefix,
``times=N`` limits it to the next N matching requests. Every request is recorded in
``rig.seen`` (method, path, Idempotency-Key, what was done). ``stop()`` ends every thread
within a bounded time.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Self
from urllib.parse import urlsplit

__all__ = ["CAPTIVE_URL", "FAULTS", "Fault", "Rig", "Rule", "Seen"]

Fault = Literal[
    "pass",
    "html",
    "wrong_schema",
    "truncated",
    "trickle",
    "silent",
    "reset",
    "rate_limited",
    "captive_redirect",
]
FAULTS: tuple[Fault, ...] = (
    "pass",
    "html",
    "wrong_schema",
    "truncated",
    "trickle",
    "silent",
    "reset",
    "rate_limited",
    "captive_redirect",
)
CAPTIVE_URL = "http://captive.invalid/login"
PORTAL_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Venue Wi-Fi</title></head>\n"
    b"<body><h1>Welcome to the venue Wi-Fi</h1>\n"
    b'<p>Please accept the terms of use to continue.</p>\n<form action="/login" method="post">'
    b'<button type="submit">I accept</button></form></body></html>\n'
)
WRONG_JSON = b'{"ok": true}'

POLL = 0.1
"""How often a blocked thread looks at the stop flag (seconds)."""
UPSTREAM_CONNECT = 5.0
MAX_HEAD = 64 * 1024
SEND_TIMEOUT = 30.0
"""A client that reads nothing for this long while the rig sends is gone (``stop()`` breaks it sooner)."""
STOP_WITHIN = 10.0
"""``stop()`` fails if a thread is still alive after this long."""


@dataclass(frozen=True)
class Seen:
    """One request the rig read, and what it did with it."""

    method: str
    path: str
    """Without the query string."""
    target: str
    """The request target as sent (path and query)."""
    key: str | None
    """The ``Idempotency-Key`` header."""
    fault: str
    """What the rig did: a fault name, with ``+after`` when it forwarded first."""
    at: float = field(compare=False)
    """``time.monotonic()`` when its head was read."""


@dataclass
class Rule:
    """One fault, for the requests it matches, possibly a limited number of times."""

    fault: Fault
    only: str | None = None
    """``"METHOD /prefix"``, ``"/prefix"`` or ``"METHOD"``: the rule applies only to those."""
    but: str | None = None
    """Same syntax: the rule applies to everything else."""
    times: int | None = None
    """Uses left (None: unlimited)."""
    after: bool = False
    """``wrong_schema`` / ``reset``: forward first, so the server did the write."""
    every: float = 2.0
    """``trickle``: seconds between two bytes."""
    size: int = 200
    """``trickle``: the body's length in bytes (the headers trickle too)."""
    retry_after: int = 1
    """``rate_limited``: the ``Retry-After`` header, in seconds."""
    body: bytes = WRONG_JSON
    """``wrong_schema``: the JSON answered."""

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule applies to ``method path``."""
        if self.only is not None and not _spec_matches(self.only, method, path):
            return False
        return not (self.but is not None and _spec_matches(self.but, method, path))

    @property
    def label(self) -> str:
        return f"{self.fault}+after" if self.after and self.fault in ("wrong_schema", "reset") else self.fault


def _spec_matches(spec: str, method: str, path: str) -> bool:
    wanted_method, prefix = None, None
    for part in spec.split():
        if part.startswith("/"):
            prefix = part
        else:
            wanted_method = part.upper()
    if wanted_method is not None and method != wanted_method:
        return False
    return prefix is None or path.startswith(prefix)


class _ClosedError(Exception):
    """The peer went away, the connection broke, or the rig is stopping."""


class _Stream:
    """Buffered reads from a socket that give up when the rig stops."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock = sock
        self.stopping = stopping
        self.buf = bytearray()
        sock.settimeout(POLL)

    def _fill(self) -> None:
        while True:
            if self.stopping.is_set():
                raise _ClosedError
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                raise _ClosedError from None
            if not data:
                raise _ClosedError
            self.buf += data
            return

    def until(self, marker: bytes, limit: int = MAX_HEAD) -> bytes:
        while (index := self.buf.find(marker)) < 0:
            if len(self.buf) > limit:
                raise _ClosedError
            self._fill()
        end = index + len(marker)
        data = bytes(self.buf[:end])
        del self.buf[:end]
        return data

    def exactly(self, count: int) -> bytes:
        while len(self.buf) < count:
            self._fill()
        data = bytes(self.buf[:count])
        del self.buf[:count]
        return data

    def rest(self) -> bytes:
        with contextlib.suppress(_ClosedError):
            while True:
                self._fill()
        data = bytes(self.buf)
        self.buf.clear()
        return data


@dataclass
class _Message:
    """One HTTP/1.1 request or response, its body kept as it travelled (chunked or not)."""

    head: bytes
    start: str
    headers: list[tuple[str, str]]
    raw_body: bytes

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    @property
    def raw(self) -> bytes:
        return self.head + self.raw_body

    @property
    def wants_close(self) -> bool:
        return (self.header("connection") or "").lower() == "close"


def _read_message(stream: _Stream, *, response_to: str | None = None) -> _Message:
    """Read one message; ``response_to`` is the request's method when reading a response."""
    head = stream.until(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    start = lines[0]
    headers = []
    for line in lines[1:]:
        if line:
            name, _sep, value = line.partition(":")
            headers.append((name.strip(), value.strip()))
    message = _Message(head, start, headers, b"")
    if response_to is not None:
        status = int(start.split()[1])
        if response_to == "HEAD" or status in (204, 304) or 100 <= status < 200:
            return message
    if "chunked" in (message.header("transfer-encoding") or "").lower():
        message.raw_body = _read_chunked(stream)
    elif (length := message.header("content-length")) is not None:
        message.raw_body = stream.exactly(int(length))
    elif response_to is not None:
        message.raw_body = stream.rest()
    return message


def _read_chunked(stream: _Stream) -> bytes:
    raw = bytearray()
    while True:
        line = stream.until(b"\r\n")
        raw += line
        size = int(line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            while (trailer := stream.until(b"\r\n")) != b"\r\n":
                raw += trailer
            raw += b"\r\n"
            return bytes(raw)
        raw += stream.exactly(size + 2)


def _answer(status: int, reason: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in headers)]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _trickled_answer(size: int) -> bytes:
    """A plausible JSON answer of ``size`` body bytes (padded with spaces)."""
    body = b'{"id": 1, "status": "open", "title": "slowly"}'
    body = body + b" " * max(0, size - len(body))
    return _answer(200, "OK", [("Content-Type", "application/json")], body)


def _rate_limited(retry_after: int) -> bytes:
    problem = {
        "type": "about:blank",
        "title": "Too Many Requests",
        "status": 429,
        "detail": f"too many requests (429): slow down, retry in {retry_after} s",
    }
    return _answer(
        429,
        "Too Many Requests",
        [("Content-Type", "application/problem+json"), ("Retry-After", str(retry_after))],
        json.dumps(problem).encode(),
    )


def _send(sock: socket.socket, data: bytes) -> None:
    """Send all of ``data``; a client that went away (or a stop) is ``_ClosedError``."""
    try:
        sock.settimeout(SEND_TIMEOUT)
        sock.sendall(data)
        sock.settimeout(POLL)
    except OSError:
        raise _ClosedError from None


def _abort(sock: socket.socket) -> None:
    """Close with a TCP RST instead of a FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class Rig:
    """The proxy: ``with Rig(server_url) as rig:`` (or ``start()``/``stop()``); ``rig.url`` is its address."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        if self.upstream[0] != "127.0.0.1":
            raise ValueError("the rig only forwards to 127.0.0.1")
        self._listener: socket.socket | None = None
        self.port = 0
        self._stopping = threading.Event()
        self._lock = threading.Condition()
        self._rules: list[Rule] = []
        self._seen: list[Seen] = []
        self._sockets: set[socket.socket] = set()
        self._clients: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self.connections = 0
        """Client connections accepted so far."""
        self.errors: list[str] = []
        """Unexpected failures inside the rig (a test may assert it is empty)."""

    # -- life ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL clients use instead of the server's."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        """Listen on a free loopback port and start accepting."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        listener.settimeout(POLL)
        self._listener = listener
        self.port = int(listener.getsockname()[1])
        self._spawn(self._accept_loop, "rig-accept")
        return self

    def stop(self) -> None:
        """Stop accepting, break every open connection, and wait (bounded) for every thread."""
        self._stopping.set()
        with self._lock:
            sockets = list(self._sockets)
            self._lock.notify_all()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + STOP_WITHIN
        for thread in list(self._threads):
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()
        if self._listener is not None:
            self._listener.close()
        alive = [t.name for t in self._threads if t.is_alive()]
        assert not alive, f"rig threads still running after {STOP_WITHIN} s: {alive}"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- rules -----------------------------------------------------------------------------

    def set(self, fault: Fault, **options: object) -> Rule:
        """From now on, ``fault`` (with ``only``/``but``/``times``/``after``/``every``…); other rules go."""
        rule = self._rule(fault, options)
        with self._lock:
            self._rules = [rule]
        return rule

    def add(self, fault: Fault, **options: object) -> Rule:
        """One more rule, looked at after the ones already set."""
        rule = self._rule(fault, options)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        """Every request passes from now on."""
        with self._lock:
            self._rules = []

    @staticmethod
    def _rule(fault: Fault, options: dict[str, object]) -> Rule:
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}: one of {', '.join(FAULTS)}")
        return Rule(fault, **options)  # type: ignore[arg-type]

    def _pick(self, method: str, path: str) -> Rule:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path) and (rule.times is None or rule.times > 0):
                    if rule.times is not None:
                        rule.times -= 1
                    return rule
        return Rule("pass")

    # -- what was seen ---------------------------------------------------------------------

    @property
    def seen(self) -> list[Seen]:
        """Every request read so far, oldest first (a copy)."""
        with self._lock:
            return list(self._seen)

    def requests(
        self, *, method: str | None = None, prefix: str | None = None, key: str | None = None
    ) -> list[Seen]:
        """The requests seen, filtered by method, path prefix and/or Idempotency-Key."""
        return [
            s
            for s in self.seen
            if (method is None or s.method == method.upper())
            and (prefix is None or s.path.startswith(prefix))
            and (key is None or s.key == key)
        ]

    def wait_for(self, check: Callable[[list[Seen]], bool], timeout: float = 30.0) -> list[Seen]:
        """Block until ``check(seen)`` holds (re-checked at each request), else fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not check(list(self._seen)):
                left = deadline - time.monotonic()
                assert left > 0, f"the rig did not see what was expected within {timeout} s"
                self._lock.wait(min(left, 1.0))
            return list(self._seen)

    @property
    def open_connections(self) -> int:
        """Client connections open now."""
        with self._lock:
            return len(self._clients)

    def hang_up(self) -> None:
        """Reset every open client connection now (a guard that unblocks a stuck client)."""
        with self._lock:
            clients = list(self._clients)
        for sock in clients:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    # -- threads ---------------------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    @contextlib.contextmanager
    def _tracked(self, sock: socket.socket, *, client: bool = False) -> Iterator[socket.socket]:
        with self._lock:
            self._sockets.add(sock)
            if client:
                self._clients.add(sock)
        try:
            yield sock
        finally:
            with self._lock:
                self._sockets.discard(sock)
                self._clients.discard(sock)

    def _accept_loop(self) -> None:
        assert self._listener is not None
        count = 0
        while not self._stopping.is_set():
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            count += 1
            with self._lock:
                self.connections = count
            self._spawn(self._serve, f"rig-conn-{count}", conn)

    def _serve(self, conn: socket.socket) -> None:
        with self._tracked(conn, client=True):
            try:
                stream = _Stream(conn, self._stopping)
                while self._serve_one(conn, stream):
                    pass
            except _ClosedError:
                pass
            except Exception as exc:  # a bug in the rig: keep it visible to the tests
                self.errors.append(repr(exc))
            finally:
                with contextlib.suppress(OSError):
                    conn.close()

    def _serve_one(self, conn: socket.socket, stream: _Stream) -> bool:
        """Read one request and apply its fault; False when the connection is done."""
        request = _read_message(stream)
        method, target = [*request.start.split(), "", ""][:2]
        path = target.split("?", 1)[0]
        rule = self._pick(method, path)
        seen = Seen(method, path, target, request.header("idempotency-key"), rule.label, time.monotonic())
        with self._lock:
            self._seen.append(seen)
            self._lock.notify_all()
        keep = not request.wants_close
        fault = rule.fault
        if fault == "pass":
            response = self._forward(request, method)
            if response is None:
                _abort(conn)
                return False
            _send(conn, response.raw)
            return keep and not response.wants_close
        if fault == "html":
            _send(conn, _answer(200, "OK", [("Content-Type", "text/html; charset=utf-8")], PORTAL_PAGE))
            return keep
        if fault == "wrong_schema":
            if rule.after and self._forward(request, method) is None:
                _abort(conn)
                return False
            _send(conn, _answer(200, "OK", [("Content-Type", "application/json")], rule.body))
            return keep
        if fault == "truncated":
            response = self._forward(request, method)
            if response is not None:
                _send(conn, response.head + response.raw_body[: len(response.raw_body) // 2])
            conn.close()
            return False
        if fault == "trickle":
            self._trickle(conn, _trickled_answer(rule.size), rule.every)
            return False
        if fault == "silent":
            self._wait_for_hang_up(conn)
            return False
        if fault == "reset":
            if rule.after:
                self._forward(request, method)
            _abort(conn)
            return False
        if fault == "rate_limited":
            _send(conn, _rate_limited(rule.retry_after))
            return keep
        if fault == "captive_redirect":
            headers = [("Location", CAPTIVE_URL), ("Content-Type", "text/html; charset=utf-8")]
            _send(conn, _answer(302, "Found", headers, b'<a href="' + CAPTIVE_URL.encode() + b'">login</a>'))
            return keep
        raise AssertionError(f"unhandled fault {fault}")

    def _forward(self, request: _Message, method: str) -> _Message | None:
        """Send ``request`` to the server on a fresh connection; its whole answer (None: unreachable)."""
        try:
            upstream = socket.create_connection(self.upstream, timeout=UPSTREAM_CONNECT)
        except OSError:
            return None
        with self._tracked(upstream):
            try:
                upstream.sendall(request.raw)
                return _read_message(_Stream(upstream, self._stopping), response_to=method)
            except OSError:
                return None
            finally:
                with contextlib.suppress(OSError):
                    upstream.close()

    def _client_gone(self, conn: socket.socket, wait: float) -> bool:
        """Wait up to ``wait`` s; True as soon as the client closed (or the rig stops)."""
        deadline = time.monotonic() + wait
        while not self._stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                readable, _w, _x = select.select([conn], [], [], min(left, POLL))
            except (OSError, ValueError):
                return True
            if readable:
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return True
                if not data:
                    return True
        return True

    def _trickle(self, conn: socket.socket, answer: bytes, every: float) -> None:
        for index in range(len(answer)):
            try:
                _send(conn, answer[index : index + 1])
            except _ClosedError:
                return
            if self._client_gone(conn, every):
                return

    def _wait_for_hang_up(self, conn: socket.socket) -> None:
        while not self._client_gone(conn, 3600.0):
            pass
