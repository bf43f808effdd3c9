"""The load side of ``bench_server.py``: HTTP connections and the long-poll client process.

Two interchangeable clients speak keep-alive HTTP/1.1 to the server:

- ``RawConnection``: asyncio streams and a hand-written request line, a few
  microseconds of Python per request; used by default so the numbers reflect
  the server rather than the load generator;
- ``HttpxConnection``: an ``httpx.AsyncClient`` per token (a real client's cost,
  about 15x the CPU per answer: with it the load generator is the bottleneck).

Run as a script (``python bench/loadclient.py CONFIG.json``), this module is one
poller process: it keeps ``len(tokens)`` clients each looping
``GET /v1/sync?since=<cursor>&timeout=25`` and records, for every message
event, its delivery latency (receive time minus the send time carried in the
message body; ``time.perf_counter`` is the system-wide monotonic clock, so
processes on one machine agree). It is driven by lines on stdin:

- ``target SEQ``: print ``reached N`` once every client's cursor is at SEQ or past it
  (N: answers received so far);
- ``finish``: stop every client, write the results, print ``done``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
import time
from array import array
from pathlib import Path
from typing import Any, Protocol

import orjson

POLL_TIMEOUT = 25


def raise_nofile_limit(needed: int) -> int:
    """Raise this process's open-file soft limit toward ``needed`` (up to the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


def install_uvloop() -> str:
    """Use uvloop when installed (it comes with ``uvicorn[standard]``); answers the loop's name."""
    try:
        import uvloop
    except ImportError:
        return "asyncio"
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    return "uvloop"


class Connection(Protocol):
    """One keep-alive HTTP connection to the server, authenticated with a token."""

    async def open(self) -> None:
        """Connect."""

    async def request(self, method: str, target: str, body: bytes | None = None) -> tuple[int, bytes]:
        """Send a request, answer ``(status, body)``."""

    async def close(self) -> None:
        """Disconnect."""


class RawConnection:
    """HTTP/1.1 over asyncio streams: one request at a time, Content-Length bodies only."""

    def __init__(self, host: str, port: int, token: str | None = None) -> None:
        self.host = host
        self.port = port
        self._prefix = b"Host: %s:%d\r\n" % (host.encode(), port)
        if token is not None:
            self._prefix += b"Authorization: Bearer %s\r\n" % token.encode()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        """Connect."""
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port, limit=1 << 22)

    async def request(self, method: str, target: str, body: bytes | None = None) -> tuple[int, bytes]:
        """Send a request, answer ``(status, body)``; reconnects when the server closed."""
        if self._writer is None or self._writer.is_closing():
            await self.open()
        assert self._reader is not None and self._writer is not None
        head = b"%s %s HTTP/1.1\r\n%s" % (method.encode(), target.encode(), self._prefix)
        if body is None:
            self._writer.write(head + b"\r\n")
        else:
            head += b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
            self._writer.write(head + body)
        header = await self._reader.readuntil(b"\r\n\r\n")
        status = int(header[9:12])
        lower = header.lower()
        start = lower.find(b"\r\ncontent-length:")
        if start < 0:
            raise RuntimeError(f"answer without Content-Length: {header[:200]!r}")
        end = lower.index(b"\r\n", start + 2)
        payload = await self._reader.readexactly(int(lower[start + 17 : end]))
        if b"\r\nconnection: close" in lower:
            await self.close()
        return status, payload

    async def close(self) -> None:
        """Disconnect."""
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
            self._writer = None


class HttpxConnection:
    """One token's requests through its own ``httpx.AsyncClient``, as each participant's app has.

    (One client shared by a thousand sockets is far slower still: its pool is scanned per request.)
    """

    def __init__(self, host: str, port: int, token: str | None = None) -> None:
        import httpx

        self._client = httpx.AsyncClient(
            base_url=f"http://{host}:{port}",
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            timeout=httpx.Timeout(POLL_TIMEOUT + 30),
        )
        self._headers = {"Authorization": f"Bearer {token}"} if token is not None else {}

    async def open(self) -> None:
        """Nothing to do: the client connects on the first request."""

    async def request(self, method: str, target: str, body: bytes | None = None) -> tuple[int, bytes]:
        """Send a request, answer ``(status, body)``."""
        headers = self._headers if body is None else {**self._headers, "Content-Type": "application/json"}
        response = await self._client.request(method, target, content=body, headers=headers)
        return response.status_code, response.content

    async def close(self) -> None:
        """Close the client and its connection."""
        await self._client.aclose()


