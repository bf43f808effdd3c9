"""Benchmark: from a key to the screen it asks for, painted in a real terminal (content and footer),
against a bare Textual app measured the same way in the same run.

Each program runs in a 120×40 tmux pane; a key is sent with ``send-keys`` and the clock stops when
``capture-pane`` shows every marker of the expected screen (its own text, and a key of its footer).

nuit-tui runs on the demo's cache (the demo server on 127.0.0.1, the profile logged in and synced
before the runs): the sections 2 to 6 then 1, first visit and revisited, a swap's detail from
the board, a channel of 5,000 messages opened from Chat's list (``# Lyon``, filled on the server
before the first sync: Enter to its last message, title and footer painted), and the language
switched from the palette. The sections come first, every round: a language switch rebuilds the
sections' screens, so a visit after one would be a first visit again. The
floors, in the same run: a bare Textual app switching between two screens that each have a
Footer ("screen switch"), the same with both screens full of text, as a section is ("dense
switch": what painting a full screen costs Textual alone), and a bare in-place update of one
Static ("in-place update").
Goals (issue #13): a section switch ≤ 1.0x the bare screen switch; the moonshot ≤ 2x the bare
in-place update.

    python bench/bench_ui_latency.py [--rounds 7]

Needs tmux and the ``server`` extra. Everything it writes goes to a temporary XDG home.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from bench_app_launch import BIG_CHANNEL_LAST, HOME_MARKERS, pane_dead, prepare_profile, tmux

TIMEOUT = 30.0
SETTLE = 3.0
"""Seconds to wait after a start or a language switch: the app builds its hidden sections ahead."""

BARE = textwrap.dedent(
    """
    import sys

    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Static

    # "dense": each screen full of text, as a section is (37 lines of words, a few bold).
    WORDS = "Lyon Rennes swap claim PostGIS docker pytest jury schedule team update Nantes".split()


    def dense(seed: int) -> Text:
        text = Text()
        if "dense" in sys.argv:
            for i in range(37):
                for j, word in enumerate(WORDS + WORDS[:4]):
                    text.append(word + " ", style="bold" if (i + j + seed) % 7 == 0 else "")
                text.append("\\n")
        return text


    class One(Screen):
        BINDINGS = [Binding("a", "app.switch_mode('two')", "Alpha-key"), Binding("u", "app.bump", "Update")]

        def compose(self) -> ComposeResult:
            yield Static("bare-screen-one", id="text")
            yield Static(dense(0))
            yield Footer()


    class Two(Screen):
        BINDINGS = [Binding("a", "app.switch_mode('one')", "Beta-key")]

        def compose(self) -> ComposeResult:
            yield Static("bare-screen-two")
            yield Static(dense(3))
            yield Footer()


    class Bare(App):
        MODES = {"one": One, "two": Two}
        DEFAULT_MODE = "one"
        count = 0

        def action_bump(self) -> None:
            self.count += 1
            self.screen.query_one("#text", Static).update(f"bare-screen-one bare-update-{self.count}")


    Bare().run()
    """
)

SECTIONS = {
    "2": ("my city (c to change)", "c My city / all"),
    "3": ("open or claimed", "n Post a swap"),
    "4": ("─ Channels ─", "i Write"),
    "5": ("Schedule — My city", "c Scope"),
    "6": ("Cities — live figures", "u Updates"),
    "1": ("Countdown to the jury", "s My swaps"),
}
"""Key → (what that section's body always shows, a key only its footer lists)."""
BIG_CHANNEL = ("city:lyon", 5000)
"""The channel opened in the "channel of 5,000 messages" figure: Lyon, second in Chat's list."""
BIG_CHANNEL_MARKERS = ("─ #Lyon ─", BIG_CHANNEL_LAST, "^e Editor")
"""Its title, its last message and the footer of its compose box (focused once a channel opens)."""
ALL_CHANNEL_MARKERS = ("─ #Nuit du Code Citoyen 2017 ─", "^e Editor")
LIST_FOOTER = ("c Channels  i Write",)
"""Chat's footer with its channel list focused."""


def wait_for(socket: str, pane: str, markers: tuple[str, ...], since: float) -> float:
    """Seconds from ``since`` until every marker is on the pane."""
    while True:
        screen = tmux(socket, "capture-pane", "-p", "-t", pane).stdout
        if all(marker in screen for marker in markers):
            return time.perf_counter() - since
        if pane_dead(socket, pane) or time.perf_counter() - since > TIMEOUT:
            raise RuntimeError(f"{pane}: no {markers} on screen:\n{screen}")
        time.sleep(0.002)


def key_to(socket: str, pane: str, key: str, markers: tuple[str, ...]) -> float:
    """Seconds from sending ``key`` until ``markers`` show, then a short rest for the app to settle."""
    start = time.perf_counter()
    tmux(socket, "send-keys", "-t", pane, key)
    elapsed = wait_for(socket, pane, markers, start)
    time.sleep(0.15)
    return elapsed


def section_markers(key: str) -> tuple[str, ...]:
    """The section's body text and a key of its own footer: the whole screen is painted."""
    return SECTIONS[key]


def measure_nuit(socket: str, command: str, rounds: int) -> dict[str, list[float]]:
    """Every nuit-tui figure over ``rounds`` rounds in one pane."""
    times: dict[str, list[float]] = {"section (first visit)": [], "section (revisited)": []}
    times |= {"swap detail": [], "channel of 5,000 messages": [], "language switch": []}
    tmux(socket, "new-session", "-d", "-x", "120", "-y", "40", "-s", "nuit", command)
    wait_for(socket, "nuit", HOME_MARKERS, time.perf_counter())
    time.sleep(SETTLE)  # the engine loads, the first sync lands, the sections are built ahead
    try:
        # The sections first, every round: a language switch rebuilds every section's screen,
        # so a visit after one is a first visit again, not a revisit.
        for round_number in range(rounds):
            name = "section (first visit)" if round_number == 0 else "section (revisited)"
            for key in SECTIONS:
                times[name].append(key_to(socket, "nuit", key, section_markers(key)))
        for _round in range(rounds):
            key_to(socket, "nuit", "3", section_markers("3"))
            times["swap detail"].append(key_to(socket, "nuit", "Enter", ("Claim",)))
            key_to(socket, "nuit", "Escape", section_markers("3"))
            # Chat shows the event's channel, its list focused: Lyon is the next one down.
            key_to(socket, "nuit", "4", section_markers("4"))
            tmux(socket, "send-keys", "-t", "nuit", "Down")
            time.sleep(0.3)
            times["channel of 5,000 messages"].append(key_to(socket, "nuit", "Enter", BIG_CHANNEL_MARKERS))
            back = (("Escape", ()), ("c", LIST_FOOTER), ("Up", ()), ("Enter", ALL_CHANNEL_MARKERS))
            for key, markers in back:  # the event's channel open again (untimed)
                key_to(socket, "nuit", key, markers)
                time.sleep(0.3)
            key_to(socket, "nuit", "Escape", ())
            key_to(socket, "nuit", "c", LIST_FOOTER)  # back as it was: the event's channel, the list focused
            key_to(socket, "nuit", "1", section_markers("1"))
        for _round in range(rounds):
            for language, marker, timed in (("Français", "1 Accueil", True), ("English", "1 Home", False)):
                # to French, timed; back to English (untimed) for the next round's markers
                tmux(socket, "send-keys", "-t", "nuit", "C-p")
                time.sleep(0.3)
                tmux(socket, "send-keys", "-t", "nuit", "-l", language)
                time.sleep(0.3)
                took = key_to(socket, "nuit", "Enter", (marker,))
                if timed:
                    times["language switch"].append(took)
                time.sleep(SETTLE)  # the other sections are built again, in the background
    finally:
        tmux(socket, "kill-session", "-t", "nuit")
    return times


def measure_bare(socket: str, command: str, rounds: int) -> dict[str, list[float]]:
    """The bare app's screen switch (with Footer) and in-place update."""
    times: dict[str, list[float]] = {"bare screen switch": [], "bare in-place update": []}
    tmux(socket, "new-session", "-d", "-x", "120", "-y", "40", "-s", "bare", command)
    wait_for(socket, "bare", ("bare-screen-one", "Alpha-key"), time.perf_counter())
    try:
        for bumps in range(1, rounds * 3 + 1):
            times["bare screen switch"].append(key_to(socket, "bare", "a", ("bare-screen-two", "Beta-key")))
            times["bare screen switch"].append(key_to(socket, "bare", "a", ("bare-screen-one", "Alpha-key")))
            times["bare in-place update"].append(key_to(socket, "bare", "u", (f"bare-update-{bumps}",)))
    finally:
        tmux(socket, "kill-session", "-t", "bare")
    return times


def main(argv: list[str] | None = None) -> int:
    """Measure and print a table with the goals; exit 0 either way (1 when it could not measure)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of every key (default 7)")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is not installed: cannot measure a real terminal", file=sys.stderr)
        return 1
    home = Path(tempfile.mkdtemp(prefix="nuit-ui-bench-"))
    os.environ.update(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    os.environ.pop("NUIT_PROFILE", None)
    profile, _url = prepare_profile(home / "event.json", 0, BIG_CHANNEL)
    bare = home / "bare.py"
    bare.write_text(BARE)
    env = (
        f"env -u PYTHONDONTWRITEBYTECODE XDG_CONFIG_HOME={home / 'config'} XDG_DATA_HOME={home / 'data'}"
        " LANG=C.UTF-8 LC_ALL=C.UTF-8"
    )
    socket = f"nuit-ui-bench-{os.getpid()}"
    tmux(socket, "new-session", "-d", "-s", "keeper")
    tmux(socket, "set-option", "-g", "remain-on-exit", "on")
    try:
        times = measure_bare(socket, f"{env} {sys.executable} {bare}", args.rounds)
        dense = measure_bare(socket, f"{env} {sys.executable} {bare} dense", args.rounds)
        times["bare dense switch"] = dense["bare screen switch"]
        times |= measure_nuit(
            socket,
            f"{env} {Path(sys.executable).parent / 'nuit-tui'} --profile {profile} --lang en",
            args.rounds,
        )
    finally:
        tmux(socket, "kill-server")
        shutil.rmtree(home, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    switch, update = medians["bare screen switch"], medians["bare in-place update"]
    print(f"{'what':<24} {'median ms':>9} {'min ms':>7} {'max ms':>7} {'/switch':>8} {'/update':>8}  n")
    for name, values in times.items():
        print(
            f"{name:<24} {medians[name] * 1000:>9.1f} {min(values) * 1000:>7.1f} {max(values) * 1000:>7.1f}"
            f" {medians[name] / switch:>7.2f}x {medians[name] / update:>7.2f}x  {len(values)}"
        )
    ratio = medians["section (revisited)"] / switch
    verdict = "met" if ratio <= 1 else "NOT met"
    print(f"section switch (revisited) / bare screen switch: {ratio:.2f}x (goal ≤ 1.0x: {verdict})")
    dense_ratio = medians["section (revisited)"] / medians["bare dense switch"]
    print(f"section switch (revisited) / bare switch between screens full of text: {dense_ratio:.2f}x")
    moon = medians["section (revisited)"] / update
    verdict = "met" if moon <= 2 else "NOT met"
    print(f"section switch (revisited) / bare in-place update: {moon:.2f}x (moonshot ≤ 2x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
