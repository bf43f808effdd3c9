"""Keys typed in a burst are handled one after the other, each by the screen on top when it comes.

Textual routes every key as it arrives: to the focused widget of the screen on top at that
moment, in whose queue it is handled later. Keys typed in one burst (``3`` ``n`` and a title,
quicker than a busy machine handles them; a paste of keystrokes from tmux) were therefore all
routed to the screen shown before the first one took effect: the section switch or the form
opened by the first key never received the others, which were lost or acted on the wrong screen.

``KeysInOrder`` (a mixin of the app) routes a key only once the one before it is handled: a
marker posted right behind each key follows it through the same queues (the key's target, then
up to the app), and when it comes back the next key held meanwhile is routed, to whatever is on
top now. A key whose widget went away lets the next one go at once; one whose widget is still
there but busy (a form still mounting on a loaded machine) holds the next one up to
``KEY_WAIT_MAX``, checked every ``KEY_SETTLE``: letting it go sooner sent it straight to the
form's field while the keys before it still waited in the form, out of order.
"""

from __future__ import annotations

import time
from collections import deque
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.timer import Timer

__all__ = ["KEY_SETTLE", "KEY_WAIT_MAX", "KeysInOrder"]

KEY_SETTLE = 0.3
"""How often (s) a key waiting for the one before it checks that one's widget is still there."""
KEY_WAIT_MAX = 3.0
"""At most this long (s) a key waits for the one before it, whose widget is there but busy."""


class KeysInOrder:
    """Mixin for the app (before ``App`` in its bases): keys are routed one at a time, in order."""

    class KeyHandled(Message):
        """Posted behind a key to its target; back at the app, the key has been handled."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    _keys_held: deque[events.Key] | None = None
    _key_number = 0
    _key_pending: int | None = None
    """The number of the key in flight (routed, its marker not back yet), None when none is."""
    _key_timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        """Hold a key that arrives while the one before it is being handled; route it after."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_pending is not None:
                if self._keys_held is None:
                    self._keys_held = deque()
                self._keys_held.append(event)
                return
            await self._route_key(event)
            return
        await super().on_event(event)  # type: ignore[misc]

    async def _route_key(self, event: events.Key) -> None:
        app: App[Any] = self  # type: ignore[assignment]
        target = app.focused or app.screen
        self._key_number += 1
        number = self._key_pending = self._key_number
        self._key_timer = app.set_interval(
            KEY_SETTLE, partial(self._key_waited, number, target, time.monotonic() + KEY_WAIT_MAX)
        )
        await super().on_event(event)  # type: ignore[misc]
        if not target.post_message(self.KeyHandled(number)):
            self._key_settled(number)  # its widget is gone: nothing to wait for

    def _key_waited(self, number: int, target: MessagePump, deadline: float) -> None:
        """The key's marker is not back yet: wait on while its widget is there (busy), up to the
        deadline; go on at once if it went away."""
        if not target.is_attached or time.monotonic() >= deadline:
            self._key_settled(number)

    def on_keys_in_order_key_handled(self, message: KeysInOrder.KeyHandled) -> None:
        """A key's marker is back: the key was handled, the next one may go."""
        message.stop()
        self._key_settled(message.number)

    def _key_settled(self, number: int) -> None:
        if number != self._key_pending:
            return  # a late marker of a key already given up on
        self._key_pending = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        if self._keys_held:
            app: App[Any] = self  # type: ignore[assignment]
            app.call_next(self._route_key, self._keys_held.popleft())
