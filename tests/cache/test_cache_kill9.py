"""kill -9 at random moments: every file still loads, and every acknowledged write is kept.

A helper process imports everything and builds the models' validators once, then
forks a writer per try (a real process, killed with SIGKILL), so each try costs
milliseconds instead of an interpreter start. Several helpers on separate folders run side by side.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from nuittui.cache import LocalCache, Outbox

from .cache_builders import Stream, reset_batch

HERE = Path(__file__).parent
TRIES_PER_LANE = 36
LANES = 3
HISTORY = 40
EARLY_EVERY = 4
"""Every fourth kill does not wait for the writer to be busy: it may land while it starts up."""
ACK_WITHIN = 60.0
"""A generous bound on a forked writer's first acknowledgement (a failure, not a speed)."""

FORK_SERVER = textwrap.dedent(
    """
    import os, random, sys
    from pathlib import Path
    from cache_builders import message, swap, user
    from nuittui.cache import LocalCache, Outbox
    from nuittui.models import EventType, SyncBatch, SyncEvent, build_all

    build_all()  # once, before forking: the models build their validators on first use

    CHANNELS = ["all", "city:lyon", "city:paris", "team:1", "swap:2"]

    def event_at(seq):
        # Like the server's log: the event at a seq is always the same, whoever fetches it.
        rng = random.Random(seq)
        pick = rng.random()
        if seq %% 3 == 0 or pick < 0.6:
            channel = "all" if seq %% 3 == 0 else rng.choice(CHANNELS)
            data = message(seq, channel, seq).model_dump(mode="json")
            return SyncEvent(seq=seq, type=EventType.MESSAGE, data=data)
        if pick < 0.85:
            data = swap(rng.randint(1, 15), minutes=seq).model_dump(mode="json")
            return SyncEvent(seq=seq, type=EventType.SWAP, data=data)
        data = user(f"u{rng.randint(1, 9)}-x", "lille").model_dump(mode="json")
        return SyncEvent(seq=seq, type=EventType.USER, data=data)

    def write_forever(folder, run):
        cache = LocalCache(folder, history_per_channel=%(history)d)
        outbox = Outbox.in_folder(folder)
        rng = random.Random(run)
        while True:
            cursor = cache.cursor()
            end = (cursor // 3 + rng.randint(1, 9)) * 3  # each batch ends with a message in "all"
            cache.apply(SyncBatch(cursor=end, events=[event_at(s) for s in range(cursor + 1, end + 1)]))
            print("A", end, flush=True)
            entry = outbox.enqueue("message", "POST", "/v1/channels/all/messages", {"body": "hors ligne"},
                                   order_key="all", summary="Message in #all")
            print("K", entry.key, flush=True)

    folder = Path(sys.argv[1])
    for line in sys.stdin:
        command, *args = line.split()
        if command == "fork":
            pid = os.fork()
            if pid == 0:
                try:
                    fd = os.open(args[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                    os.dup2(fd, 1)
                    write_forever(folder, int(args[0]))
                finally:
                    os._exit(0)
            print(pid, flush=True)
        elif command == "reap":
            os.waitpid(int(args[0]), 0)
            print("reaped", flush=True)
    """
) % {"history": HISTORY}


def check_folder(folder: Path, log: Path, start: int) -> tuple[int, int]:
    """Everything loads, the cursor's data is there, every acknowledged write is queued.

    Returns how many lines the writer acknowledged, and how many of them were queued writes.
    """
    cache = LocalCache(folder, history_per_channel=HISTORY)
    outbox = Outbox.in_folder(folder)
    cursor = cache.cursor()
    assert cursor is not None
    cache.users(), cache.swaps(), cache.projects(), cache.progress(), cache.schedule(), cache.event()
    for channel in cache.channels():
        cache.messages(channel.id)
    assert cache.quarantined == [] and outbox.quarantined == [], cache.reset_reason
    # The cursor never covers data that is not on disk: the message at the cursor is there.
    # (Data newer than the cursor may be: the same events come again and are upserts.)
    assert cursor == start or cursor in {m.seq for m in cache.messages("all")}
    lines = log.read_text().splitlines(keepends=True) if log.exists() else []  # killed before opening it
    done = [line.split() for line in lines if line.endswith("\n")]  # a line cut by the kill is not an ack
    applied = [int(parts[1]) for parts in done if parts[0] == "A"]
    assert cursor >= max(applied, default=0)
    keys = {parts[1] for parts in done if parts[0] == "K"}
    queued = {entry.key for entry in outbox.pending()}
    assert keys <= queued, f"lost {len(keys - queued)} acknowledged writes"
    for key in keys:
        outbox.mark_sent(key)  # what the sync engine does once delivered; keeps the file small
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == [], leftovers
    return len(done), len(keys)


def wait_for_first_queued_write(log: Path, pid: int) -> None:
    """Return once the writer has acknowledged a queued write: it is in its loop of applies and enqueues.

    Waiting on that, not on a fixed time, makes the kill land inside the loop however slow the
    machine is (a busy machine may not even have run the forked writer yet after 50 ms).
    """
    deadline = time.monotonic() + ACK_WITHIN
    while True:
        with contextlib.suppress(FileNotFoundError):
            complete = log.read_bytes().split(b"\n")[:-1]  # a line still being written is no ack
            if any(line.startswith(b"K ") for line in complete):
                return
        assert time.monotonic() < deadline, f"writer {pid} queued nothing within {ACK_WITHIN} s"
        time.sleep(0.002)


def run_lane(lane: int, root: Path) -> tuple[int, int, int, int]:
    folder = root / f"lane{lane}"
    stream = Stream()
    LocalCache(folder, history_per_channel=HISTORY).apply(reset_batch(stream)[0])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen(
        [sys.executable, "-c", FORK_SERVER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(lane)
    kills = writes = busy = in_loop = 0
    try:
        for attempt in range(TRIES_PER_LANE):
            log = root / f"lane{lane}-{attempt}.log"
            server.stdin.write(f"fork {lane * 1000 + attempt} {log}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            if attempt % EARLY_EVERY:
                # In the loop: after its first queued write, at a random moment of what follows.
                wait_for_first_queued_write(log, pid)
                in_loop += 1
                time.sleep(rng.uniform(0.0, 0.03))
            else:
                time.sleep(rng.uniform(0.0, 0.01))  # anywhere, starting up included
            os.kill(pid, signal.SIGKILL)
            server.stdin.write(f"reap {pid}\n")
            server.stdin.flush()
            assert server.stdout.readline().strip() == "reaped"
            kills += 1
            acked, queued = check_folder(folder, log, stream.seq)
            writes += queued
            busy += acked > 0
    finally:
        server.stdin.close()
        server.wait(timeout=60)
    return kills, writes, busy, in_loop


@pytest.mark.slow
def test_kill_minus_9_at_random_moments_never_breaks_the_cache_or_loses_a_queued_write(
    tmp_path: Path,
) -> None:
    with ThreadPoolExecutor(LANES) as pool:
        results = list(pool.map(lambda lane: run_lane(lane, tmp_path), range(LANES)))
    kills, writes, busy, in_loop = (sum(column) for column in zip(*results, strict=True))
    assert kills == LANES * TRIES_PER_LANE
    # Most kills hit a writer in its loop of applies and enqueues, not while starting up: each of
    # those waited for the writer's first queued write, so this holds however busy the machine is.
    assert in_loop >= kills // 2 and busy >= in_loop and writes >= in_loop, (kills, writes, busy, in_loop)
