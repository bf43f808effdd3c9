"""Request line and header fields are bounded (431) on a real uvicorn, as `nuit-server serve` runs it."""

from __future__ import annotations

import json
import select
import socket
from urllib.parse import urlsplit

import httpx

from nuittui.models import PROBLEM_MEDIA_TYPE
from nuittui.models.limits import MAX_HEADER_BYTES, MAX_SWAP_BODY

from .conftest import JOIN_CODE

CUT_BEFORE = 32 * 1024 * 1024
"""A never-ending header must be cut long before this many bytes (the server once read 50 MB each)."""


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=10)
    return sock


def _request(target: str = "/v1/event", *, pad: int = 0, close: bool = True) -> bytes:
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1"]
    if pad:
        lines.append("X-Pad: " + "p" * pad)
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class _Reader:
    """Reads HTTP/1.1 responses with a Content-Length off a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def response(self) -> tuple[int, dict[str, str], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            assert self._fill(), f"connection closed before a whole head: {self.buffer[:80]!r}"
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status_line, *fields = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, v in (f.split(":", 1) for f in fields)}
        length = int(headers["content-length"])
        while len(self.buffer) < length:
            assert self._fill(), "connection closed inside a body"
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(status_line.split()[1]), headers, body

    def closed(self) -> bool:
        try:
            return not self._fill()
        except ConnectionResetError:
            return True


def _assert_431(status: int, headers: dict[str, str], body: bytes) -> None:
    assert status == 431
    assert headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert headers["connection"] == "close"
    problem = json.loads(body)
    assert problem["status"] == 431 and problem["title"] == "Request Header Fields Too Large"
    assert str(MAX_HEADER_BYTES) in problem["detail"]


def test_heads_under_the_limit_are_served_on_a_kept_alive_connection(live_url: str) -> None:
    pad = {"X-Pad": "p" * (MAX_HEADER_BYTES - 1024)}
    with httpx.Client(base_url=live_url, timeout=10) as client:
        answers = [client.get("/v1/event", headers=pad) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 200]


def test_a_complete_head_over_the_limit_is_431_then_closed(live_url: str) -> None:
    with _connect(live_url) as sock:
        sock.sendall(_request(pad=MAX_HEADER_BYTES + 1024))
        reader = _Reader(sock)

        _assert_431(*reader.response())
        assert reader.closed()


def test_a_request_target_over_the_limit_is_431(live_url: str) -> None:
    with _connect(live_url) as sock:
        sock.sendall(_request("/v1/event?q=" + "q" * (MAX_HEADER_BYTES + 1024)))
        reader = _Reader(sock)

        _assert_431(*reader.response())
        assert reader.closed()


def test_a_header_that_never_ends_is_cut_early(live_url: str) -> None:
    chunk = b"s" * 65536
    sent = 0
    answer = b""
    with _connect(live_url) as sock:
        sock.sendall(b"GET /v1/event HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        try:
            while sent < CUT_BEFORE and not answer:
                sock.sendall(chunk)
                sent += len(chunk)
                if select.select([sock], [], [], 0)[0]:
                    answer = sock.recv(65536) or b"(closed)"
        except (BrokenPipeError, ConnectionResetError):
            answer = answer or b"(reset)"

    assert sent < CUT_BEFORE, "the server kept reading the unfinished header"
    assert answer.startswith((b"HTTP/1.1 431 ", b"(closed)", b"(reset)")), answer[:80]


def test_pipelined_requests_each_have_the_whole_budget(live_url: str) -> None:
    pad = MAX_HEADER_BYTES - 1024
    with _connect(live_url) as sock:
        # Three heads of nearly the limit each, in one write: 48 KiB of heads, none over 16 KiB.
        sock.sendall(_request(pad=pad, close=False) * 2 + _request(pad=pad))
        reader = _Reader(sock)

        answers = [reader.response() for _ in range(3)]

        assert [status for status, _, _ in answers] == [200, 200, 200]
        assert reader.closed()


def test_a_large_body_does_not_count_against_the_head(live_url: str) -> None:
    with httpx.Client(base_url=live_url, timeout=10) as client:
        registration = {"join_code": JOIN_CODE, "handle": "alice", "display_name": "Alice", "city": "lyon"}
        token = client.post("/v1/auth/register", json=registration).json()["token"]
        body = {"title": "Un long journal", "body": "j" * MAX_SWAP_BODY}

        posted = client.post("/v1/swaps", json=body, headers={"Authorization": f"Bearer {token}"})

    assert posted.status_code == 201, posted.text
