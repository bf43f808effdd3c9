"""The key bar: the screen's keys on one line, drawn in place.

Textual's ``Footer`` is a container of one widget per key, composed again whenever the
screen's bindings change, and every one of those widgets is styled and laid out again on
each screen switch; with a dozen keys that was a quarter of a section switch. The key bar is
one widget: it renders the keys as one line of ``Content`` and redraws only when the list
of keys changed, so a section shown again costs it nothing.

It reads like the footer it replaces: each key, then what it does; keys that are unavailable
now dimmed (a click on one says why, as F1 does); the pinned keys (help, quit, retry
now, the palette) on the right edge, always visible, the others cut on the right when the
terminal is narrow. A click on a key presses it. Every label comes from the bindings (our
own strings, translated), never from user data.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from nuittui.i18n import _

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["Key", "KeyBar", "keys_of"]


class Key(NamedTuple):
    """One key shown in the bar."""

    key: str
    """The key pressed when the label is clicked (``ctrl+s``)."""
    action: str
    """The binding's action (``swap('claim')``)."""
    display: str
    """How it is written (``^s``, ``F1``)."""
    description: str
    enabled: bool
    tooltip: str
    pinned: bool


def keys_of(screen: Screen[Any], pinned_actions: Collection[str]) -> tuple[Key, ...]:
    """The keys ``screen`` shows now: one per action, in binding order; the pinned ones last."""
    app = screen.app
    seen: set[str] = set()
    left: list[Key] = []
    right: list[Key] = []
    palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
    for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items():
        is_palette = key == palette_key
        if not (binding.show or is_palette) or binding.action in seen:
            continue
        seen.add(binding.action)
        pinned = is_palette or binding.action.removeprefix("app.") in pinned_actions
        entry = Key(
            key=binding.key,
            action=binding.action,
            display=app.get_key_display(binding),
            description=binding.description,
            enabled=enabled,
            tooltip=tooltip or binding.tooltip or binding.description,
            pinned=pinned,
        )
        (right if pinned else left).append(entry)
    last = [k for k in right if k.key == palette_key]
    return (*left, *(k for k in right if k.key != palette_key), *last)


class KeyBar(Widget, can_focus=False):
    """The screen's keys on one line (see the module's docstring)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--disabled",
        "keybar--hover",
        "keybar--edge",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; width: 1fr;
        background: $footer-background; color: $footer-foreground;
        & > .keybar--key {
            color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground; background: $footer-description-background;
        }
        & > .keybar--disabled { text-style: dim; }
        & > .keybar--hover { color: $footer-key-foreground; background: $block-hover-background; }
        & > .keybar--edge { color: $foreground 20%; }
    }
    """

    hovered: reactive[int | None] = reactive(None)
    """The index of the key under the mouse, if any."""

    def __init__(self, pinned_actions: Collection[str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pinned_actions = frozenset(pinned_actions)
        self._keys: tuple[Key, ...] = ()
        self._spans: list[tuple[int, int, int]] = []  # (start, end, index into _keys) per drawn key

    @property
    def keys(self) -> tuple[Key, ...]:
        """The keys drawn now."""
        return self._keys

    def on_mount(self) -> None:
        """Follow the screen's bindings (they change with the focus and ``check_action``)."""
        if not self.app.is_running:
            return  # mounted while the app closes (a section built ahead): nothing to follow
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        """Stop following the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        keys = keys_of(screen, self._pinned_actions)
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    # -- drawing ----------------------------------------------------------------------------
    def _label(self, index: int, key: Key) -> Content:
        key_style = self.get_visual_style("keybar--key")
        description_style = self.get_visual_style("keybar--description")
        label = Content.assemble((f" {key.display} ", key_style))
        if key.description:
            label += Content.assemble((f"{key.description} ", description_style))
        if not key.enabled:
            label = label.stylize(self.get_visual_style("keybar--disabled"))
        if index == self.hovered:
            label = label.stylize(self.get_visual_style("keybar--hover"))
        return label

    def _labels(self, indexes: Iterable[int]) -> list[tuple[int, Content]]:
        return [(index, self._label(index, self._keys[index])) for index in indexes]

    def render(self) -> Content:
        """The one line: the keys that fit on the left, the pinned ones on the right edge."""
        width = self.size.width
        left = self._labels(i for i, k in enumerate(self._keys) if not k.pinned)
        right = self._labels(i for i, k in enumerate(self._keys) if k.pinned)
        edge = Content.styled("▏", self.get_visual_style("keybar--edge")) if right and left else Content("")
        right_width = sum(label.cell_length for _i, label in right) + edge.cell_length
        room = max(0, width - right_width)
        spans: list[tuple[int, int, int]] = []
        line = Content("")
        for index, label in left:
            if line.cell_length + label.cell_length > room:
                break
            spans.append((line.cell_length, line.cell_length + label.cell_length, index))
            line += label
        line += " " * max(0, width - line.cell_length - right_width)
        line += edge
        for index, label in right:
            spans.append((line.cell_length, line.cell_length + label.cell_length, index))
            line += label
        self._spans = spans
        return line

    # -- mouse ------------------------------------------------------------------------------
    def _key_at(self, x: int) -> int | None:
        return next((index for start, end, index in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Light the key under the mouse and show what it does."""
        index = self._key_at(event.x)
        if index != self.hovered:
            self.hovered = index
            self.tooltip = self._keys[index].tooltip if index is not None else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        """Nothing lit once the mouse is gone."""
        if self.hovered is not None:
            self.hovered = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click presses the key; on an unavailable one, says why (as pressing it would)."""
        index = self._key_at(event.x)
        if index is None:
            return
        key = self._keys[index]
        if key.enabled:
            self.app.simulate_key(key.key)
            return
        explain = getattr(self.screen, "why_unavailable", None)
        why = explain(key.action) if callable(explain) else None
        self.notify(why or _("not available now"), title=_("Not available"), severity="warning", markup=False)
