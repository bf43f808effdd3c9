"""Benchmark: ``nuit-tui`` from launch to the home screen painted in a real terminal, against a bare
Textual hello world measured the same way in the same run.

Each runs in tmux (``tmux new -d -x 120 -y 40``); the clock stops when ``capture-pane`` shows the
marker: for nuit-tui, the home screen's countdown title and the schedule item on now (read from
the cache); for the hello world, its one line. Then each is quit with ctrl+q, as a user quits,
and waited for.

nuit-tui starts four ways per round, each against the hello world of the same run (goal ≤ 1.3x):

- "relaunch": ``nuit-tui --profile demo`` as it last quit (the profile logged in and synced before
  the runs, against a demo server on 127.0.0.1 started here);
- "after a shell command": the same, a ``nuit-tui sync`` having written to the cache just before;
- "after login": ``nuit-tui`` on a fresh profile that ``nuit-tui login URL --code … --handle …``
  registered and synced just before (untimed), the first start of that profile;
- "--demo": ``nuit-tui --demo`` in a home of its own, the demo's second start or later: Home from
  the demo's cache while its server starts (the run waits for it to be online before quitting).

All draw Home from the cache's rows through the read model before the engine and the contract's
models load (``nuittui.sync.first_paint``). For information, "--demo, first start": ``nuit-tui
--demo`` in a new home each round, timed to Home's empty panels painted ("starting the demo…")
and, apart, to Home filled by the first sync once the demo is up.

Two more programs are floors, measured to tell what the goal allows: "hello + model", the
hello world once it has validated the cached event with the contract's pydantic model
(importing pydantic and building that validator), the least any first screen of typed data
pays; and "home layout", Home's widgets (section bar, five bordered panels, status line,
footer with its keys) filled with fixed text and no data layer. Runs alternate; the median of
each is kept.

    python bench/bench_app_launch.py [--runs 7] [--goal 1.3] [--history 500]

With ``--history`` the demo server is stopped before the runs (the cache holds that much more
than the server): the start after login, which needs it, is left out. Needs tmux and the
``server`` extra. Everything it writes goes to a temporary XDG home.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

DEMO_JOIN_CODE = "nuit2017"
"""The demo's join code (``nuittui.server.demo``), for the runs that log in as newcomers."""

HELLO = textwrap.dedent(
    """
    from textual.app import App, ComposeResult
    from textual.widgets import Static


    class Hello(App):
        def compose(self) -> ComposeResult:
            yield Static("hello-bench-marker")


    Hello().run()
    """
)
CHROME = textwrap.dedent(
    """
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Grid, Vertical
    from textual.widgets import Footer, Static

    SECTIONS = ("Home", "Projects", "Swaps", "Chat", "Schedule", "Cities")


    class Chrome(App):
        CSS = \"""
        .panel { border: round $primary-darken-2; border-title-color: $accent; padding: 0 1; }
        #grid { grid-size: 2; grid-columns: 3fr 2fr; grid-rows: auto 1fr; height: 1fr; }
        #body { height: 1fr; }
        #bar, #status { height: 1; background: $panel; }
        \"""
        BINDINGS = [
            *(Binding(str(n), f"noop('{s}')", s) for n, s in enumerate(SECTIONS, start=1)),
            Binding("f1", "noop", "Help"),
            Binding("s", "noop", "My swaps"),
            Binding("m", "noop", "Mentions"),
            Binding("q", "quit", "Quit"),
        ]

        def action_noop(self, section: str = "") -> None:
            pass

        def compose(self) -> ComposeResult:
            yield Static("nuit-tui  " + "  ".join(SECTIONS), id="bar")
            with Vertical(id="body"):
                with Grid(id="grid"):
                    for title in ("Now and next", "Countdown", "My team", "My swaps"):
                        panel = Static("hello-bench-marker", classes="panel")
                        panel.border_title = title
                        yield panel
                mentions = Static("-", classes="panel")
                mentions.border_title = "Mentions of me"
                yield mentions
            yield Static("online", id="status")
            yield Footer()


    Chrome().run()
    """
)
FLOOR = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from nuittui.models import EventPublic

    event = EventPublic.model_validate_json(Path(sys.argv[1]).read_bytes())


    class Hello(App):
        def compose(self) -> ComposeResult:
            yield Static(f"hello-bench-marker {len(event.cities)} cities")


    Hello().run()
    """
)
HOME_MARKERS = ("Countdown to the jury", "La nuit du code")
HELLO_MARKERS = ("hello-bench-marker",)
DEMO_STARTING_MARKERS = ("Countdown to the jury", "starting the demo…")
"""The demo's very first start: Home's panels, empty, while the demo starts."""
DEMO_FILLED_MARKERS = ("La nuit du code", "@moi", "● online")
ONLINE_MARKERS = ("● online",)
TIMEOUT = 60.0


def tmux(socket: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one tmux command on the benchmark's own tmux server."""
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, check=False)


