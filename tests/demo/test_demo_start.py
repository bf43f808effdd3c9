"""Calling the demo's start off midway (the app quit while it started): what started is stopped."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from nuittui.demo import DemoCancelled, run_demo
from nuittui.demo.sandbox import demo_is_fresh
from nuittui.profiles import list_profiles


def serving() -> list[str]:
    """The demo's server threads still running in this process."""
    return [t.name for t in threading.enumerate() if t.name == "nuit-demo-server" and t.is_alive()]


@pytest.mark.parametrize("steps", [0, 1, 2, 3])
def test_a_start_called_off_after_any_step_stops_what_it_started(seeded_sandbox: Path, steps: int) -> None:
    asked: list[int] = []

    def cancelled() -> bool:  # false for the first ``steps`` questions: the app quits after that step
        asked.append(len(asked))
        return len(asked) > steps

    with pytest.raises(DemoCancelled):
        run_demo(simulate=False).start(cancelled=cancelled)

    assert len(asked) == steps + 1  # it stopped at the first question answered "yes"
    assert serving() == []
    assert ("demo" in [p.name for p in list_profiles()]) == (steps == 3)  # logged in only at the last step
    assert demo_is_fresh()  # the database is whole: the next start keeps it


def test_a_start_not_called_off_runs_the_demo_until_stopped(seeded_sandbox: Path) -> None:
    runtime = run_demo(simulate=False)
    session = runtime.start(cancelled=lambda: False)
    try:
        assert serving() == ["nuit-demo-server"]
        assert session.profile.name == "demo"
    finally:
        runtime.__exit__(None, None, None)
    assert serving() == []
