"""Loopback ports for tests that run side by side (pytest-xdist workers, other jobs on the machine).

A port found free, released, then used a moment later can be taken in between by another
process that asks the system for a free port. Instead, a test holds the port with a socket
bound to it that does not listen (``SO_REUSEADDR``):

- a connection to the port is refused, as to a closed port;
- a server that binds with ``SO_REUSEADDR`` (uvicorn, ``nuit-server serve``) can still listen
  there, and the port is refused again once it stops;
- nobody else is handed that port while the socket is held.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator


def reserve_port() -> socket.socket:
    """A socket holding a free loopback port without listening; close it when the port is no longer needed."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def held_port() -> Iterator[int]:
    """A loopback port, held for the ``with`` block: closed (refused) unless a server listens on it."""
    with reserve_port() as sock:
        yield sock.getsockname()[1]