def launch_to_marker(
    socket: str,
    name: str,
    command: str,
    markers: tuple[str, ...],
    then: tuple[str, ...] = (),
) -> tuple[float, float | None]:
    """Seconds from starting ``command`` in a 120×40 tmux pane until every marker is on screen.

    With ``then``, also the seconds until those show too (the second number, else None). Then the
    program is quit with ctrl+q and waited for (untimed), so what it saves at exit is saved.
    """
    start = time.perf_counter()
    tmux(socket, "new-session", "-d", "-x", "120", "-y", "40", "-s", name, command)
    try:
        elapsed = wait_markers(socket, name, markers, start)
        later = wait_markers(socket, name, then, start) if then else None
        time.sleep(0.5)  # let it settle (nuit-tui loads its engine after the first paint)
        tmux(socket, "send-keys", "-t", name, "C-q")
        deadline = time.perf_counter() + TIMEOUT
        while not pane_dead(socket, name):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{name}: still running {TIMEOUT} s after ctrl+q")
            time.sleep(0.02)
        return elapsed, later
    finally:
        tmux(socket, "kill-session", "-t", name)


def wait_markers(socket: str, name: str, markers: tuple[str, ...], start: float) -> float:
    """Seconds from ``start`` until every one of ``markers`` is on the pane ``name``."""
    while True:
        screen = tmux(socket, "capture-pane", "-p", "-t", name).stdout
        if all(marker in screen for marker in markers):
            return time.perf_counter() - start
        if pane_dead(socket, name) or time.perf_counter() - start > TIMEOUT:
            raise RuntimeError(
                f"{name}: no {markers} on screen (exited: {pane_dead(socket, name)}):\n{screen}"
            )
        time.sleep(0.005)


def pane_dead(socket: str, name: str) -> bool:
    """Whether the program in the pane has exited (the pane stays: ``remain-on-exit``)."""
    return tmux(socket, "display-message", "-p", "-t", name, "#{pane_dead}").stdout.strip() == "1"


def prepare_profile(
    event_file: Path, history: int, channel: tuple[str, int] | None = None
) -> tuple[str, str | None]:
    """Start the demo server on 127.0.0.1 (in this process), log the demo participant in and sync its cache.

    With ``channel`` (its id, a count), first post that many more messages to it on the server,
    from a participant of the demo (``message N of C``, the last ``BIG_CHANNEL_LAST``), so the
    first sync brings them to the cache like any history.

    With ``history``, then add that many messages to every channel of the cache, all read but
    the newest five of each (one in fifty mentions the participant), and stop the server: the
    app starts offline, so no reset from the server replaces that history between runs.
    Writes the event, as the server sent it, to ``event_file``; returns the profile's name and the
    server's URL (None once stopped).
    """
    from nuittui.demo import run_demo
    from nuittui.sync import SyncEngine

    demo = run_demo(reset=True, simulate=False)
    session = demo.__enter__()
    if channel is not None:
        fill_channel(session.server.store, *channel)

    async def sync() -> None:
        engine = SyncEngine.from_profile(session.profile)
        try:
            await engine.sync_once()
        finally:
            await engine.aclose()
        event = engine.rows().event_row()
        assert event is not None
        text = json.dumps(dict(event), ensure_ascii=False, separators=(",", ":"))
        await asyncio.to_thread(event_file.write_text, text, encoding="utf-8")
        if history:
            await asyncio.to_thread(add_history, engine, history)

    asyncio.run(sync())
    if history:
        demo.__exit__(None, None, None)
        return session.profile_name, None
    return session.profile_name, session.url


