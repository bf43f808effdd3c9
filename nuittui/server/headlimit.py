"""The HTTP/1.1 protocol ``nuit-server`` serves with: uvicorn's httptools one, with a bounded head.

httptools (uvicorn's default HTTP parser) puts no limit on the request line and header
fields: a 10 MB header was answered 200, and a client that streams a header without ever
ending it made the server buffer all of it. ``head_limited_protocol(n)`` is the same
protocol counting the bytes of each request's head (request line and header fields): past
``n`` it answers ``431 Request Header Fields Too Large`` (a problem+json body) and closes
the connection, without waiting for the head to end.

The bytes are counted twice. The parser's callbacks count the request target and each
complete header field (name, value and separators), so a finished head is measured exactly
however the bytes were split. And while a head stays unfinished, every chunk read from the
socket is added whole (a chunk read while a head is open belongs to it, unless a previous
request ended inside that same chunk), so a header that never ends is cut at the limit plus
at most two reads of the socket, instead of being buffered.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from nuittui.models import PROBLEM_MEDIA_TYPE, Problem
from nuittui.models.limits import MAX_HEADER_BYTES

__all__ = ["HeadLimitedHttpToolsProtocol", "head_limited_protocol"]

_STATUS = HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
_SEPARATORS = 4  # ": " and CRLF around a header field's name and value


class _HeadTooLargeError(Exception):
    """Raised in a parser callback to stop parsing a head over the limit."""


class HeadLimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol answering 431 to a request head over ``max_header_bytes``."""

    max_header_bytes = MAX_HEADER_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_open = False  # a request's head started and is not complete yet
        self._head_bytes = 0  # target and complete fields of the open head, from the callbacks
        self._read_bytes = 0  # whole socket reads that belong to the open head
        self._message_ended = False  # a request ended inside the read being parsed
        self._refused = False

    # ---- counting -------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        self._message_ended = False
        super().data_received(data)
        if self._head_open and not self._message_ended and not self._refused:
            self._read_bytes += len(data)
            if self._read_bytes > self.max_header_bytes:
                self._refuse()

    def _count(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > self.max_header_bytes:
            self._refused = True
            raise _HeadTooLargeError  # the parser stops; uvicorn answers through send_400_response

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_open = True
        self._head_bytes = self._read_bytes = 0

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + _SEPARATORS)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._head_open = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._message_ended = True
        super().on_message_complete()

    # ---- refusing -------------------------------------------------------------------------

    def send_400_response(self, msg: str) -> None:
        if self._refused:
            self._refuse()
        else:
            super().send_400_response(msg)

    def _refuse(self) -> None:
        self._refused = True
        self._head_open = False
        if self.transport.is_closing():
            return
        detail = f"the request line and header fields are over {self.max_header_bytes} bytes"
        prefix = f"{self.client[0]}:{self.client[1]} - " if self.client else ""  # as uvicorn's own log lines
        self.logger.warning("%s431: %s", prefix, detail)
        body = orjson.dumps(
            Problem(title=_STATUS.phrase, status=_STATUS.value, detail=detail).model_dump(
                mode="json", exclude_none=True
            )
        )
        content = [STATUS_LINE[_STATUS.value]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: " + PROBLEM_MEDIA_TYPE.encode() + b"\r\n",
                b"content-length: " + str(len(body)).encode() + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                body,
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()


def head_limited_protocol(max_header_bytes: int = MAX_HEADER_BYTES) -> type[asyncio.Protocol]:
    """The protocol class to give ``uvicorn.Config(http=...)``: 431 past ``max_header_bytes``."""
    if max_header_bytes < 1:
        raise ValueError("max_header_bytes must be positive")
    return type(
        "HeadLimitedHttpToolsProtocol",
        (HeadLimitedHttpToolsProtocol,),
        {"max_header_bytes": max_header_bytes, "__module__": __name__},
    )
