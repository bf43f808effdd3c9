"""Benchmarks of the city API server: ``python bench/bench_server.py [--seconds 60] [--json]``.

Each part runs a real ``nuit-server serve --no-rate-limit`` in its own process
on 127.0.0.1 (free port, fresh database in a temporary folder):

(1) long-poll delivery: ``--clients`` (1,000) long-poll clients, in
    ``--poll-procs`` separate processes, loop on
    ``GET /v1/sync?since=<cursor>&timeout=25`` while one client posts a chat
    message every ``--interval`` (50 ms) for ``--seconds`` (60 s). Each body
    carries its send time (``time.perf_counter``, the machine's monotonic
    clock); delivery latency = receive time minus send time, over every
    (message, client) pair. Goals: p99 <= 100 ms, no message lost (every client
    gets every accepted message exactly once: missing and duplicates counted).
(2) accepted posts per second: ``--posters`` (16) concurrent posters, one
    token each, posting for ``--post-seconds`` (10 s); goal >= 0.5x the
    baseline: a raw ``sqlite3`` loop inserting a comparable row and committing,
    in a fresh WAL database with synchronous=FULL, for the same duration.

CPU used by the server and by the load processes is read from ``/proc``.
The default client is raw HTTP/1.1 over asyncio streams on uvloop (``--client
httpx``: an httpx.AsyncClient per client, about 15x the CPU per answer, which
makes the client the bottleneck). ``--floor`` also runs part (1) against
``floor_app.py``, the bare long poll on the same stack. See README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from loadclient import install_uvloop, raise_nofile_limit
from server_longpoll import LongPollResult, long_poll
from server_posts import PostsResult, posts_per_second

GOAL_P99_MS = 100.0
GOAL_RATIO = 0.5


# ---- report ---------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What ran the benchmark."""
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "tmpdir": tempfile.gettempdir(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _row(what: str, value: str, goal: str = "", met: bool | None = None) -> str:
    verdict = "" if met is None else ("met" if met else "NOT met")
    return f"  {what:<44} {value:>14}  {goal:>10}  {verdict}"


def print_table(
    info: dict[str, Any], lp: LongPollResult | None, posts: PostsResult | None, floor: LongPollResult | None
) -> None:
    """The human-readable report."""
    print(f"nuit-server benchmarks: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}")
    print(f"  {info['platform']}; databases in {info['tmpdir']}")
    print(_row("", "measured", "goal", None) + "result")
    if lp is not None:
        _print_long_poll(lp, "(1)")
    if posts is not None:
        _print_posts(posts)
    if floor is not None:
        _print_long_poll(floor, "(floor)")


def _print_long_poll(lp: LongPollResult, label: str) -> None:
    print(
        f"{label} long-poll delivery from {lp.target}: {lp.clients} clients in {lp.poll_procs} process(es),"
        f" {lp.client} client; 1 message / {lp.interval_ms:g} ms for {lp.seconds:g} s"
    )
    goal = f"<= {GOAL_P99_MS:g} ms"
    print(_row("delivery latency p50", f"{lp.p50_ms:.1f} ms"))
    print(_row("delivery latency p99", f"{lp.p99_ms:.1f} ms", goal, lp.p99_ms <= GOAL_P99_MS))
    print(_row("delivery latency max", f"{lp.max_ms:.1f} ms"))
    lost = lp.missing + lp.duplicates
    print(
        _row("lost: missing + duplicates", f"{lp.missing} + {lp.duplicates}", "0", lost == 0 and lp.drained)
    )
    print(_row("deliveries (message, client) pairs", f"{lp.deliveries}"))
    print(_row("posts accepted / sent", f"{lp.posts_accepted} / {lp.posts_sent}"))
    print(_row("post round trip p50 / p99", f"{lp.post_rtt_p50_ms:.1f} / {lp.post_rtt_p99_ms:.1f} ms"))
    print(_row("poll answers; messages per answer", f"{lp.poll_responses}; {lp.events_per_response}"))
    print(_row("posting took", f"{lp.posting_seconds:.1f} s"))
    cpu = f"{lp.server_cpu_pct:.0f}/{lp.pollers_cpu_pct:.0f}/{lp.poster_cpu_pct:.0f}/{lp.others_cpu_pct:.0f}"
    print(_row("CPU % of a core: server/pollers/poster/others", cpu))
    per_answer = f"{lp.server_cpu_us_per_answer:.0f} / {lp.pollers_cpu_us_per_answer:.0f} us"
    print(_row("CPU per poll answer: server / pollers", per_answer))
    print(f"  {lp.fanouts} single fan-outs (one message, every client answered before the next):")
    print(_row("delivery latency p50 / p99", f"{lp.fanout_p50_ms:.1f} / {lp.fanout_p99_ms:.1f} ms"))
    print(_row("last client served (max)", f"{lp.fanout_max_ms:.1f} ms"))
    per_answer = f"{lp.fanout_server_us_per_answer:.0f} / {lp.fanout_pollers_us_per_answer:.0f} us"
    print(_row("CPU per poll answer: server / pollers", per_answer))
    print(_row("load average before the run", f"{lp.loadavg_before:.2f}"))


def _print_posts(posts: PostsResult) -> None:
    print(
        f"(2) accepted posts: {posts.posters} concurrent posters for {posts.seconds:g} s,"
        f" alternating with the baseline in {posts.slices} rounds"
    )
    print(_row("accepted posts/s (201)", f"{posts.posts_per_s:.0f} /s"))
    print(_row("sqlite3 insert+commit baseline", f"{posts.baseline_rows_per_s:.0f} /s"))
    print(_row("ratio", f"{posts.ratio:.2f}x", f">= {GOAL_RATIO:g}x", posts.ratio >= GOAL_RATIO))
    print(_row("refused posts", f"{posts.refused}"))
    print(
        _row("CPU % of a core: server / others", f"{posts.server_cpu_pct:.0f} / {posts.others_cpu_pct:.0f}")
    )
    print(_row("ratio per round", " ".join(f"{r:.2f}" for r in posts.slice_ratios)))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60, help="posting time of part (1) (default 60)")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between posts (default 0.05)")
    parser.add_argument("--clients", type=int, default=1000, help="long-poll clients (default 1000)")
    parser.add_argument("--poll-procs", type=int, default=1, help="processes holding the clients (default 1)")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw", help="poll client (default raw)")
    parser.add_argument("--drain", type=float, default=15, help="seconds allowed for the last deliveries")
    parser.add_argument("--posters", type=int, default=16, help="concurrent posters of part (2) (default 16)")
    parser.add_argument("--post-seconds", type=float, default=10, help="duration of part (2) (default 10)")
    parser.add_argument(
        "--slices", type=int, default=5, help="rounds alternating server and baseline in part (2) (default 5)"
    )
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra argument for `nuit-server serve` (repeatable)",
    )
    parser.add_argument(
        "--fanouts", type=int, default=10, help="single fan-outs before part (1) (default 10)"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also run part (1) against bench/floor_app.py, the bare long poll on the same stack",
    )
    parser.add_argument("--only", choices=["longpoll", "posts"], help="run one part only")
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="record the server with py-spy into PREFIX-longpoll.txt / PREFIX-posts.txt (collapsed stacks)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    return parser.parse_args(argv)