BIG_CHANNEL_LAST = "bench-last-message-of-the-big-channel"
"""The body of the last message ``prepare_profile`` posts to its ``channel``: shown once it is painted."""


def fill_channel(store: Any, channel: str, count: int) -> None:
    """Post ``count`` messages to ``channel`` through the demo server's store, as its routes do."""
    from nuittui.models import MessageCreate

    authors = [store.actor(handle) for handle in ("camille-lyon", "mehdi-lyon", "sarah-lyon")]
    for number in range(count):
        body = BIG_CHANNEL_LAST if number == count - 1 else f"message {number} of {count} in {channel}"
        store.post_message(None, authors[number % len(authors)], channel, MessageCreate(body=body))


def add_history(engine: Any, per_channel: int) -> None:
    """``per_channel`` more messages in each channel of ``engine``'s cache, read but the newest five."""
    from datetime import UTC, datetime, timedelta

    from nuittui.cache import LocalCache
    from nuittui.models import EventType, MessagePublic, SyncBatch, SyncEvent
    from nuittui.readmodel.channels import channel_titles

    cache = LocalCache(engine.folder)
    seq = cache.cursor() or 0
    start = datetime.now(UTC) - timedelta(hours=40)
    me = engine.handle
    channels = list(channel_titles(engine.rows(), engine.rows().event_row()))  # every channel, as shown
    for channel in channels:
        events = []
        for number in range(per_channel):
            seq += 1
            body = f"@{me} tu as vu ?" if number % 50 == 7 else f"message {number} de {channel}"
            message = MessagePublic(
                id=10_000_000 + seq,
                channel=channel,
                author=f"p{number % 40}",
                body=body,
                created_at=start + timedelta(seconds=seq),
                seq=seq,
            )
            events.append(SyncEvent(seq=seq, type=EventType.MESSAGE, data=message.model_dump(mode="json")))
        cache.apply(SyncBatch(cursor=seq, events=events, has_more=False))
        engine.mark_read(channel, seq - 5)


