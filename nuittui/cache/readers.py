"""The read side of the local cache: every question a screen or a shell command asks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from nuittui.models import (
    ALL_CHANNEL,
    ChannelKind,
    ChannelPublic,
    CityProgress,
    EventPublic,
    MessagePublic,
    ProgressPublic,
    ProjectPublic,
    ScheduleItemPublic,
    SwapPublic,
    SwapStatus,
    UserPublic,
    channel_kind,
    compute_city_progress,
)

from .channels import Channel
from .layout import StateDoc

T = TypeVar("T")
M = TypeVar("M", bound=Any)

ALL_CHANNEL_TITLE = "Toutes les villes"
"""Title of the all-cities channel until the event is cached; then the event's name, as the server."""


def _valid(model: type[M], rows: Iterable[dict[str, Any]]) -> list[M]:
    """Rows as models; a row that no longer matches the contract is left out rather than failing the view."""
    out = []
    for row in rows:
        try:
            out.append(model.model_validate(row))
        except ValueError:
            continue
    return out


def _one(model: type[M], row: dict[str, Any] | None) -> M | None:
    found = _valid(model, [row]) if row is not None else []
    return found[0] if found else None


class CacheReaders:
    """Readers of ``LocalCache``; each returns models built from the in-memory copy.

    Every call first checks (one ``stat`` per file involved) whether another
    process rewrote the files, and reloads only what changed.
    """

    history_per_channel: int
    _state: StateDoc
    _channels: dict[str, Channel]

    def _read(self, fn: Callable[[], T]) -> T:
        raise NotImplementedError

    def _rows(self, kind: str) -> dict[Any, dict[str, Any]]:
        raise NotImplementedError

    def event(self) -> EventPublic | None:
        """The event (cities, themes, dates), None before the first sync."""
        return self._read(lambda: _one(EventPublic, self._state.event))

    def cursor(self) -> int | None:
        """The sync cursor the cached data covers; None means the next sync must be a reset."""
        return self._read(lambda: self._state.cursor)

    def last_synced_at(self) -> datetime | None:
        """When a sync answer was last saved (shown as "stale since" offline)."""
        stamp = self._read(lambda: self._state.last_synced_at)
        try:
            return datetime.fromisoformat(stamp) if stamp else None
        except ValueError:
            return None

    def users(self) -> list[UserPublic]:
        """Everyone, by handle."""
        return self._read(
            lambda: sorted(_valid(UserPublic, self._rows("users").values()), key=lambda u: u.handle)
        )

    def user(self, handle: str) -> UserPublic | None:
        """One person, None when unknown."""
        return self._read(lambda: _one(UserPublic, self._rows("users").get(handle.strip().lower())))

    def projects(self, theme: str | None = None, city: str | None = None) -> list[ProjectPublic]:
        """Projects by id, optionally of one theme and/or one city."""

        def read() -> list[ProjectPublic]:
            found = _valid(ProjectPublic, self._rows("projects").values())
            return sorted(
                (
                    p
                    for p in found
                    if (theme is None or p.theme == theme) and (city is None or p.city == city)
                ),
                key=lambda p: p.id,
            )

        return self._read(read)

    def project(self, project_id: int) -> ProjectPublic | None:
        """One project, None when unknown."""
        return self._read(lambda: _one(ProjectPublic, self._rows("projects").get(project_id)))

    def progress(self, project_id: int | None = None) -> list[ProgressPublic]:
        """Team progress updates, newest first, optionally of one project."""

        def read() -> list[ProgressPublic]:
            found = _valid(ProgressPublic, self._rows("progress").values())
            chosen = [u for u in found if project_id is None or u.project_id == project_id]
            return sorted(chosen, key=lambda u: (u.created_at, u.id), reverse=True)

        return self._read(read)

    def swaps(
        self,
        status: SwapStatus | str | None = None,
        city: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        claimed_by: str | None = None,
    ) -> list[SwapPublic]:
        """Bug swaps, newest first, filtered like ``GET /v1/swaps``."""

        def keep(s: SwapPublic) -> bool:
            return (
                (status is None or s.status == status)
                and (city is None or s.city == city)
                and (tag is None or tag in s.tags)
                and (author is None or s.author == author)
                and (claimed_by is None or s.claimed_by == claimed_by)
            )

        def read() -> list[SwapPublic]:
            found = [s for s in _valid(SwapPublic, self._rows("swaps").values()) if keep(s)]
            return sorted(found, key=lambda s: (s.created_at, s.id), reverse=True)

        return self._read(read)

    def swap(self, swap_id: int) -> SwapPublic | None:
        """One swap, None when unknown."""
        return self._read(lambda: _one(SwapPublic, self._rows("swaps").get(swap_id)))

    def schedule(self, city: str | None = None) -> list[ScheduleItemPublic]:
        """Schedule items by start; with ``city``, the global items and that city's."""

        def read() -> list[ScheduleItemPublic]:
            found = _valid(ScheduleItemPublic, self._rows("schedule").values())
            chosen = [i for i in found if city is None or i.city is None or i.city == city]
            return sorted(chosen, key=lambda i: (i.starts_at, i.id))

        return self._read(read)

    def channels(self) -> list[ChannelPublic]:
        """Every channel in the server's order (all cities, each city, team, swap), then any other cached."""

        def read() -> list[ChannelPublic]:
            last = {name: channel.last_seq() for name, channel in self._channels.items()}
            out: dict[str, ChannelPublic] = {}

            def add(name: str, kind: ChannelKind, title: str) -> None:
                if name not in out:
                    try:
                        out[name] = ChannelPublic(id=name, kind=kind, title=title, last_seq=last.get(name, 0))
                    except ValueError:
                        return

            event = _one(EventPublic, self._state.event)
            add(ALL_CHANNEL, ChannelKind.ALL, event.name if event else ALL_CHANNEL_TITLE)
            for city in event.cities if event else []:
                add(f"city:{city.id}", ChannelKind.CITY, city.name)
            for project in sorted(_valid(ProjectPublic, self._rows("projects").values()), key=lambda p: p.id):
                add(f"team:{project.id}", ChannelKind.TEAM, project.title)
            for swap in sorted(_valid(SwapPublic, self._rows("swaps").values()), key=lambda s: s.id):
                add(swap.channel, ChannelKind.SWAP, swap.title)
            for name in sorted(last):
                try:
                    add(name, channel_kind(name)[0], name)
                except ValueError:
                    continue
            return list(out.values())

        return self._read(read)

    def messages(
        self, channel: str, limit: int | None = None, before_seq: int | None = None
    ) -> list[MessagePublic]:
        """A channel's cached messages, oldest first: the newest ``limit`` older than ``before_seq``."""

        def read() -> list[MessagePublic]:
            found = self._channels.get(channel)
            if found is None:
                return []
            return _valid(MessagePublic, found.visible(self.history_per_channel, limit, before_seq))

        return self._read(read)

    def message_count(self) -> int:
        """How many messages are cached, all channels together."""
        keep = self.history_per_channel
        return self._read(lambda: sum(min(c.total(), keep) for c in self._channels.values()))

    def city_progress(self) -> list[CityProgress]:
        """Each city's figures, computed from the cache the way the server computes them."""

        def read() -> list[CityProgress]:
            event = _one(EventPublic, self._state.event)
            if event is None:
                return []
            return compute_city_progress(
                event.cities,
                _valid(UserPublic, self._rows("users").values()),
                _valid(ProjectPublic, self._rows("projects").values()),
                _valid(SwapPublic, self._rows("swaps").values()),
                _valid(ProgressPublic, self._rows("progress").values()),
            )

        return self._read(read)
