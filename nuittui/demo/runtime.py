"""``run_demo``: the server, the demo participant and the simulated crowd, started and stopped together.

The app wraps its run in it::

    with run_demo(reset=args.reset) as demo:
        app.run(profile=demo.profile_name)

or ``async with run_demo(...) as demo:`` inside an event loop. ``DemoUnavailable``
comes from ``run_demo`` itself when the ``server`` extra is missing, before
anything is started.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING

from nuittui.profiles import ResolvedProfile

from .errors import DemoCancelled, require_server_extra
from .sandbox import DEMO_PROFILE

if TYPE_CHECKING:
    from .server import DemoServer
    from .simulator import Simulator

__all__ = ["DemoRuntime", "DemoSession", "run_demo"]


@dataclass
class DemoSession:
    """What the app needs from a running demo; ``stop()`` ends it (also done on leaving the block)."""

    profile_name: str
    """The profile to open: ``demo``."""
    url: str
    """The in-process server's base URL (a new port on every run)."""
    profile: ResolvedProfile
    """The ``demo`` profile as resolved, without ``NUIT_*`` overrides."""
    server: DemoServer
    simulator: Simulator | None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def stop(self) -> None:
        """Stop the simulated crowd, then the server; safe to call twice, from any thread."""
        with self._lock:
            if self.simulator is not None:
                self.simulator.stop()
            self.server.stop()


class DemoRuntime:
    """The context manager ``run_demo`` returns; usable with ``with`` and ``async with``."""

    def __init__(self, *, reset: bool, speed: float, seed: int | None, simulate: bool) -> None:
        self.reset = reset
        self.speed = speed
        self.seed = seed
        self.simulate = simulate
        self.session: DemoSession | None = None

    def _server(self) -> DemoServer:
        from .server import DemoServer

        return DemoServer(reset=self.reset)

    def _start_simulator(self, server: DemoServer, profile: ResolvedProfile) -> Simulator | None:
        if not self.simulate:
            return None
        from .simulator import Simulator

        simulator = Simulator(server.store, me=profile.handle, speed=self.speed, seed=self.seed)
        simulator.start()
        return simulator

    def _session(self, server: DemoServer, profile: ResolvedProfile) -> DemoSession:
        simulator = self._start_simulator(server, profile)
        self.session = DemoSession(
            profile_name=DEMO_PROFILE, url=server.url, profile=profile, server=server, simulator=simulator
        )
        return self.session

    def __enter__(self) -> DemoSession:
        return self.start()

    def start(self, *, cancelled: Callable[[], bool] = lambda: False) -> DemoSession:
        """What entering does, asking ``cancelled`` between the steps (server, participant, crowd).

        Once ``cancelled()`` is true, what started is stopped and ``DemoCancelled`` raised:
        an app quitting while the demo starts waits for one step at most.
        """
        from .participant import ensure_demo_participant

        server = self._server()
        server.start(cancelled=cancelled)
        try:
            if cancelled():
                raise DemoCancelled("the demo's start was called off")
            profile = ensure_demo_participant(server)
            if cancelled():
                raise DemoCancelled("the demo's start was called off")
            return self._session(server, profile)
        except BaseException:
            server.stop()
            raise

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.session is not None:
            self.session.stop()

    async def __aenter__(self) -> DemoSession:
        from .participant import ensure_demo_participant_async

        server = self._server()
        await asyncio.to_thread(server.start)
        try:
            profile = await ensure_demo_participant_async(server)
            return self._session(server, profile)
        except BaseException:
            await asyncio.to_thread(server.stop)
            raise

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.session is not None:
            await asyncio.to_thread(self.session.stop)


def run_demo(
    reset: bool = False, *, speed: float = 1.0, seed: int | None = None, simulate: bool = True
) -> DemoRuntime:
    """The whole demo as a context manager yielding a ``DemoSession``.

    Entering starts the in-process server (fresh sandbox with ``reset``), registers the
    demo participant, saves the ``demo`` profile and starts the simulated participants
    (``speed`` divides their delays; ``seed`` makes them repeatable; ``simulate=False``
    leaves the event quiet). Leaving stops it all. Raises ``DemoUnavailable`` at once
    without the ``server`` extra; entering raises ``DemoError`` if the server cannot
    start, ``ClientError`` or ``ProfileError`` if the participant cannot be saved.
    """
    require_server_extra()
    if speed <= 0:
        raise ValueError("speed must be positive")
    return DemoRuntime(reset=reset, speed=speed, seed=seed, simulate=simulate)