# ---- the poller process ----------------------------------------------------------------------


def message_mark(body: str) -> tuple[str, int, float] | None:
    """``(kind, index, send time)`` of a benchmark message body ``"<kind><index> <perf_counter>"``.

    Kind ``b``: the timed stream; ``f``: single fan-outs, one message at a time.
    """
    if body[:1] not in ("b", "f"):
        return None
    index, _, sent = body[1:].partition(" ")
    return body[0], int(index), float(sent)


class Poller:
    """One long-poll client: loops on ``/v1/sync`` and tallies the benchmark's messages."""

    def __init__(self, conn: Connection, since: int, slots: int, latencies: dict[str, array]) -> None:
        self.conn = conn
        self.cursor = since
        self.counts = bytearray(slots)  # receipts per stream message index (saturates at 255)
        self.latencies = latencies  # per kind, shared by the process's pollers
        self.responses = 0
        self.events = 0
        self.errors = 0

    async def run(self) -> None:
        """Poll until cancelled."""
        await self.conn.open()
        while True:
            status, body = await self.conn.request(
                "GET", f"/v1/sync?since={self.cursor}&timeout={POLL_TIMEOUT}"
            )
            now = time.perf_counter()
            if status != 200:
                self.errors += 1
                await asyncio.sleep(0.5)
                continue
            batch = orjson.loads(body)
            self.responses += 1
            for event in batch["events"]:
                self.events += 1
                if event["type"] != "message.create":
                    continue
                mark = message_mark(event["data"]["body"])
                if mark is None:
                    continue
                kind, index, sent = mark
                if kind == "b" and index < len(self.counts) and self.counts[index] < 255:
                    self.counts[index] += 1
                self.latencies[kind].append(now - sent)
            self.cursor = batch["cursor"]


async def _poll_until_finished(config: dict[str, Any]) -> tuple[list[Poller], dict[str, array]]:
    host, port = config["host"], config["port"]
    tokens: list[str] = config["tokens"]
    latencies = {"b": array("d"), "f": array("d")}
    if config["client"] == "httpx":
        conns: list[Connection] = [HttpxConnection(host, port, t) for t in tokens]
    else:
        conns = [RawConnection(host, port, t) for t in tokens]
    pollers = [Poller(c, config["since"], config["slots"], latencies) for c in conns]
    tasks: list[asyncio.Task[None]] = []
    # Connect in waves: a thousand SYNs at once can overflow the listen backlog.
    for i, poller in enumerate(pollers):
        tasks.append(asyncio.create_task(poller.run()))
        if i % 100 == 99:
            await asyncio.sleep(0.05)
    _say("ready")

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = (await reader.readline()).decode().split()
        if not line or line[0] == "finish":
            break
        if line[0] == "target":
            target = int(line[1])
            # Checking a thousand cursors every 10 ms is cheaper than an event per poller.
            while min(p.cursor for p in pollers) < target:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            _say(f"reached {sum(p.responses for p in pollers)}")
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for conn in conns:
        await conn.close()
    return pollers, latencies


def _write_results(out: Path, pollers: list[Poller], latencies: dict[str, array]) -> None:
    for kind, values in latencies.items():
        with out.with_suffix(f".{kind}.lat").open("wb") as f:
            values.tofile(f)
    with out.with_suffix(".counts").open("wb") as f:
        for poller in pollers:
            f.write(poller.counts)
    summary = {
        "clients": len(pollers),
        "responses": sum(p.responses for p in pollers),
        "events": sum(p.events for p in pollers),
        "errors": sum(p.errors for p in pollers),
    }
    out.write_text(json.dumps(summary))


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    """Entry point of one poller process: ``python bench/loadclient.py CONFIG.json``."""
    config = json.loads(Path(sys.argv[1]).read_text())
    raise_nofile_limit(len(config["tokens"]) + 256)
    if config.get("loop", "uvloop") == "uvloop":
        install_uvloop()
    pollers, latencies = asyncio.run(_poll_until_finished(config))
    _write_results(Path(config["out"]), pollers, latencies)
    _say("done")


if __name__ == "__main__":
    main()
