"""The floor of ``bench_server.py --floor``: the smallest long-poll server on the same stack.

A bare ASGI app (no FastAPI, no database, no auth) speaking just enough of the
city API for the benchmark's harness: register, the event, post a message,
``GET /v1/sync``. It runs on uvicorn exactly as ``nuit-server serve`` does
(uvloop and httptools, no access log), so its numbers are what the HTTP/1.1
long poll itself costs in Python on this machine: no server code can do better
on this stack. Run: ``python bench/floor_app.py --port 8123``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from typing import Any

import orjson
import uvicorn

JSON = [(b"content-type", b"application/json")]


class FloorApp:
    """Messages in a list, one ``asyncio.Event`` released per post."""

    def __init__(self) -> None:
        self.events: list[bytes] = []
        self.woken = asyncio.Event()
        self.tokens = itertools.count()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        if scope["method"] == "POST":
            message = await receive()
            body = message.get("body", b"")
            while message.get("more_body"):
                message = await receive()
                body += message.get("body", b"")
        path = scope["path"]
        if path == "/v1/sync":
            await self._reply(send, 200, await self._sync(scope["query_string"]))
        elif path == "/v1/event":
            await self._reply(send, 200, b'{"cities":[{"id":"lyon"}]}')
        elif path == "/v1/auth/register":
            await self._reply(send, 201, b'{"token":"floor-%d"}' % next(self.tokens))
        elif path.endswith("/messages") and scope["method"] == "POST":
            seq = len(self.events) + 1
            data = orjson.loads(body)
            self.events.append(
                orjson.dumps(
                    {"seq": seq, "type": "message.create", "data": {"body": data["body"], "seq": seq}}
                )
            )
            woken, self.woken = self.woken, asyncio.Event()
            woken.set()
            await self._reply(send, 201, b'{"seq":%d}' % seq)
        else:
            await self._reply(send, 404, b"{}")

    async def _sync(self, query: bytes) -> bytes:
        params = dict(p.partition(b"=")[::2] for p in query.split(b"&"))
        if b"since" not in params:
            return b'{"cursor":%d,"events":[],"reset":true}' % len(self.events)
        since = int(params[b"since"])
        if since >= len(self.events):
            woken = self.woken
            try:
                async with asyncio.timeout(float(params.get(b"timeout", b"25"))):
                    await woken.wait()
            except TimeoutError:
                pass
        chunk = self.events[since:]
        return b'{"cursor":%d,"events":[%s]}' % (since + len(chunk), b",".join(chunk))

    @staticmethod
    async def _reply(send: Any, status: int, body: bytes) -> None:
        headers = [(b"content-length", b"%d" % len(body)), *JSON]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def main() -> None:
    """Serve the floor app on 127.0.0.1."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        FloorApp(),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=75,
        timeout_graceful_shutdown=1,
    )


if __name__ == "__main__":
    main()
