"""The status bar: whether the app is online, what waits in the outbox, and how old the data is.

One line at the bottom of every section, above the footer: ``● online``,
``◌ syncing`` or ``○ offline — data from 21:04``, the queued writes, the dead
letters (writes the server refused for good) and the last error. Redrawn on
every engine change; everything in it is plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from textual.content import Content
from textual.widgets import Static

from nuittui.i18n import _
from nuittui.readmodel.rules import zone_name

if TYPE_CHECKING:
    from nuittui.sync import ConnectionState
    from nuittui.sync.first_paint import FirstPaint

__all__ = ["StatusBar", "status_content", "zone_named"]


class _EngineHost(Protocol):
    engine: Any
    has_engine: bool
    first_paint: FirstPaint | None
    clock: Callable[[], datetime]

    def when_engine(self, callback: Callable[[], None]) -> None: ...


def zone_named(name: str | None) -> tzinfo:
    """The time zone ``name`` (the event's), or UTC when it is unknown or not set."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def status_content(state: ConnectionState, zone: tzinfo, width: int = 0) -> Content:
    """The status line for ``state``, times in ``zone``; cut to ``width`` cells when given."""
    parts: list[Content] = []
    if state.status == "online":
        parts.append(Content.styled("● " + _("online"), "bold $success"))
    elif state.status == "syncing":
        parts.append(Content.styled("◌ " + _("syncing"), "bold $warning"))
    else:
        if state.status == "disk_full":
            parts.append(Content.styled("▲ " + _("disk full"), "bold $error"))
        else:
            parts.append(Content.styled("○ " + _("offline"), "bold $error"))
        stale = state.stale_since or state.last_synced_at
        if stale is not None:
            stamp = stale.astimezone(zone).strftime("%H:%M")
            parts.append(Content.styled(_("stale since {time}", time=stamp), "$warning"))
        else:
            parts.append(Content.styled(_("never synced"), "$warning"))
    if state.queued:
        parts.append(Content(_("{count} queued", count=state.queued)))
        if state.queued_reason and state.status not in ("offline", "disk_full"):
            parts.append(Content.styled(state.queued_reason, "$text-muted"))  # offline: said below
    if state.dead_letters:
        parts.append(
            Content.styled(_("{count} refused by the server", count=state.dead_letters), "bold $error")
        )
    if state.status in ("offline", "disk_full") and state.last_error:
        parts.append(Content.styled(state.last_error, "$text-muted"))
    line = Content(" · ").join(parts)
    if width and line.cell_length > width:
        line = line.truncate(width, ellipsis=True)
    return line


class StatusBar(Static):
    """Connection state, outbox and freshness of the data, redrawn on every engine change."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = "status-bar") -> None:
        super().__init__(id=id, markup=False)
        self._unsubscribe: Callable[[], None] | None = None
        self._shown: tuple[Any, ...] | None = None
        self._left = False

    @property
    def _host(self) -> _EngineHost:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        """Draw (from the launch view until the engine is loaded) and listen to the engine."""
        self.redraw()
        self._host.when_engine(self._follow_engine)

    def _follow_engine(self) -> None:
        if not self._left:  # removed while the engine loaded: nothing to follow
            self._unsubscribe = self._host.engine.subscribe(lambda _changed: self.call_later(self.redraw))
            self.redraw()

    def on_unmount(self) -> None:
        """Stop listening."""
        self._left = True
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def on_resize(self) -> None:
        """Re-cut to the new width."""
        self.redraw()

    def redraw(self) -> None:
        """Show the engine's current state (before it is loaded, the first paint's)."""
        if not self.is_mounted:
            return
        host = self._host
        paint = host.first_paint
        if host.has_engine:
            state = host.engine.state
        elif paint is not None:
            state = paint.state
        else:
            return
        shown = (state, self.content_size.width)
        if shown == self._shown:
            return  # a failed reconnection repeats the same state: nothing to redraw
        self._shown = shown
        if host.has_engine:
            zone = zone_name(host.engine.rows().event_row())
        else:
            zone = paint.home.zone if paint is not None else None
        self.update(status_content(state, zone_named(zone), self.content_size.width))
