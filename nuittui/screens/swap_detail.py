"""One bug swap: what is asked, who helps, the actions allowed for me, and its own thread.

Claim, release, resolve (with thanks and a rating), cancel and reopen are
offered only when the server would accept them from me; they go through the
outbox like every write.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from nuittui.i18n import _
from nuittui.models import SwapPublic, SwapResolve

from .base import SectionScreen
from .swap_text import STATUS_STYLES, confirmed, status_label
from .swaps import copy_swap
from .thread import ThreadView

__all__ = ["ACTIONS", "SwapDetailScreen", "allowed_actions"]

ACTIONS = ("claim", "release", "resolve", "cancel", "reopen")


def _status(swap: SwapPublic) -> str:
    return str(getattr(swap.status, "value", swap.status))


def allowed_actions(swap: SwapPublic, me: str, my_claims: Iterable[SwapPublic] = ()) -> set[str]:
    """What the server lets ``me`` do on ``swap`` now (``my_claims``: swaps I am helping on)."""
    status = _status(swap)
    allowed: set[str] = set()
    if swap.author == me:
        if status in ("open", "claimed"):
            allowed |= {"resolve", "cancel"}
        if status in ("resolved", "cancelled", "claimed"):
            allowed.add("reopen")
    else:
        helping = [s for s in my_claims if s.id != swap.id and _status(s) == "claimed"]
        if status == "open" and not helping:
            allowed.add("claim")
        if status == "claimed" and swap.claimed_by == me:
            allowed.add("release")
    return allowed


class SwapDetailScreen(SectionScreen):
    """A swap's full text, its state, the buttons allowed for me, and its thread (``swap:<id>``)."""

    SECTION = "swaps"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="swap.back", tooltip="Back to the board"),
        Binding("c", "swap('claim')", "Claim", id="swap.claim", tooltip="Offer to help"),
        Binding("r", "swap('release')", "Release", id="swap.release", tooltip="Give the swap back"),
        Binding("v", "swap('resolve')", "Resolve", id="swap.resolve", tooltip="Solved: thank your helper"),
        Binding("x", "swap('cancel')", "Cancel", id="swap.cancel", tooltip="Withdraw the swap"),
        Binding("o", "swap('reopen')", "Reopen", id="swap.reopen", tooltip="Open the swap again"),
        Binding("y", "copy_swap", "Copy", id="swap.copy", tooltip="Copy the swap as Markdown"),
    ]

    DEFAULT_CSS = """
    SwapDetailScreen #swap-head { height: auto; padding: 0 1; }
    SwapDetailScreen #swap-body-scroll { height: auto; max-height: 40%; border: round $primary-darken-2; }
    SwapDetailScreen #swap-body { padding: 0 1; }
    SwapDetailScreen #swap-actions { height: auto; padding: 0 1; }
    SwapDetailScreen #swap-actions Button { margin-right: 1; min-width: 12; }
    SwapDetailScreen #thread { height: 1fr; }
    """

    def __init__(self, swap_id: int) -> None:
        super().__init__()
        self.swap_id = swap_id
        self.swap: SwapPublic | None = None
        self._allowed: set[str] = set()

    def compose_section(self) -> ComposeResult:
        """Head, body, actions, thread."""
        yield Static(id="swap-head", markup=False)
        with VerticalScroll(id="swap-body-scroll"):
            yield Static(id="swap-body", markup=False)
        with Horizontal(id="swap-actions"):
            labels = {
                "claim": _("Claim (c)"),
                "release": _("Release (r)"),
                "resolve": _("Resolve (v)"),
                "cancel": _("Cancel (x)"),
                "reopen": _("Reopen (o)"),
            }
            for action in ACTIONS:
                yield Button(Content(labels[action]), id=f"do-{action}", classes="swap-action")
        yield ThreadView(id="thread")

    def on_mount(self) -> None:
        """Keys act on the swap; ``i`` writes in its thread."""
        self.call_after_refresh(lambda: self.query_one(ThreadView).messages.focus())

    def refresh_data(self) -> None:
        """Redraw the swap, the allowed actions and the thread from the cache."""
        engine = self.engine
        swap = engine.swap(self.swap_id)
        self.swap = swap
        if swap is None:
            self.query_one("#swap-head", Static).update(Content(_("This swap is not in the cache.")))
            self._allowed = set()
        else:
            me = engine.me()
            handle = me.handle if me else ""
            self._allowed = (
                allowed_actions(swap, handle, confirmed(engine.swaps(claimed_by=handle))) if handle else set()
            )
            waiting = self._waiting()
            if waiting:
                self._allowed = set()  # one action at a time: the server answers the queued one first
            self._show(swap, waiting)
            self.query_one(ThreadView).show_channel(swap.channel, swap.title, self.zone())
        for action in ACTIONS:
            self.query_one(f"#do-{action}", Button).display = action in self._allowed
        self.refresh_bindings()

    def _waiting(self) -> list[str]:
        """My queued actions on this swap, not confirmed by the server yet."""
        mark = f"#{self.swap_id}"
        return [
            p.summary
            for p in self.engine.pending_writes()
            if p.kind.startswith("swap.") and p.summary.endswith(mark)
        ]

    def _show(self, swap: SwapPublic, waiting: list[str]) -> None:
        event = self.engine.event()
        cities = {c.id: c.name for c in event.cities} if event else {}
        zone = self.zone()
        status = _status(swap)
        lines = [
            Content.assemble(
                Content.styled(f"{status_label(status)}  ", STATUS_STYLES.get(status, "")),
                Content.styled(swap.title, "bold"),
            ),
            Content.assemble(
                Content.styled(_("Asked by "), "$text-muted"),
                Content.styled(f"@{swap.author}", "$accent"),
                Content(f" · {cities.get(swap.city, swap.city)} · "),
                Content(swap.created_at.astimezone(zone).strftime("%H:%M")),
            ),
        ]
        if swap.location:
            lines.append(
                Content.assemble(Content.styled(_("Where: "), "$text-muted"), Content(swap.location))
            )
        if swap.tags:
            lines.append(Content.styled(" ".join(swap.tags), "italic $text-secondary"))
        if swap.claimed_by:
            lines.append(Content.styled(_("Helper: @{handle}", handle=swap.claimed_by), "$success"))
        if status == "resolved" and (swap.thanks or swap.rating):
            stars = "★" * (swap.rating or 0)
            lines.append(Content.assemble(Content.styled(f"{stars} ", "$warning"), Content(swap.thanks)))
        for summary in waiting:
            lines.append(
                Content.styled("⧗ " + _("waiting for the server: {what}", what=summary), "italic $warning")
            )
        self.query_one("#swap-head", Static).update(Content("\n").join(lines))
        self.query_one("#swap-body", Static).update(Content(swap.body or _("(no details)")))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the swap actions the server would accept from me."""
        if action == "swap" and parameters:
            return str(parameters[0]) in self._allowed
        return True

    # -- actions ------------------------------------------------------------------------
    @on(Button.Pressed, ".swap-action")
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id:
            self.action_swap(event.button.id.removeprefix("do-"))

    def action_swap(self, action: str) -> None:
        """Claim, release, resolve, cancel or reopen this swap (through the outbox)."""
        if action not in self._allowed or self.swap is None:
            return
        if action == "resolve":
            from .swap_form import ResolveForm

            self.app.push_screen(ResolveForm(self.swap.claimed_by, self.swap_id), self._resolved)
            return
        self.write(action, None)

    def _resolved(self, resolution: SwapResolve | None) -> None:
        if resolution is not None:
            self.write("resolve", resolution)

    @work(exclusive=False, exit_on_error=False, group="swap-write")
    async def write(self, action: str, resolution: SwapResolve | None) -> None:
        """Queue one action on the swap; the screen updates when the server confirms it."""
        engine = self.engine
        try:
            if action == "resolve":
                await engine.resolve(self.swap_id, resolution)
            else:
                await getattr(engine, action)(self.swap_id)
        except Exception as error:  # refused by the model, or the outbox could not be written
            self.notify(_("Not done: {error}", error=str(error)), severity="error", markup=False)
            return
        done = {
            "claim": _("Claim sent: the author will be told you are coming."),
            "release": _("Released: the swap is open again."),
            "resolve": _("Resolved. Thank you for closing it!"),
            "cancel": _("Swap cancelled."),
            "reopen": _("Swap open again."),
        }
        self.notify(done[action], markup=False)

    def action_copy_swap(self) -> None:
        """Copy the swap as Markdown."""
        if self.swap is not None:
            copy_swap(self, self.swap)

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss()