async def _run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    report: dict[str, Any] = {"machine": machine(), "goals": {"p99_ms": GOAL_P99_MS, "ratio": GOAL_RATIO}}
    if args.only in (None, "longpoll"):
        lp = await long_poll(args, folder)
        report["longpoll"] = asdict(lp)
        report["longpoll"]["met_p99"] = lp.p99_ms <= GOAL_P99_MS
        report["longpoll"]["met_lost"] = lp.missing + lp.duplicates == 0 and lp.drained
    if args.only in (None, "posts"):
        posts = await posts_per_second(args, folder)
        report["posts"] = asdict(posts)
        report["posts"]["met_ratio"] = posts.ratio >= GOAL_RATIO
    if args.floor:
        report["floor"] = asdict(await long_poll(args, folder, floor=True))
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the report."""
    args = parse_args(argv)
    # Inherited by the server and the poller processes: a socket per client on each side.
    raise_nofile_limit(args.clients + 1024)
    install_uvloop()
    with tempfile.TemporaryDirectory(prefix="nuit-bench-") as tmp:
        report = asyncio.run(_run(args, Path(tmp)))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_report(report)
    return 0


def _print_report(report: dict[str, Any]) -> None:
    def fields(part: str) -> dict[str, Any]:
        return {k: v for k, v in report[part].items() if not k.startswith("met_")}

    lp = LongPollResult(**fields("longpoll")) if "longpoll" in report else None
    posts = PostsResult(**fields("posts")) if "posts" in report else None
    floor = LongPollResult(**fields("floor")) if "floor" in report else None
    print_table(report["machine"], lp, posts, floor)


if __name__ == "__main__":
    sys.exit(main())