def main(argv: list[str] | None = None) -> int:
    """Measure, print a table, and say whether the goals are met (exit 0 either way; 1 on failure)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each (default 7)")
    parser.add_argument("--goal", type=float, default=1.3, help="the ratio to meet (default 1.3)")
    parser.add_argument(
        "--history",
        type=int,
        default=0,
        help="messages cached per channel, as late in the event (default 0: the demo's own; starts offline)",
    )
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is not installed: cannot measure a real terminal", file=sys.stderr)
        return 1
    home = Path(tempfile.mkdtemp(prefix="nuit-bench-"))
    os.environ.update(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    os.environ.pop("NUIT_PROFILE", None)
    event_file = home / "event.json"
    profile, url = prepare_profile(event_file, args.history)
    hello, floor, chrome = home / "hello.py", home / "floor.py", home / "chrome.py"
    hello.write_text(HELLO)
    floor.write_text(FLOOR)
    chrome.write_text(CHROME)
    bin_dir = Path(sys.executable).parent

    def env(name: str = "") -> str:
        # Byte code is cached, as on any machine that ran the program once: the warm-up run writes it.
        return (
            f"env -u PYTHONDONTWRITEBYTECODE XDG_CONFIG_HOME={home / f'config{name}'}"
            f" XDG_DATA_HOME={home / f'data{name}'} LANG=C.UTF-8 LC_ALL=C.UTF-8"
        )

    nuit_tui = bin_dir / "nuit-tui"
    relaunch = f"{env()} {nuit_tui} --profile {profile}"
    commands: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
        "relaunch": (relaunch, HOME_MARKERS, ()),
        "hello world": (f"{env()} {sys.executable} {hello}", HELLO_MARKERS, ()),
        "after a shell command": (relaunch, HOME_MARKERS, ()),
        "after login": (f"{env()} {nuit_tui}", HOME_MARKERS, ()),
        "--demo": (f"{env('-demo')} {nuit_tui} --demo", HOME_MARKERS, ONLINE_MARKERS),
        "hello + model": (f"{env()} {sys.executable} {floor} {event_file}", HELLO_MARKERS, ()),
        "home layout": (f"{env()} {sys.executable} {chrome}", HELLO_MARKERS, ()),
    }
    if url is None:
        del commands["after login"]  # no server to log in to (--history)
    first_demo = "--demo, first start"
    socket = f"nuit-bench-{os.getpid()}"
    times: dict[str, list[float]] = {name: [] for name in commands}
    first_filled: list[float] = []
    times[first_demo] = []
    logins = 0

    def before(name: str) -> None:
        """What a run does untimed just before it starts: a shell sync, or a login on a new profile."""
        nonlocal logins
        if name == "after a shell command":
            sync = [str(nuit_tui), "--profile", profile, "sync"]
            subprocess.run(sync, capture_output=True, timeout=60, check=False)
        elif name == "after login":
            logins += 1
            login = [
                str(nuit_tui),
                "login",
                str(url),
                "--code",
                DEMO_JOIN_CODE,
                "--handle",
                f"bench-{logins}",
            ]
            login += ["--city", "lyon", "--skills", "python", "--profile", f"fresh-{logins}"]
            done = subprocess.run(login, capture_output=True, text=True, timeout=60, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"nuit-tui login failed: {done.stderr.strip()}")

    # A session that stays, so the tmux server lives between runs and a pane that dies stays readable.
    tmux(socket, "new-session", "-d", "-s", "keeper")
    tmux(socket, "set-option", "-g", "remain-on-exit", "on")
    try:
        for name, (command, markers, then) in commands.items():  # warm-up: byte code, disk cache
            before(name)
            launch_to_marker(socket, "warmup", command, markers, then)
        for run in range(args.runs):
            for name, (command, markers, then) in commands.items():
                before(name)
                times[name].append(launch_to_marker(socket, f"run{run}", command, markers, then)[0])
            first = f"{env(f'-first{run}')} {nuit_tui} --demo"
            painted, filled = launch_to_marker(
                socket, f"first{run}", first, DEMO_STARTING_MARKERS, DEMO_FILLED_MARKERS
            )
            times[first_demo].append(painted)
            first_filled.append(filled or 0.0)
    finally:
        tmux(socket, "kill-server")
        shutil.rmtree(home, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["hello world"]
    print(f"{'program':<22} {'median s':>9} {'min s':>7} {'max s':>7} {'ratio':>6}  runs")
    for name, values in times.items():
        spread = f"{min(values):>7.3f} {max(values):>7.3f}"
        print(f"{name:<22} {medians[name]:>9.3f} {spread} {medians[name] / base:>5.2f}x  {len(values)}")
    filled = statistics.median(first_filled)
    print(
        f"{'  … Home filled':<22} {filled:>9.3f} {min(first_filled):>7.3f} {max(first_filled):>7.3f}"
        f" {filled / base:>5.2f}x  {len(first_filled)}  (the demo up and synced: information)"
    )
    for name in ("relaunch", "after a shell command", "after login", "--demo"):
        if name in medians:
            ratio = medians[name] / base
            verdict = "met" if ratio <= args.goal else "NOT met"
            print(f"ratio {name} / hello world: {ratio:.2f}x (goal ≤ {args.goal}x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
