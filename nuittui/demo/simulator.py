"""``Simulator``: the other participants of the demo, alive at a gentle pace.

A daemon thread acts as the seeded demo people through the server's ``Store``,
calling the same methods the routes call: every write checks the server's
rules (one active claim per helper, team channels for members…), emits its
sync event and wakes the long polls, exactly like a request would. Seeded
people have no tokens, which is why the simulator works in-process.

Every 4–10 s (divided by ``speed``) someone chats in ``all``, their city or
their team, a team posts progress, a swap is posted, claimed or resolved. And
when the demo participant has an open swap, a helper from another city claims
it 20–40 s later and says hello in the swap's thread.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, Self, TypeVar

from nuittui.models import (
    MessageCreate,
    ProgressCreate,
    Stage,
    SwapCreate,
    SwapPublic,
    SwapResolve,
    SwapStatus,
    utcnow,
)
from nuittui.server.demo import demo_data
from nuittui.server.errors import ApiError

from . import script

if TYPE_CHECKING:
    from types import TracebackType

    from nuittui.server.store import Store

__all__ = ["Simulator"]

log = logging.getLogger("nuittui.demo")

T = TypeVar("T")

_STAGES = list(Stage)
_MAX_OPEN_SIMULATED_SWAPS = 6
"""New swaps stop while this many simulated ones are open: the board stays readable."""


class _Deck(Generic[T]):
    """Deals items in a shuffled order and reshuffles when empty, so lines rarely repeat soon."""

    def __init__(self, items: Sequence[T], rng: random.Random) -> None:
        self._items = list(items)
        self._rng = rng
        self._left: list[T] = []

    def draw(self) -> T:
        if not self._left:
            self._left = self._items[:]
            self._rng.shuffle(self._left)
        return self._left.pop()


@dataclass(frozen=True)
class _Person:
    handle: str
    city: str
    city_name: str
    skills: frozenset[str]
    team: int | None


@dataclass
class _Pending:
    """The demo participant's swaps being watched, and the helpers' follow-ups to post."""

    claim_due: dict[int, float] = field(default_factory=dict)
    past_helpers: dict[int, set[str]] = field(default_factory=dict)
    follow_ups: list[tuple[float, int, str]] = field(default_factory=list)


class Simulator:
    """Simulated participants acting through ``store``; ``me`` is the demo participant's handle.

    ``speed`` divides every delay (tests use 50); ``seed`` makes the choices repeatable.
    ``start()`` runs it in a daemon thread, ``stop()`` ends it; it is also a context manager.
    """

    def __init__(
        self,
        store: Store,
        *,
        me: str | None = None,
        speed: float = 1.0,
        seed: int | None = None,
        pause: tuple[float, float] = (4.0, 10.0),
        claim_delay: tuple[float, float] = (20.0, 40.0),
        follow_up_delay: tuple[float, float] = (30.0, 60.0),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.store = store
        self.me = me
        self.speed = speed
        self._pause = pause
        self._claim_delay = claim_delay
        self._follow_up_delay = follow_up_delay
        self._clock = clock
        self._rng = random.Random(seed)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cast: list[_Person] = []
        self._pending = _Pending()
        self._decks: dict[str, _Deck[str]] = {
            "all": _Deck(script.ALL_LINES, self._rng),
            "city": _Deck(script.CITY_LINES, self._rng),
            "team": _Deck(script.TEAM_LINES, self._rng),
            "claim": _Deck(script.CLAIM_LINES, self._rng),
            "follow_up": _Deck(script.FOLLOW_UP_LINES, self._rng),
            "help": _Deck(script.HELP_LINES, self._rng),
            "thanks": _Deck(script.THANKS_LINES, self._rng),
        }
        self._progress = {stage: _Deck(lines, self._rng) for stage, lines in script.PROGRESS_LINES.items()}
        self._swaps = _Deck(script.NEW_SWAPS, self._rng)
        self.actions = 0
        """Writes done so far (messages, updates, swaps, claims, resolutions)."""

    # ---- running ------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the simulation thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Meet the cast (the seeded demo people) and start acting in a daemon thread."""
        if self._thread is not None:
            raise RuntimeError("the simulator was already started")
        self._cast = self._load_cast()
        self._thread = threading.Thread(target=self._run, name="nuit-demo-simulator", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop acting; returns once the current write is done. Safe to call twice."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _run(self) -> None:
        poll = min(max(1.0 / self.speed, 0.02), 1.0)
        next_action = self._clock() + self._delay(self._pause)
        while not self._stop.is_set():
            try:
                self.tend_my_swaps()
                if self._clock() >= next_action:
                    self.act()
                    next_action = self._clock() + self._delay(self._pause)
            except Exception:
                if self._stop.is_set():
                    break
                log.exception("the demo simulator failed a step; it carries on")
            self._stop.wait(min(max(next_action - self._clock(), 0.0), poll))

    def _delay(self, bounds: tuple[float, float]) -> float:
        return self._rng.uniform(*bounds) / self.speed

    # ---- the cast -----------------------------------------------------------------------

    def _load_cast(self) -> list[_Person]:
        """The seeded demo people found in the database, the demo participant excepted."""
        seeded = {person.handle for person in demo_data(utcnow()).people}
        cities = {city.id: city.name for city in self.store.event().cities}
        return [
            _Person(u.handle, u.city, cities.get(u.city, u.city), frozenset(u.skills), u.team)
            for u in self.store.list_users()
            if u.handle in seeded and u.handle != self.me
        ]

    def _my_city(self) -> str | None:
        if self.me is None:
            return None
        try:
            return self.store.get_user(self.me).city
        except ApiError:
            return None

    def _busy_helpers(self) -> set[str]:
        return {s.claimed_by for s in self.store.list_swaps(status=SwapStatus.CLAIMED) if s.claimed_by}

    def _helper_for(self, swap: SwapPublic, exclude: set[str] | None = None) -> _Person | None:
        """Someone from another city, free, whose skills fit the swap's tags best."""
        busy = self._busy_helpers() | (exclude or set())
        candidates = [
            p for p in self._cast if p.city != swap.city and p.handle != swap.author and p.handle not in busy
        ]
        if not candidates:
            return None
        tags = set(swap.tags)

        def fit(person: _Person) -> int:
            # Matching skills count most; people without a team have time to help.
            return 2 * len(person.skills & tags) + (person.team is None)

        best = max(fit(p) for p in candidates)
        return self._rng.choice([p for p in candidates if fit(p) == best])

    # ---- writes, as the routes make them --------------------------------------------------

    def _say(self, person: _Person | str, channel: str, body: str) -> None:
        handle = person if isinstance(person, str) else person.handle
        self.store.post_message(None, self.store.actor(handle), channel, MessageCreate(body=body))
        self.actions += 1

    def _line(self, deck: str, person: _Person) -> str:
        return self._decks[deck].draw().replace("{city}", person.city_name)

    # ---- the demo participant's swaps ------------------------------------------------------

    def tend_my_swaps(self) -> None:
        """Claim the demo participant's swaps once they have waited long enough; post follow-ups."""
        if self.me is None:
            return
        now = self._clock()
        pending = self._pending
        mine = {s.id: s for s in self.store.list_swaps(author=self.me, status=SwapStatus.OPEN)}
        for swap_id in list(pending.claim_due):
            if swap_id not in mine:
                del pending.claim_due[swap_id]
        for swap_id, swap in mine.items():
            due = pending.claim_due.setdefault(swap_id, now + self._delay(self._claim_delay))
            if now >= due:
                try:
                    self._claim_for_me(swap, now)
                except ApiError as exc:
                    # Cancelled or claimed meanwhile: the next look decides again.
                    log.debug("demo claim refused: %s", exc.detail)
        for entry in [f for f in pending.follow_ups if f[0] <= now]:
            pending.follow_ups.remove(entry)
            _, swap_id, helper = entry
            if self.store.get_swap(swap_id).claimed_by == helper:
                self._say(helper, f"swap:{swap_id}", self._decks["follow_up"].draw())

    def _claim_for_me(self, swap: SwapPublic, now: float) -> None:
        pending = self._pending
        past = pending.past_helpers.setdefault(swap.id, set())
        helper = self._helper_for(swap, exclude=past)
        if helper is None:
            # Everyone is helping elsewhere: look again a little later.
            pending.claim_due[swap.id] = now + self._delay((5.0, 10.0))
            return
        del pending.claim_due[swap.id]
        past.add(helper.handle)
        self.store.claim_swap(None, self.store.actor(helper.handle), swap.id)
        self.actions += 1
        self._say(helper, swap.channel, self._line("claim", helper))
        pending.follow_ups.append((now + self._delay(self._follow_up_delay), swap.id, helper.handle))

    # ---- everyone else's night ----------------------------------------------------------------

    def act(self) -> bool:
        """Do one random thing as someone of the cast; False when nothing could be done."""
        if not self._cast:
            return False
        actions: list[tuple[Callable[[], bool], int]] = [
            (self._chat_all, 3),
            (self._chat_city, 3),
            (self._chat_team, 3),
            (self._post_progress, 2),
            (self._post_swap, 1),
            (self._help_or_thank, 2),
        ]
        doers, weights = zip(*actions, strict=True)
        first = self._rng.choices(doers, weights=weights)[0]
        try:
            if first():
                return True
        except ApiError as exc:
            # The server's rules said no (a claim taken meanwhile…): chat instead.
            log.debug("demo action refused: %s", exc.detail)
        return self._chat_all()

    def _chat_all(self) -> bool:
        person = self._rng.choice(self._cast)
        self._say(person, "all", self._line("all", person))
        return True

    def _chat_city(self) -> bool:
        person = self._rng.choice(self._cast)
        self._say(person, f"city:{person.city}", self._line("city", person))
        return True

    def _team_people(self) -> list[_Person]:
        return [p for p in self._cast if p.team is not None]

    def _chat_team(self) -> bool:
        members = self._team_people()
        if not members:
            return False
        person = self._rng.choice(members)
        self._say(person, f"team:{person.team}", self._line("team", person))
        return True

    def _post_progress(self) -> bool:
        members = self._team_people()
        if not members:
            return False
        person = self._rng.choice(members)
        assert person.team is not None
        stage = self.store.get_project(person.team).stage
        position = _STAGES.index(stage)
        # Teams move on now and then; most updates report work within the same stage.
        if position + 1 < len(_STAGES) and self._rng.random() < 0.3:
            stage = _STAGES[position + 1]
        update = ProgressCreate(text=self._progress[stage].draw(), stage=stage)
        self.store.post_progress(None, self.store.actor(person.handle), person.team, update)
        self.actions += 1
        return True

    def _post_swap(self) -> bool:
        cast = {p.handle for p in self._cast}
        active = [s for s in self.store.list_swaps() if s.status in (SwapStatus.OPEN, SwapStatus.CLAIMED)]
        if sum(1 for s in active if s.author in cast and s.status is SwapStatus.OPEN) >= (
            _MAX_OPEN_SIMULATED_SWAPS
        ):
            return False
        titles = {s.title for s in active}
        idea = self._swaps.draw()
        if idea.title in titles:
            return False
        authors = {s.author for s in active}
        my_city = self._my_city()
        candidates = [p for p in self._cast if p.city != my_city and p.handle not in authors]
        if not candidates:
            return False
        author = self._rng.choice(candidates)
        new = SwapCreate(title=idea.title, body=idea.body, tags=list(idea.tags), location=idea.location)
        self.store.create_swap(None, self.store.actor(author.handle), new)
        self.actions += 1
        return True

    def _help_or_thank(self) -> bool:
        cast = {p.handle: p for p in self._cast}
        swaps = [s for s in self.store.list_swaps() if s.author in cast]
        claimed = [s for s in swaps if s.status is SwapStatus.CLAIMED and s.claimed_by in cast]
        waiting = [s for s in swaps if s.status is SwapStatus.OPEN]
        if claimed and (not waiting or self._rng.random() < 0.5):
            swap = self._rng.choice(claimed)
            author = cast[swap.author]
            thanks = self._line("thanks", author)
            self.store.resolve_swap(
                None, self.store.actor(author.handle), swap.id, SwapResolve(thanks=thanks, rating=5)
            )
            self.actions += 1
            self._say(author, swap.channel, thanks)
            return True
        if not waiting:
            return False
        swap = self._rng.choice(waiting)
        helper = self._helper_for(swap)
        if helper is None:
            return False
        self.store.claim_swap(None, self.store.actor(helper.handle), swap.id)
        self.actions += 1
        self._say(helper, swap.channel, self._line("help", helper))
        return True
