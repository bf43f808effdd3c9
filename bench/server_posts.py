"""Part (2) of ``bench_server.py``: accepted posts per second against a raw sqlite3 baseline."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson
from loadclient import RawConnection
from serverproc import CpuMeter, Profiler, Server, pct_of, register_users, wait_until_up

POST_BODY = "Quelqu'un a une rallonge près de la salle 2 ? On branche le vidéoprojecteur."


@dataclass
class PostsResult:
    """What part (2) measured."""

    posters: int
    seconds: float
    slices: int
    accepted: int
    refused: int
    posts_per_s: float
    baseline_rows_per_s: float
    ratio: float
    server_cpu_pct: float
    others_cpu_pct: float
    slice_ratios: list[float]


async def _post_loop(host: str, port: int, token: str, deadline: float, tally: list[int]) -> None:
    conn = RawConnection(host, port, token)
    body = orjson.dumps({"body": POST_BODY})
    try:
        while time.perf_counter() < deadline:
            status, _ = await conn.request("POST", "/v1/channels/all/messages", body)
            tally[0 if status == 201 else 1] += 1
    finally:
        await conn.close()


class Baseline:
    """A raw ``sqlite3`` loop: insert one comparable row and commit, in a fresh WAL database."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        # The server's messages table: same columns and indexes.
        self.conn.execute(
            "CREATE TABLE messages (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, author TEXT NOT NULL,"
            " body TEXT NOT NULL, announcement BOOLEAN NOT NULL, created_at TEXT NOT NULL,"
            " seq INTEGER NOT NULL UNIQUE, hidden_at TEXT)"
        )
        self.conn.execute("CREATE INDEX ix_messages_channel_seq ON messages (channel, seq)")
        self.conn.commit()
        self.rows = 0

    def run(self, seconds: float) -> int:
        """Insert and commit rows one by one for ``seconds``; answers how many."""
        done = 0
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self.rows += 1
            done += 1
            self.conn.execute(
                "INSERT INTO messages (channel, author, body, announcement, created_at, seq)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                ("all", "post0001", POST_BODY, False, datetime.now(UTC).isoformat(), self.rows),
            )
            self.conn.commit()
        return done

    def close(self) -> None:
        """Close the database."""
        self.conn.close()


async def posts_per_second(args: argparse.Namespace, folder: Path) -> PostsResult:
    """Part (2): accepted posts per second against the sqlite3 baseline.

    The disk's fsync time drifts on shared machines, so the two alternate in
    ``--slices`` rounds and each side sums its rounds.
    """
    server = Server(db=folder / "posts.db", extra_args=args.server_arg)
    server.start()
    baseline = Baseline(folder / "baseline.db")
    slice_seconds = args.post_seconds / args.slices
    server_time = baseline_time = 0.0
    baseline_rows = 0
    tally = [0, 0]
    ratios: list[float] = []
    cpu_server = cpu_others = 0.0
    try:
        await wait_until_up(server.host, server.port)
        tokens = await register_users(server.host, server.port, args.posters, prefix="post")
        profiler = Profiler(server.pid, args.profile and Path(f"{args.profile}-posts.txt"))
        for _ in range(args.slices):
            before = tally[0]
            meter = CpuMeter(server.pid, [])
            deadline = time.perf_counter() + slice_seconds
            await asyncio.gather(*(_post_loop(server.host, server.port, t, deadline, tally) for t in tokens))
            cpu = meter.stop()
            server_time += cpu["wall"]
            cpu_server += cpu["server"]
            cpu_others += cpu["others"] + cpu["me"]
            started = time.perf_counter()
            rows = baseline.run(slice_seconds)
            elapsed = time.perf_counter() - started
            baseline_rows += rows
            baseline_time += elapsed
            ratios.append(round(((tally[0] - before) / cpu["wall"]) / (rows / elapsed), 3))
        profiler.stop()
    finally:
        baseline.close()
        server.stop()
    rate = tally[0] / server_time
    base_rate = baseline_rows / baseline_time
    return PostsResult(
        posters=args.posters,
        seconds=round(server_time, 2),
        slices=args.slices,
        accepted=tally[0],
        refused=tally[1],
        posts_per_s=round(rate, 1),
        baseline_rows_per_s=round(base_rate, 1),
        ratio=round(rate / base_rate, 3),
        server_cpu_pct=pct_of(cpu_server, server_time),
        others_cpu_pct=pct_of(cpu_others, server_time),
        slice_ratios=ratios,
    )
