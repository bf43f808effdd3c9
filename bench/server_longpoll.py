"""Part (1) of ``bench_server.py``: long-poll delivery to a thousand clients (see its docstring)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from loadclient import RawConnection
from serverproc import CpuMeter, Profiler, Server, current_cursor, pct_of, register_users, wait_until_up

HERE = Path(__file__).resolve().parent


@dataclass
class LongPollResult:
    """What part (1) measured."""

    target: str
    clients: int
    poll_procs: int
    client: str
    seconds: float
    interval_ms: float
    register_seconds: float
    fanouts: int
    fanout_p50_ms: float
    fanout_p99_ms: float
    fanout_max_ms: float
    fanout_server_us_per_answer: float
    fanout_pollers_us_per_answer: float
    posts_sent: int
    posts_accepted: int
    post_rtt_p50_ms: float
    post_rtt_p99_ms: float
    deliveries: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    missing: int
    duplicates: int
    poll_responses: int
    events_per_response: float
    poll_errors: int
    posting_seconds: float
    server_cpu_pct: float
    pollers_cpu_pct: float
    poster_cpu_pct: float
    others_cpu_pct: float
    server_cpu_us_per_answer: float
    pollers_cpu_us_per_answer: float
    loadavg_before: float
    drained: bool


class PollerProcess:
    """One ``loadclient.py`` child and its stdin/stdout protocol."""

    def __init__(self, proc: asyncio.subprocess.Process, out: Path) -> None:
        self.proc = proc
        self.out = out

    @classmethod
    async def spawn(cls, config: dict[str, Any], prefix: Path) -> PollerProcess:
        """Start a poller process with its share of the tokens; its files start with ``prefix``."""
        out = prefix.with_name(prefix.name + ".json")
        path = prefix.with_name(prefix.name + ".config.json")
        path.write_text(json.dumps({**config, "out": str(out)}))
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(HERE / "loadclient.py"),
            str(path),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        return cls(proc, out)

    async def expect(self, word: str, within: float) -> None:
        """Wait for the child to print ``word``."""
        await self.expect_line(word, within)

    async def expect_line(self, word: str, within: float) -> str:
        """Wait for the child to print a line starting with ``word``; answers the line."""
        assert self.proc.stdout is not None
        line = (await asyncio.wait_for(self.proc.stdout.readline(), within)).decode().strip()
        if line.split(" ", 1)[0] != word:
            raise RuntimeError(f"poller process said {line!r}, expected {word!r}")
        return line

    def tell(self, line: str) -> None:
        """Send one command line."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")


async def _all_reach(procs: list[PollerProcess], seq: int, within: float) -> int | None:
    """Wait until every client's cursor is at ``seq``; answers the answers received so far."""
    for proc in procs:
        proc.tell(f"target {seq}")
    try:
        lines = await asyncio.gather(*(p.expect_line("reached", within) for p in procs))
    except TimeoutError:
        return None
    return sum(int(line.split()[1]) for line in lines)


