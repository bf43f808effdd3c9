"""What the chat shows, read through the read model (``nuittui.readmodel.threads``).

The engine gives the inputs (the cache's rows, my writes still queued, my read markers); the
projections are the same the shell's ``chat read`` prints. Shared by the chat screen and a
swap's thread. Runs off the UI loop (the cache may reload a file).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from nuittui.readmodel.threads import ChannelLine, ThreadView, channel_lines, thread_view

if TYPE_CHECKING:
    from nuittui.sync import SyncEngine

__all__ = ["ChannelLine", "read_channels", "read_thread"]


def read_thread(engine: SyncEngine, channel: str, limit: int | None, title: str | None = None) -> ThreadView:
    """The newest ``limit`` confirmed messages of ``channel``, and mine still pending, apart."""
    return thread_view(engine.rows(), engine.handle, engine.unconfirmed(), channel, limit, title)


def read_channels(engine: SyncEngine, read: Mapping[str, int] | None = None) -> tuple[ChannelLine, ...]:
    """Every channel, in groups: all cities, my city, my team, swaps I am in, then the others
    (``read``: read markers about to move, counted as moved)."""
    return channel_lines(engine.rows(), engine.handle, engine.unconfirmed(), engine.read_markers(), read)
