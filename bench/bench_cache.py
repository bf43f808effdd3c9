"""Benchmarks of the local cache: ``python bench/bench_cache.py [--json]``.

(a) apply a 10,000-event sync batch (messages across 20 channels, swaps, users)
    to a fresh cache; goal <= 0.2 s. Baseline: ``orjson.dumps`` of the same
    batch written to a file with fsync.
(b) apply ONE new message with 100,000 messages cached across channels; goal
    <= 5 ms (median of the runs). Baseline: one fsynced append of the
    message's JSON to a file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from nuittui.cache import LocalCache
from nuittui.models import (
    City,
    EventPublic,
    EventType,
    MessagePublic,
    Snapshot,
    SwapPublic,
    SwapStatus,
    SyncBatch,
    SyncEvent,
    Theme,
    UserPublic,
)

T0 = datetime(2017, 3, 4, 8, 0, tzinfo=UTC)
CITIES = ["lyon", "paris", "bordeaux", "nantes", "lille", "toulouse", "geneve"]
BODY = "Quelqu'un a une rallonge près de la salle 2 ? On branche le vidéoprojecteur pour la démo."
GOAL_BATCH = 0.2
GOAL_ONE = 0.005


def _event() -> EventPublic:
    return EventPublic(
        name="Nuit du Code Citoyen 2017",
        timezone="Europe/Paris",
        starts_at=T0,
        ends_at=T0 + timedelta(hours=34),
        jury_at=T0 + timedelta(hours=30),
        cities=[City(id=c, name=c.capitalize()) for c in CITIES],
        themes=[Theme(id="democratie", name="Démocratie numérique")],
    )


def _message(message_id: int, channel: str, seq: int) -> dict[str, Any]:
    return MessagePublic(
        id=message_id,
        channel=channel,
        author=f"user{message_id % 300}",
        body=BODY,
        created_at=T0 + timedelta(seconds=seq),
        seq=seq,
    ).model_dump(mode="json")


def _swap(swap_id: int, seq: int) -> dict[str, Any]:
    return SwapPublic(
        id=swap_id,
        title=f"Bug {swap_id}: la migration Alembic échoue",
        body="```\nsqlalchemy.exc.OperationalError: no such column: swaps.location\n```\n" * 3,
        tags=["python", "sqlalchemy"],
        city=CITIES[swap_id % len(CITIES)],
        author=f"user{swap_id}",
        status=SwapStatus.OPEN if seq % 3 else SwapStatus.CLAIMED,
        claimed_by=None if seq % 3 else f"user{swap_id + 1}",
        created_at=T0,
        updated_at=T0 + timedelta(seconds=seq),
    ).model_dump(mode="json")


def _user(n: int) -> dict[str, Any]:
    return UserPublic(
        handle=f"user{n}",
        display_name=f"Participant {n}",
        city=CITIES[n % len(CITIES)],
        skills=["python", "cartographie", "ux"],
        created_at=T0,
    ).model_dump(mode="json")


def _seeded(folder: Path, cursor: int) -> LocalCache:
    """A cache after a small first sync (a reset), as the app has before any incremental batch."""
    cache = LocalCache(folder)
    snapshot = Snapshot(
        event=_event(), users=[], projects=[], progress=[], swaps=[], schedule=[], messages=[]
    )
    cache.apply(SyncBatch(cursor=cursor, reset=True, snapshot=snapshot))
    return cache


def big_batch(start: int, count: int = 10_000) -> SyncBatch:
    """``count`` events after ``start``: 80 % messages over 20 channels, 15 % swaps, 5 % users."""
    channels = ["all", *(f"city:{c}" for c in CITIES), *(f"team:{i}" for i in range(1, 13))]
    events = []
    for i in range(count):
        seq = start + i + 1
        if i % 20 < 16:
            events.append(
                SyncEvent(seq=seq, type=EventType.MESSAGE, data=_message(seq, channels[i % 20], seq))
            )
        elif i % 20 < 19:
            events.append(SyncEvent(seq=seq, type=EventType.SWAP, data=_swap(i % 300, seq)))
        else:
            events.append(SyncEvent(seq=seq, type=EventType.USER, data=_user(i % 500)))
    return SyncBatch(cursor=start + count, events=events)


def _fsynced_write(path: Path, payload: bytes, *, append: bool = False) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median": statistics.median(ordered),
        "p90": ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))],
        "runs": len(ordered),
    }


def bench_batch(root: Path, runs: int) -> dict[str, Any]:
    """(a) a 10,000-event batch applied to a fresh cache."""
    batch = big_batch(start=100)
    as_json = batch.model_dump(mode="json")
    applied, baseline = [], []
    for run in range(runs):
        cache = _seeded(root / f"a{run}", cursor=100)
        applied.append(_timed(lambda c=cache: c.apply(batch)))
        target = root / f"baseline-a{run}.json"
        baseline.append(_timed(lambda t=target: _fsynced_write(t, orjson.dumps(as_json))))
    assert cache.message_count() == 8000, cache.message_count()
    return {"name": "apply 10,000-event batch", "goal": GOAL_BATCH, **_result(applied, baseline)}


def bench_one_message(root: Path, runs: int) -> dict[str, Any]:
    """(b) one new message with 100,000 messages cached across 50 channels."""
    layout = (
        [("all", 5000)]
        + [(f"city:{c}", 5000) for c in CITIES]
        + [(f"team:{i}", 2000) for i in range(1, 27)]
        + [(f"swap:{i}", 500) for i in range(1, 17)]
    )
    folder = root / "b"
    cache = _seeded(folder, cursor=0)
    seq = 0
    events = []
    for channel, count in layout:
        for _ in range(count):
            seq += 1
            events.append(SyncEvent(seq=seq, type=EventType.MESSAGE, data=_message(seq, channel, seq)))
    cache.apply(SyncBatch(cursor=seq, events=events))
    assert cache.message_count() == 100_000, cache.message_count()
    cache = LocalCache(folder)  # a fresh process: state.json only, chunks load on demand

    def one() -> SyncBatch:
        nonlocal seq
        seq += 1
        return SyncBatch(
            cursor=seq, events=[SyncEvent(seq=seq, type=EventType.MESSAGE, data=_message(seq, "all", seq))]
        )

    first = one()
    cold = _timed(lambda: cache.apply(first))
    applied, baseline = [], []
    log = root / "baseline-b.jsonl"
    for _ in range(runs):
        batch = one()
        applied.append(_timed(lambda b=batch: cache.apply(b)))
        line = orjson.dumps(batch.events[0].data) + b"\n"
        baseline.append(_timed(lambda p=line: _fsynced_write(log, p, append=True)))
    assert cache.messages("all", limit=1)[0].seq == seq
    result = _result(applied, baseline)
    result["first_apply_after_open"] = cold
    return {"name": "apply 1 message, 100,000 cached", "goal": GOAL_ONE, **result}


def _result(applied: list[float], baseline: list[float]) -> dict[str, Any]:
    mine, base = _summary(applied), _summary(baseline)
    return {
        "median": mine["median"],
        "p90": mine["p90"],
        "runs": mine["runs"],
        "baseline_median": base["median"],
        "ratio": mine["median"] / base["median"] if base["median"] else float("inf"),
    }


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print a table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--runs-batch", type=int, default=5)
    parser.add_argument("--runs-one", type=int, default=50)
    parser.add_argument("--dir", type=Path, default=None, help="where to write (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        results = [bench_batch(root, args.runs_batch), bench_one_message(root, args.runs_one)]
    for r in results:
        r["met"] = r["median"] <= r["goal"]
    if args.json:
        print(orjson.dumps(results, option=orjson.OPT_INDENT_2).decode())
        return 0
    print(f"{'benchmark':34} {'median':>9} {'p90':>9} {'goal':>8} {'met':>4} {'baseline':>9} {'ratio':>6}")
    for r in results:
        print(
            f"{r['name']:34} {r['median'] * 1e3:7.2f}ms {r['p90'] * 1e3:7.2f}ms {r['goal'] * 1e3:6.0f}ms "
            f"{'yes' if r['met'] else 'NO':>4} {r['baseline_median'] * 1e3:7.2f}ms {r['ratio']:6.1f}"
        )
    cold = results[1].get("first_apply_after_open")
    if cold is not None:
        print(f"(b) first apply after opening the cache (loads the newest chunk): {cold * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
