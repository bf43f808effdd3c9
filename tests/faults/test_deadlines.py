"""Every client path gives up by a total deadline when the network trickles or stays silent.

A ``trickle`` answer keeps every single read short (one byte every 2 s: nine minutes for the
whole answer), so only a *total* deadline per request ends it; ``silent`` never answers. Against
both, ``swap post``, ``chat send`` and ``swap claim`` return within 30 s (exit 0, the write
queued, one line saying why), ``sync`` within 30 s too (exit 1, one line saying the write is
still queued: a drain that cannot reach the server ends the command, without waiting out the
pull), ``login`` within 30 s (exit 1, one line); the engine's ``drain()`` within 30 s and its
``sync_once()`` within 60 s. When the network passes again, every write lands exactly once.

These bounds are the program's deadlines, not speed measurements: a shell path is timed from
the first request its rig saw (a process starting on a busy machine takes what it takes before
that), each is checked with a margin (``SLACK``), and a client still running at its bound is
stopped there, so a missing deadline fails the test instead of hanging it. To keep the
run short, every path meets both faults at the same time: one module fixture starts them all at
once (the shell as real processes, the engines on one event loop in a thread), each behind its
own rig, and the tests read what happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from nuittui.cli import main
from nuittui.client import ClientError
from nuittui.i18n import current_language, set_language
from nuittui.profiles import resolve_profile
from nuittui.profiles.paths import profile_data_dir
from nuittui.sync import SyncEngine
from tests.server.conftest import JOIN_CODE, make_db
from tests.sync.live import LiveServer

from .cases import SLOW, Case, claims_success, names_reason, numbers_next_to_queued, queue_swap, queued_line
from .exactly_once import ExactlyOnce, Standing, Write
from .rig import Rig

WRITE_DEADLINE = 30.0
SYNC_DEADLINE = 60.0
LOGIN_DEADLINE = 30.0
SLACK = 15.0
"""Added to each deadline before a path counts as late (a busy machine)."""
START_UP = 120.0
"""How long a shell process may take to send its first request before it is stopped (a failure bound)."""

SHELL_PATHS = {
    "swap post": WRITE_DEADLINE,
    "chat send": WRITE_DEADLINE,
    "swap claim": WRITE_DEADLINE,
    "sync": WRITE_DEADLINE,
    "login": LOGIN_DEADLINE,
    "login, first sync": LOGIN_DEADLINE,
}
ENGINE_PATHS = {
    "post_swap": WRITE_DEADLINE,
    "send_message": WRITE_DEADLINE,
    "claim": WRITE_DEADLINE,
    "sync_once": SYNC_DEADLINE,
}


@dataclass
class Outcome:
    """How one run of a path ended."""

    code: int | None = None
    out: str = ""
    err: str = ""
    elapsed: float = 0.0
    """Shell paths: from the first request the rig saw (or the start, if none) to the exit."""
    timed_out: bool = False
    """Still running at its deadline plus ``SLACK``: stopped there."""
    error: str | None = None
    """The engine: the ``ClientError`` it raised, or another exception's repr (``crashed``)."""
    crashed: bool = False


@dataclass(eq=False)
class Storm:
    """One path meeting one slow fault, behind its own rig, as one person (``handle``)."""

    fault: Case
    path: str
    deadline: float
    handle: str
    home: Path
    rig: Rig
    argv: list[str] = field(default_factory=list)
    ledger: ExactlyOnce | None = None
    write: Write | None = None
    swap_id: int | None = None
    outcome: Outcome = field(default_factory=Outcome)
    before: Standing | None = None
    """Where the write stood when the path gave up (before the network came back)."""
    accounts_before: int = 0
    recovered: Outcome | None = None

    @property
    def bound(self) -> float:
        return self.deadline + SLACK


def private_env(mp: pytest.MonkeyPatch, home: Path) -> None:
    """What the shell's ``home`` fixture does, for a whole module: a home of its own, English, no proxy."""
    mp.setenv("HOME", str(home))
    mp.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    mp.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    mp.setenv("LANG", "C.UTF-8")
    for name in list(os.environ):
        if name.startswith("NUIT_") or name.lower().endswith("_proxy") or name in ("LC_ALL", "LC_MESSAGES"):
            mp.delenv(name)


