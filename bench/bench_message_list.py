"""Benchmark of the chat view: ``python bench/bench_message_list.py [--runs N] [--json]``.

Headless ``run_test()`` at 120×40, 100,000 messages (French prose of mixed
length, some long enough to wrap, a few code blocks and mentions):

(a) open: ``set_messages`` + first paint; goal <= 0.1 s.
(b) scroll to the end from the top, painted; goal <= 0.05 s.
(c) resident memory with the channel open: RSS delta from just before (a),
    after the layout has settled.

Baseline in the same run: the same host app with Textual's ``Log`` fed the
same 100,000 messages, one line each. Each widget is measured in its own
child process, so the memory of one run does not hide in the next; times are
medians over the runs. "painted" means a ``call_after_refresh`` callback ran,
i.e. the screen update that shows the result is done.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Log

from nuittui.widgets import MessageList, MessageRow

ROWS = 100_000
SIZE = (120, 40)
GOAL_OPEN = 0.1
GOAL_END = 0.05
T0 = datetime(2017, 3, 4, 8, 0, tzinfo=UTC)
VOCABULARY = (
    "le la les de du un une et à pour avec sur dans nous vous bug fix python api serveur équipe "
    "projet données citoyen ville numérique démocratie café nuit code test merci bravo déployé "
    "erreur jury salle rallonge vidéoprojecteur @bob Lyon Paris Genève"
)
WORDS = VOCABULARY.split()


def make_rows(count: int, seed: int = 2017) -> list[MessageRow]:
    """``count`` messages: 60 % short, 30 % a few lines, 8 % long, 2 % with a code block."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        kind = rng.random()
        if kind < 0.98:
            words = rng.randint(2, 14) if kind < 0.6 else rng.randint(15, 60) if kind < 0.9 else 200
            body = " ".join(rng.choices(WORDS, k=words))
        else:
            code = "\n".join(f"x_{i} = compute({i})  # {' '.join(rng.choices(WORDS, k=6))}" for i in range(6))
            body = f"regarde :\n```python\n{code}\n```\nça plante"
        rows.append(
            MessageRow(
                key=f"msg:{n}",
                author=rng.choice(["alice", "bob", "chloé", "driss"]),
                body=f"#{n} {body}",
                created_at=T0 + timedelta(seconds=n),
            )
        )
    return rows


def log_lines(rows: list[MessageRow]) -> list[str]:
    """The same messages as one ``Log`` line each: time, author, body (newlines flattened)."""
    return [f"{r.created_at:%H:%M} {r.author} {r.body.replace(chr(10), ' ')}" for r in rows]


def rss_kib() -> int:
    """Resident set size of this process, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Host(App[None]):
    """One widget filling the screen."""

    def __init__(self, make: Callable[[], Widget]) -> None:
        super().__init__()
        self._make = make

    def compose(self) -> ComposeResult:
        yield self._make()


async def painted(widget: Widget) -> float:
    """Wait until the screen has been updated with the widget's pending changes; the time then."""
    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    widget.call_after_refresh(lambda: done.set_result(time.perf_counter()))
    return await done


def shown_text(widget: Widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.scrollable_content_region.height))


async def measure_once(kind: str, rows: list[MessageRow], lines: list[str]) -> dict[str, float]:
    """One run: open, scroll to the end, memory. Checks the newest message is on screen."""
    make: Callable[[], Widget] = MessageList if kind == "message_list" else Log
    newest = f"#{len(rows) - 1} "
    app = Host(make)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(make)
        await pilot.pause()
        rss_before = rss_kib()

        start = time.perf_counter()
        if isinstance(widget, MessageList):
            widget.set_messages(rows, me="bob")
        else:
            widget.write_lines(lines)
        called = time.perf_counter() - start
        opened = await painted(widget) - start
        assert newest in shown_text(widget), "the newest message is on screen after opening"

        widget.scroll_home(animate=False, immediate=True)
        await painted(widget)
        await pilot.pause()
        start = time.perf_counter()
        widget.scroll_end(animate=False, immediate=True)
        ended = await painted(widget) - start
        assert newest in shown_text(widget), "the newest message is on screen after scrolling"

        for _ in range(150):  # the background layout settles in a few seconds; wait at most 15
            if not isinstance(widget, MessageList) or widget.layout_complete:
                break
            await asyncio.sleep(0.1)
        await pilot.pause()
        rss_delta = rss_kib() - rss_before
    return {"open_call": called, "open": opened, "end": ended, "rss_mib": rss_delta / 1024}


def child(kind: str, runs: int, count: int) -> dict[str, Any]:
    """Measure one widget ``runs`` times in this process (memory from the first, fresh run)."""
    rows = make_rows(count)
    lines = log_lines(rows)
    results = [asyncio.run(measure_once(kind, rows, lines)) for _ in range(runs)]
    keys = ("open_call", "open", "end")
    median = {key: statistics.median(r[key] for r in results) for key in keys}
    samples = {key: [round(r[key], 4) for r in results] for key in keys}
    return {**median, "rss_mib": results[0]["rss_mib"], "runs": runs, "samples": samples}


def run_child(kind: str, runs: int, count: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, "--runs", str(runs), "--rows", str(count)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def table(ours: dict[str, Any], log: dict[str, Any], count: int) -> str:
    """The results as a small table: ours, the Log baseline, their ratio, the goal."""
    rows = [
        ("(a) open + first paint", "open", GOAL_OPEN),
        ("    set_messages call only", "open_call", None),
        ("(b) scroll to end, painted", "end", GOAL_END),
        ("(c) RSS delta (MiB)", "rss_mib", None),
    ]
    out = [
        f"MessageList vs Log, {count:,} messages, {SIZE[0]}x{SIZE[1]}, median of {ours['runs']} runs",
        f"{'measure':30} {'MessageList':>12} {'Log':>10} {'ratio':>7}  goal",
    ]
    for label, key, goal in rows:
        mine, base = ours[key], log[key]
        ratio = f"{mine / base:.2f}" if base else "-"
        unit = "" if key == "rss_mib" else " s"
        verdict = "" if goal is None else f"<= {goal} s {'met' if mine <= goal else 'NOT met'}"
        out.append(f"{label:30} {mine:>10.3f}{unit:2} {base:>8.3f}{unit:2} {ratio:>7}  {verdict}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per widget (median reported)")
    parser.add_argument("--rows", type=int, default=ROWS, help="messages in the channel")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--child", choices=["message_list", "log"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.runs, args.rows)))
        return 0
    ours = run_child("message_list", args.runs, args.rows)
    log = run_child("log", args.runs, args.rows)
    goals = {"open": ours["open"] <= GOAL_OPEN, "end": ours["end"] <= GOAL_END}
    if args.json:
        print(json.dumps({"rows": args.rows, "message_list": ours, "log": log, "goals_met": goals}, indent=2))
    else:
        print(table(ours, log, args.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