class Poster:
    """Posts benchmark messages on a fixed schedule, each on an idle keep-alive connection."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port, self.token = host, port, token
        self.idle: list[RawConnection] = []
        self.accepted: dict[int, int] = {}  # stream message index -> seq
        self.rtts: list[float] = []
        self.failures = 0

    async def _connection(self) -> RawConnection:
        # One connection per post in flight: a slow answer must not delay the next post's send.
        if self.idle:
            return self.idle.pop()
        return RawConnection(self.host, self.port, self.token)

    async def post(self, kind: str, index: int) -> int | None:
        """Post message ``<kind><index> <send time>`` to ``all``; answers its seq (None: refused)."""
        conn = await self._connection()
        sent = time.perf_counter()
        try:
            status, answer = await conn.request(
                "POST", "/v1/channels/all/messages", _message(f"{kind}{index} {sent:.6f}")
            )
        except (OSError, asyncio.IncompleteReadError):
            await conn.close()
            status, answer = 0, b""
        self.idle.append(conn)
        if status != 201:
            self.failures += 1
            return None
        seq = int(orjson.loads(answer)["seq"])
        if kind == "b":
            self.rtts.append(time.perf_counter() - sent)
            self.accepted[index] = seq
        return seq

    async def close(self) -> None:
        """Close the connections."""
        while self.idle:
            await self.idle.pop().close()


def _message(body: str) -> bytes:
    return orjson.dumps({"body": body})


async def _spawn_pollers(
    args: argparse.Namespace, server: Server, tokens: list[str], since: int, slots: int, folder: Path
) -> list[PollerProcess]:
    share = -(-len(tokens) // args.poll_procs)
    procs = []
    for n in range(args.poll_procs):
        config = {
            "host": server.host,
            "port": server.port,
            "tokens": tokens[n * share : (n + 1) * share],
            "since": since,
            "slots": slots,
            "client": args.client,
        }
        procs.append(await PollerProcess.spawn(config, folder / f"{server.name}-{n}"))
    await asyncio.gather(*(p.expect("ready", 120) for p in procs))
    return procs


async def _single_fanouts(
    args: argparse.Namespace, server: Server, procs: list[PollerProcess], poster: Poster
) -> dict[str, float]:
    """Post ``--fanouts`` messages one at a time, each once every client has the previous one."""
    meter = CpuMeter(server.pid, [p.proc.pid for p in procs])
    before = after = await _all_reach(procs, 0, 10) or 0
    for index in range(args.fanouts):
        seq = await poster.post("f", index)
        answers = await _all_reach(procs, seq, 60) if seq is not None else None
        if answers is None:
            raise RuntimeError("a single fan-out did not reach every client")
        after = answers
        await asyncio.sleep(0.2)  # every client parks its next poll
    cpu = meter.stop()
    answered = max(1, after - before)
    return {"server_us": 1e6 * cpu["server"] / answered, "pollers_us": 1e6 * cpu["load"] / answered}


async def long_poll(args: argparse.Namespace, folder: Path, *, floor: bool = False) -> LongPollResult:
    """Part (1): delivery latency of chat messages to a thousand waiting polls."""
    loadavg = os.getloadavg()[0]
    server = Server(
        db=folder / ("floor.db" if floor else "longpoll.db"), extra_args=args.server_arg, floor=floor
    )
    server.start()
    procs: list[PollerProcess] = []
    count = int(args.seconds / args.interval)
    try:
        await wait_until_up(server.host, server.port)
        started = time.perf_counter()
        tokens = await register_users(server.host, server.port, args.clients + 1, prefix="poll")
        register_seconds = time.perf_counter() - started
        since = await current_cursor(server.host, server.port, tokens[-1])
        procs = await _spawn_pollers(args, server, tokens[:-1], since, count, folder)
        poster = Poster(server.host, server.port, tokens[-1])
        # Warm-up: every client must see one message before the clock starts.
        warm = await poster.post("w", 0)
        if warm is None or await _all_reach(procs, warm, 120) is None:
            raise RuntimeError("the warm-up message did not reach every client")
        await asyncio.sleep(1.0)  # let every client park its next poll
        single = await _single_fanouts(args, server, procs, poster)

        profiler = Profiler(server.pid, args.profile and Path(f"{args.profile}-longpoll.txt"))
        meter = CpuMeter(server.pid, [p.proc.pid for p in procs])
        before = await _all_reach(procs, 0, 10) or 0
        wall0 = time.perf_counter()
        posts: list[asyncio.Task[int | None]] = []
        for index in range(count):
            delay = wall0 + index * args.interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            posts.append(asyncio.create_task(poster.post("b", index)))
        await asyncio.gather(*posts)
        posting = time.perf_counter() - wall0
        last = max(poster.accepted.values(), default=warm)
        after = await _all_reach(procs, last, args.drain)
        cpu = meter.stop()
        profiler.stop()
        for proc in procs:
            proc.tell("finish")
        await asyncio.gather(*(p.expect("done", 60) for p in procs))
        await poster.close()
    finally:
        for proc in procs:
            if proc.proc.returncode is None:
                proc.proc.kill()
            await proc.proc.wait()
        server.stop()

    stream, fanout = array("d"), array("d")
    missing = duplicates = events = errors = 0
    accepted = sorted(poster.accepted)
    for proc in procs:
        summary = json.loads(proc.out.read_text())
        events += summary["events"]
        errors += summary["errors"]
        stream.frombytes(proc.out.with_suffix(".b.lat").read_bytes())
        fanout.frombytes(proc.out.with_suffix(".f.lat").read_bytes())
        counts = proc.out.with_suffix(".counts").read_bytes()
        for client in range(summary["clients"]):
            row = counts[client * count : (client + 1) * count]
            for index in accepted:
                receipts = row[index]
                missing += receipts == 0
                duplicates += max(0, receipts - 1)
    ordered = sorted(stream)
    fanouts = sorted(fanout)
    rtts = sorted(poster.rtts)
    answers = (after or 0) - before
    return LongPollResult(
        target="floor app" if floor else "nuit-server",
        clients=args.clients,
        poll_procs=args.poll_procs,
        client=args.client,
        seconds=args.seconds,
        interval_ms=args.interval * 1000,
        register_seconds=round(register_seconds, 2),
        fanouts=args.fanouts,
        fanout_p50_ms=_ms(_pct(fanouts, 50)),
        fanout_p99_ms=_ms(_pct(fanouts, 99)),
        fanout_max_ms=_ms(fanouts[-1] if fanouts else float("nan")),
        fanout_server_us_per_answer=round(single["server_us"], 1),
        fanout_pollers_us_per_answer=round(single["pollers_us"], 1),
        posts_sent=count,
        posts_accepted=len(accepted),
        post_rtt_p50_ms=_ms(_pct(rtts, 50)),
        post_rtt_p99_ms=_ms(_pct(rtts, 99)),
        deliveries=len(ordered),
        p50_ms=_ms(_pct(ordered, 50)),
        p99_ms=_ms(_pct(ordered, 99)),
        max_ms=_ms(ordered[-1] if ordered else float("nan")),
        missing=missing,
        duplicates=duplicates,
        poll_responses=answers,
        events_per_response=round(len(ordered) / answers, 2) if answers > 0 else 0.0,
        poll_errors=errors,
        posting_seconds=round(posting, 2),
        server_cpu_pct=pct_of(cpu["server"], cpu["wall"]),
        pollers_cpu_pct=pct_of(cpu["load"], cpu["wall"]),
        poster_cpu_pct=pct_of(cpu["me"], cpu["wall"]),
        others_cpu_pct=pct_of(cpu["others"], cpu["wall"]),
        server_cpu_us_per_answer=round(1e6 * cpu["server"] / max(1, answers), 1),
        pollers_cpu_us_per_answer=round(1e6 * cpu["load"] / max(1, answers), 1),
        loadavg_before=loadavg,
        drained=after is not None,
    )


def _pct(ordered: list[float], pct: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