def process_env(home: Path) -> dict[str, str]:
    """The environment of a ``nuit-tui`` process living in ``home``."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    return env


def in_process(*argv: str) -> tuple[int, str, str]:
    """``nuit-tui ARGV`` in this process (in the current environment); code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def login_argv(storm: Storm) -> list[str]:
    handle = storm.handle
    return [
        "login",
        storm.rig.url,
        "--code",
        JOIN_CODE,
        "--handle",
        handle,
        "--city",
        "lyon",
        "--profile",
        handle,
    ]


def prepare(storm: Storm, server: LiveServer, zoe: str) -> None:
    """Log the person in through the (passing) rig and lay what the path will send."""
    if storm.path.startswith("login"):
        storm.argv = login_argv(storm)
        return
    code, _out, err = in_process(*login_argv(storm))
    assert code == 0, f"setting up {storm.handle}: {err}"
    data_dir = profile_data_dir(storm.handle)
    ledger = storm.ledger = ExactlyOnce(server.db_path, data_dir, storm.handle)
    profile = ["--profile", storm.handle]
    if storm.path in ("swap post", "post_swap"):
        storm.write = ledger.swap(f"{storm.handle}: stuck on a bug")
        storm.argv = ["swap", "post", storm.write.text, *profile]
    elif storm.path in ("chat send", "send_message"):
        storm.write = ledger.message("all", f"{storm.handle}: hello")
        storm.argv = ["chat", "send", "all", storm.write.text, *profile]
    elif storm.path in ("swap claim", "claim"):
        answer = server.call(zoe, "POST", "/v1/swaps", {"title": f"zoe needs {storm.handle}", "tags": []})
        assert answer.status_code == 201, answer.text
        storm.swap_id = int(answer.json()["id"])
        storm.write = ledger.claim(storm.swap_id)
        storm.argv = ["swap", "claim", str(storm.swap_id), *profile]
    else:  # sync, sync_once: a write queued earlier (offline) waits in the outbox
        storm.write = ledger.swap(f"{storm.handle}: queued earlier")
        queue_swap(data_dir, storm.write.text)
        storm.argv = ["sync", *profile]


async def run_engine(storm: Storm) -> None:
    """The engine's path, bounded: the write queued by its own method, then ``drain()`` or ``sync_once()``."""
    outcome = storm.outcome
    engine = SyncEngine.from_profile(resolve_profile(storm.handle))
    try:
        if storm.path == "post_swap":
            assert storm.write is not None
            await engine.post_swap({"title": storm.write.text})
        elif storm.path == "send_message":
            assert storm.write is not None
            await engine.send_message("all", storm.write.text)
        elif storm.path == "claim":
            assert storm.swap_id is not None
            await engine.claim(storm.swap_id)
        started = time.monotonic()
        operation = engine.sync_once() if storm.path == "sync_once" else engine.drain()
        try:
            await asyncio.wait_for(operation, storm.bound)
        except TimeoutError:
            outcome.timed_out = True
        except ClientError as error:
            outcome.error = error.message
        except Exception as error:
            outcome.error, outcome.crashed = repr(error), True
        outcome.elapsed = time.monotonic() - started
    finally:
        await engine.aclose()


