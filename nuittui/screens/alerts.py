"""What the app says when a sync changes something: a claim on my swap, an announcement, my
schedule moved, a write refused for good; and the retry key while offline.

``SyncAlerts`` is a part of ``NuitApp`` (a mixin): the engine calls ``_on_engine_change`` in its own
task, and everything after it runs on the app's message queue. Texts are data (``markup=False``).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from nuittui.i18n import _

if TYPE_CHECKING:
    from textual.app import App

    from nuittui.sync import Changed, ClaimedSwap, SyncEngine

    _Base = App[None]
else:
    _Base = object

__all__ = ["SyncAlerts"]


class SyncAlerts(_Base):
    """Toasts and the bell for what a sync brought (see the module's docstring)."""

    bells: int
    """How many times the app rang the terminal bell (a claim on my swap rings it)."""
    _offline: bool
    _dead_seen: int

    if TYPE_CHECKING:

        @property
        def engine(self) -> SyncEngine: ...

    def _on_engine_change(self, changed: Changed) -> None:
        # Called by the engine in its task: hand over to the app's message queue.
        self.call_later(self._engine_changed, changed)

    def _engine_changed(self, changed: Changed) -> None:
        offline = changed.state.status == "offline"
        if offline != self._offline:
            self._offline = offline
            self.screen.refresh_bindings()  # the retry key shows while offline only
        for claimed in changed.claimed_swaps:
            self._announce_claim(claimed)
        result = changed.result
        if result is not None and not result.reset and result.changed_kinds & {"messages", "schedule"}:
            self.run_worker(self._announce_news(changed), group="news", exit_on_error=False)
        dead = changed.state.dead_letters
        if dead > self._dead_seen:
            self._announce_refusal()
        self._dead_seen = dead

    def _announce_claim(self, claimed: ClaimedSwap) -> None:
        """Someone is coming to help with my swap: a toast and the bell."""
        city = claimed.city_name
        if city:
            text = _(
                "@{helper} ({city}) is coming to help with: {title}",
                helper=claimed.by,
                city=city,
                title=claimed.swap.title,
            )
        else:
            text = _("@{helper} is coming to help with: {title}", helper=claimed.by, title=claimed.swap.title)
        self.notify(text, title=_("Your swap was claimed"), timeout=10, markup=False)
        self.ring()

    async def _announce_news(self, changed: Changed) -> None:
        """Announcements to me and moves or cancellations of my schedule that just arrived: a toast
        each; the bell for an announcement. Read off the UI loop."""
        if changed.result is None:
            return
        news = await asyncio.to_thread(self.engine.news, changed.result)
        for message in news.announcements:
            self.notify(message.body, title=_("Announcement"), timeout=20, markup=False)
        for change in news.schedule:
            self.notify(
                change.text, title=_("Schedule changed"), severity="warning", timeout=20, markup=False
            )
        if news.announcements:
            self.ring()

    def _announce_refusal(self) -> None:
        """The server refused a write for good: say which and why."""
        letters = self.engine.dead_letters()
        if not letters:
            return
        newest = letters[-1]
        self.notify(
            _("{summary}: {reason}", summary=newest.summary, reason=newest.dead_reason or "?"),
            title=_("Refused by the server"),
            severity="error",
            timeout=10,
            markup=False,
        )

    def ring(self) -> None:
        """Ring the terminal bell (counted, so a test can tell)."""
        self.bells += 1
        self.bell()
