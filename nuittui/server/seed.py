"""Seeding a fresh database with the demo event, through the store's normal writes.

Every object is created the way the API would create it, so the event log holds
the same events as a real weekend; the demo people get no tokens. The store's
clock is moved while seeding so the activity spreads over the day before now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from nuittui.models import MessageCreate, ProjectPublic, SwapPublic, utcnow

from .demo import DemoData, DemoMessage, DemoProgress, DemoSwap
from .store import SYSTEM, Store


class _Timeline:
    """Hands out increasing times, never later than ``limit``."""

    def __init__(self, start: datetime, limit: datetime) -> None:
        self.at = min(start, limit)
        self.limit = limit

    def jump(self, to: datetime) -> None:
        self.at = min(max(self.at, to), self.limit)

    def step(self, delta: timedelta) -> None:
        self.at = min(self.at + delta, self.limit)


class _Seeder:
    def __init__(self, store: Store, data: DemoData, line: _Timeline) -> None:
        self.store = store
        self.data = data
        self.line = line
        self.project_ids: list[int] = []

    def projects_and_schedule(self) -> None:
        for project in self.data.projects:
            self.line.step(timedelta(minutes=3))
            created = self.store.create_project(None, SYSTEM, project).value
            assert isinstance(created, ProjectPublic)
            self.project_ids.append(created.id)
        for item in self.data.schedule:
            self.line.step(timedelta(minutes=1))
            self.store.create_schedule_item(None, SYSTEM, item)

    def people_and_teams(self) -> None:
        # The welcome: everyone registers in the morning, teams form before noon.
        self.line.jump(self.data.event.starts_at)
        for person in self.data.people:
            self.line.step(timedelta(seconds=40))
            self.store.create_user(
                handle=person.handle, display_name=person.display_name, city=person.city, skills=person.skills
            )
        self.line.jump(self.data.event.starts_at + timedelta(hours=2))
        for person in self.data.people:
            if person.team is not None:
                self.line.step(timedelta(seconds=50))
                self.store.join_project(None, self.store.actor(person.handle), self.project_ids[person.team])

    def swap(self, swap: DemoSwap) -> None:
        created = self.store.create_swap(None, self.store.actor(swap.author), swap.create).value
        assert isinstance(created, SwapPublic)
        if swap.claimed_by is not None:
            # Help usually comes within minutes: the cities board shows the wait.
            self.line.step(timedelta(minutes=6))
            self.store.claim_swap(None, self.store.actor(swap.claimed_by), created.id)

    def message(self, message: DemoMessage) -> None:
        # The demo names team channels by project position; the database by project id.
        kind, _, key = message.channel.partition(":")
        channel = f"team:{self.project_ids[int(key)]}" if kind == "team" else message.channel
        self.store.post_message(
            None, self.store.actor(message.author), channel, MessageCreate(body=message.body)
        )

    def progress(self, update: DemoProgress) -> None:
        self.store.post_progress(
            None, self.store.actor(update.author), self.project_ids[update.project], update.create
        )

    def evening(self) -> None:
        # Swaps, messages and updates interleaved from the afternoon up to now.
        kinds: list[list[Callable[[], None]]] = [
            [partial(self.swap, s) for s in self.data.swaps],
            [partial(self.message, m) for m in self.data.messages],
            [partial(self.progress, u) for u in self.data.progress],
        ]
        steps: list[Callable[[], None]] = []
        while any(kinds):
            for kind in kinds:
                if kind:
                    steps.append(kind.pop(0))
        self.line.jump(self.data.event.starts_at + timedelta(hours=4))
        span = max(self.line.limit - self.line.at - timedelta(minutes=30), timedelta(0))
        for step in steps:
            self.line.step(span / max(len(steps), 1))
            step()


def seed_demo(store: Store, data: DemoData, *, now: Callable[[], datetime] = utcnow) -> None:
    """Insert ``data`` into ``store``, which must hold ``data.event`` and nothing else yet."""
    line = _Timeline(data.event.starts_at - timedelta(days=2), now())
    saved_clock = store.clock
    store.clock = lambda: line.at
    try:
        seeder = _Seeder(store, data, line)
        seeder.projects_and_schedule()
        seeder.people_and_teams()
        seeder.evening()
    finally:
        store.clock = saved_clock