def run_all(storms: list[Storm]) -> None:
    """Start every path at once; each is stopped at its bound if it has not returned by then."""
    engines = [s for s in storms if s.path in ENGINE_PATHS]
    shells = [s for s in storms if s.path in SHELL_PATHS]

    async def all_engines() -> None:
        await asyncio.gather(*(run_engine(s) for s in engines))

    thread = threading.Thread(target=asyncio.run, args=(all_engines(),), name="storm-engines", daemon=True)
    thread.start()
    running: dict[Storm, tuple[subprocess.Popen[str], float]] = {}
    earlier = {storm: len(storm.rig.seen) for storm in shells}  # what setting up sent through the rig
    for storm in shells:
        process = subprocess.Popen(
            [sys.executable, "-m", "nuittui.cli", *storm.argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=process_env(storm.home),
        )
        running[storm] = (process, time.monotonic())
    try:
        while running:
            for storm, (process, started) in list(running.items()):
                now = time.monotonic()
                seen = storm.rig.seen[earlier[storm] :]
                # The deadline runs from the first request: starting Python is not the program's wait.
                since = seen[0].at if seen else started
                limit = since + storm.bound if seen else started + START_UP
                if process.poll() is None and now < limit:
                    continue
                if process.poll() is None:
                    process.kill()
                    storm.outcome.timed_out = True
                out, err = process.communicate(timeout=30)
                storm.outcome.code = None if storm.outcome.timed_out else process.returncode
                storm.outcome.out, storm.outcome.err = out, err
                storm.outcome.elapsed = now - since
                del running[storm]
            time.sleep(0.05)
    finally:
        for process, _started in running.values():
            process.kill()
            process.communicate()
    thread.join(timeout=max(ENGINE_PATHS.values()) + SLACK + START_UP)
    assert not thread.is_alive(), "the engines did not stop"


def recover(storms: list[Storm]) -> None:
    """The network passes again: each person syncs (or logs in again) once."""
    processes = []
    for storm in storms:
        if storm.path in ENGINE_PATHS:
            storm.recovered = Outcome()
            try:
                asyncio.run(_sync_once(storm.handle))
                storm.recovered.code = 0
            except ClientError as error:
                storm.recovered.code, storm.recovered.error = 1, error.message
            continue
        argv = storm.argv if storm.path == "login" else ["sync", "--profile", storm.handle]
        process = subprocess.Popen(
            [sys.executable, "-m", "nuittui.cli", *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=process_env(storm.home),
        )
        processes.append((storm, process))
    for storm, process in processes:
        out, err = process.communicate(timeout=120)
        storm.recovered = Outcome(code=process.returncode, out=out, err=err)


async def _sync_once(handle: str) -> None:
    engine = SyncEngine.from_profile(resolve_profile(handle))
    try:
        await engine.sync_once()
    finally:
        await engine.aclose()


def accounts(server: LiveServer, handle: str) -> int:
    """How many accounts the server has with ``handle``."""
    with contextlib.closing(sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)) as conn:
        return int(conn.execute("SELECT count(*) FROM users WHERE handle = ?", (handle,)).fetchone()[0])


@pytest.fixture(scope="module")
def storms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], Storm]]:
    """Every path against ``trickle`` and ``silent`` at once, then the network back; what happened."""
    root = tmp_path_factory.mktemp("storm")
    shared_home = root / "home"
    language = current_language()
    rigs: list[Rig] = []
    server: LiveServer | None = None
    with pytest.MonkeyPatch.context() as mp:
        private_env(mp, shared_home)
        set_language("en")
        keyring.set_keyring(null.Keyring())
        try:
            server = LiveServer(make_db(root / "city.db")).start()
            zoe = server.register("zoe", city="lyon")
            found: dict[tuple[str, str], Storm] = {}
            for fault in SLOW:
                for path, deadline in {**SHELL_PATHS, **ENGINE_PATHS}.items():
                    rig = Rig(server.url).start()
                    rigs.append(rig)
                    handle = f"{fault.name[0]}-{path.replace(', ', '-').replace(' ', '-').replace('_', '-')}"
                    home = root / handle if path.startswith("login") else shared_home
                    storm = Storm(fault, path, deadline, handle, home, rig)
                    prepare(storm, server, zoe)
                    if path == "login, first sync":
                        fault.apply(rig, but="/v1/auth/register")
                    else:
                        fault.apply(rig)
                    found[(fault.name, path)] = storm
            all_storms = list(found.values())
            run_all(all_storms)
            for storm in all_storms:
                storm.rig.clear()
                if storm.ledger is not None and storm.write is not None:
                    storm.before = storm.ledger.standing(storm.write)
                storm.accounts_before = accounts(server, storm.handle)
            recover(all_storms)
        finally:
            for rig in rigs:
                rig.stop()
            if server is not None:
                server.close()
            set_language(language)
    yield found
    for rig in rigs:
        assert not rig.errors, rig.errors


def storm_of(storms: dict[tuple[str, str], Storm], fault: Case, path: str) -> Storm:
    storm = storms[(fault.name, path)]
    outcome = storm.outcome
    assert "Traceback" not in outcome.err, outcome.err
    assert not outcome.crashed, outcome.error
    assert not outcome.timed_out, (
        f"{path!r} against {fault} was still running {storm.bound:.0f} s after its first request "
        f"(or sent none within {START_UP:.0f} s): no total deadline "
        f"(stdout {outcome.out!r}, stderr {outcome.err!r})"
    )
    assert outcome.elapsed <= storm.bound, f"{path!r} against {fault} took {outcome.elapsed:.0f} s"
    return storm


def landed_once_after(storm: Storm) -> None:
    """The write waited in the outbox while the network lied, then landed exactly once."""
    assert storm.before is not None and storm.ledger is not None and storm.write is not None
    assert (storm.before.landed, storm.before.queued, storm.before.dead) == (0, 1, 0), storm.before
    assert storm.recovered is not None and storm.recovered.code == 0, storm.recovered
    storm.ledger.check(settled=True)
    assert storm.ledger.standing(storm.write).landed == 1


@pytest.mark.parametrize("fault", SLOW, ids=str)
@pytest.mark.parametrize("command", ["swap post", "chat send", "swap claim"])
def test_a_write_command_gives_up_by_its_deadline_and_keeps_the_write_queued(storms, command, fault) -> None:
    storm = storm_of(storms, fault, command)
    outcome = storm.outcome
    lines = outcome.err.splitlines()
    assert outcome.code == 0, outcome.err
    assert len(lines) == 1 and queued_line(lines[0]), f"not one `queued:` line: {outcome.err!r}"
    assert names_reason(lines[0], fault) or "connection" in lines[0], lines[0]
    assert not claims_success(outcome.out), outcome.out
    landed_once_after(storm)


@pytest.mark.parametrize("fault", SLOW, ids=str)
def test_sync_gives_up_by_its_deadline_saying_the_write_is_still_queued(storms, fault) -> None:
    storm = storm_of(storms, fault, "sync")
    outcome = storm.outcome
    lines = outcome.err.splitlines()
    assert outcome.code == 1, (outcome.out, outcome.err)
    assert len(lines) == 1, lines
    assert 1 in numbers_next_to_queued(lines[0]), f"does not say 1 write is still queued: {lines[0]!r}"
    landed_once_after(storm)


@pytest.mark.parametrize("fault", SLOW, ids=str)
def test_login_gives_up_by_its_deadline_in_one_line(storms, fault) -> None:
    storm = storm_of(storms, fault, "login")
    outcome = storm.outcome
    assert outcome.code == 1, (outcome.out, outcome.err)
    assert len(outcome.err.splitlines()) == 1, outcome.err
    assert "logged in" not in outcome.out
    assert storm.accounts_before == 0  # neither fault lets a request through
    assert storm.recovered is not None and storm.recovered.code == 0, storm.recovered
    assert "logged in as" in storm.recovered.out


@pytest.mark.parametrize("fault", SLOW, ids=str)
def test_login_whose_first_sync_hangs_is_logged_in_by_the_deadline(storms, fault) -> None:
    storm = storm_of(storms, fault, "login, first sync")
    outcome = storm.outcome
    assert outcome.code == 0, outcome.err
    assert "logged in as" in outcome.out
    assert len(outcome.err.splitlines()) == 1, outcome.err
    assert storm.accounts_before == 1
    assert storm.recovered is not None and storm.recovered.code == 0, storm.recovered


@pytest.mark.parametrize("fault", SLOW, ids=str)
@pytest.mark.parametrize("method", ["post_swap", "send_message", "claim"])
def test_the_engine_drain_gives_up_by_a_deadline_and_keeps_the_write_queued(storms, method, fault) -> None:
    storm = storm_of(storms, fault, method)
    landed_once_after(storm)


@pytest.mark.parametrize("fault", SLOW, ids=str)
def test_the_engine_sync_once_gives_up_by_a_deadline_with_a_client_error(storms, fault) -> None:
    storm = storm_of(storms, fault, "sync_once")
    assert storm.outcome.error, "sync_once returned as if it had synced"
    landed_once_after(storm)
