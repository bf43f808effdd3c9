"""One bug swap: what is asked, who helps, the actions allowed for me, and its own thread.

Claim, release, resolve (with thanks and a rating), cancel and reopen are
offered only when the server would accept them from me; they go through the
outbox like every write. Claim is never simply missing: when I may not claim,
its button is greyed with the reason beside it (my own swap, claimed by
someone, one claim at a time), and the key, the footer and F1 say the same.
``y`` copies what has the focus: the swap (where the screen opens) or the
message chosen in its thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from nuittui.i18n import _
from nuittui.readmodel.board import ACTIONS, SwapDetail, SwapRow, swap_detail
from nuittui.widgets.status_bar import zone_named

from .base import SectionScreen
from .swap_text import STATUS_STYLES
from .swaps import copy_swap
from .thread import ThreadView

if TYPE_CHECKING:
    from nuittui.models import SwapResolve

__all__ = ["ACTIONS", "SwapDetailScreen"]


class SwapDetailScreen(SectionScreen):
    """A swap's full text, its state, the buttons allowed for me, and its thread (``swap:<id>``)."""

    SECTION = "swaps"
    SHOWS = frozenset({"event", "users", "swaps", "messages"})
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (24, "-short"), (32, "-tall")]  # noqa: RUF012 (typed by Textual)
    """On a laptop's 24 rows: one-line buttons, and the swap's text takes room only while it has the
    focus, so its thread keeps some lines. Shorter still, the thread's messages show while the focus
    is in the thread (Tab, or ``i`` to write, goes there), and the swap's text shrinks to a line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="swap.back", tooltip="Back to the board"),
        Binding("c", "swap('claim')", "Claim", id="swap.claim", tooltip="Offer to help"),
        Binding("r", "swap('release')", "Release", id="swap.release", tooltip="Give the swap back"),
        Binding("v", "swap('resolve')", "Resolve", id="swap.resolve", tooltip="Solved: thank your helper"),
        Binding("x", "swap('cancel')", "Cancel", id="swap.cancel", tooltip="Withdraw the swap"),
        Binding("o", "swap('reopen')", "Reopen", id="swap.reopen", tooltip="Open the swap again"),
        Binding("y", "copy_swap", "Copy", id="swap.copy", tooltip="Copy the swap as Markdown"),
        Binding("i", "write", "Write", id="swap.write", tooltip="Write in the swap's thread"),
    ]

    DEFAULT_CSS = """
    SwapDetailScreen #swap-head { height: auto; padding: 0 1; }
    SwapDetailScreen #swap-body-scroll { height: auto; max-height: 40%; border: round $primary-darken-2; }
    SwapDetailScreen #swap-body-scroll:focus { border: round $accent; }
    SwapDetailScreen #swap-body { padding: 0 1; }
    SwapDetailScreen #swap-actions { height: auto; padding: 0 1; }
    SwapDetailScreen #swap-actions Button { margin-right: 1; min-width: 12; }
    SwapDetailScreen #swap-why { height: auto; color: $text-warning; padding: 0 1; }
    SwapDetailScreen.-short #swap-body-scroll, SwapDetailScreen.-tiny #swap-body-scroll { max-height: 6; }
    SwapDetailScreen.-short #swap-body-scroll:focus { max-height: 45%; }
    SwapDetailScreen.-short #swap-actions Button, SwapDetailScreen.-tiny #swap-actions Button {
        height: 1; border: none;
    }
    SwapDetailScreen.-short #thread-hint, SwapDetailScreen.-tiny #thread-hint { display: none; }
    SwapDetailScreen.-tiny #swap-body-scroll:focus { max-height: 50%; }
    SwapDetailScreen.-tiny #thread { height: auto; }
    SwapDetailScreen.-tiny #thread-messages { display: none; }
    SwapDetailScreen.-tiny.-in-thread #thread { height: 1fr; }
    SwapDetailScreen.-tiny.-in-thread #thread-messages { display: block; }
    SwapDetailScreen.-tiny.-in-thread #swap-body-scroll { max-height: 3; }
    SwapDetailScreen.-tiny.-in-thread #swap-why { display: none; }
    SwapDetailScreen #thread { height: 1fr; }
    """

    def __init__(self, swap_id: int, view: SwapDetail | None = None) -> None:
        """``view``: the swap as the board last read it, drawn at once (the screen reads it again)."""
        super().__init__()
        self.swap_id = swap_id
        self.swap: SwapRow | None = None
        self._allowed: set[str] = set()
        self._why_not: dict[str, str] = {}
        """Why an action I would look for (Claim) is not available now."""
        self._first = view

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
        yield Static(id="swap-why", markup=False)
        yield ThreadView(id="thread")

    def on_mount(self) -> None:
        """The swap has the focus (``y`` copies it); Tab goes on to its thread, ``i`` writes there."""
        if self._first is not None:
            self._safely(self.show_view, self._first)
            self._first = None
        self.call_after_refresh(lambda: self.query_one("#swap-body-scroll").focus())

    def show_swap(self, swap_id: int, view: SwapDetail) -> None:
        """Show another swap in this screen (the board keeps one): drawn at once from ``view``, then
        read again from the cache when the screen is shown; focus, scroll and draft start afresh."""
        self.swap_id = swap_id
        self._safely(self.show_view, view)
        self._stale = True  # read again once shown: the board's view may be a moment old
        self.set_class(False, "-in-thread")
        thread = self.query_one(ThreadView)
        thread.compose_area.clear()
        self.query_one("#swap-body-scroll", VerticalScroll).scroll_home(animate=False)
        self.query_one("#swap-body-scroll").focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Note whether the focus is in the thread (a very short terminal shows it, not the swap's text)."""
        self.set_class(self.query_one(ThreadView) in event.widget.ancestors_with_self, "-in-thread")

    def read_view(self) -> SwapDetail:
        """The read model's swap: what it says and what I may do on it (off the UI loop)."""
        engine = self.engine
        return swap_detail(engine.rows(), engine.handle, engine.unconfirmed(), self.swap_id)

    def show_view(self, view: SwapDetail) -> None:
        """Redraw the swap, the allowed actions and the thread."""
        if view.swap_id != self.swap_id:
            return  # read for the swap this screen showed before (the board keeps one screen)
        swap = view.swap
        self.swap = swap
        self._why_not = {}
        self._allowed = set(view.allowed)
        if swap is None:
            self.query_one("#swap-head", Static).update(Content(_("This swap is not in the cache.")))
        else:
            # Claim is never simply missing: greyed with its reason unless I may claim or release.
            why = view.why_not.get("claim")
            if "claim" not in self._allowed and "release" not in self._allowed and why:
                self._why_not["claim"] = why
            zone = zone_named(view.zone)
            self._show(swap, view)
            self.query_one(ThreadView).show_channel(swap.channel, swap.title, zone)
        for action in ACTIONS:
            button = self.query_one(f"#do-{action}", Button)
            button.display = action in self._allowed or action in self._why_not
            button.disabled = action not in self._allowed
        why_line = self.query_one("#swap-why", Static)
        why_line.update(Content(self._why_not.get("claim", "")))
        why_line.display = "claim" in self._why_not
        self.refresh_bindings()

    def _show(self, swap: SwapRow, view: SwapDetail) -> None:
        zone = zone_named(view.zone)
        status = swap.status
        lines = [
            Content.assemble(
                Content.styled(f"{swap.status_label}  ", STATUS_STYLES.get(status, "")),
                Content.styled(swap.title, "bold"),
            ),
            Content.assemble(
                Content.styled(_("Asked by "), "$text-muted"),
                Content.styled(f"@{swap.author}", "$accent"),
                Content(f" · {swap.city_name} · "),
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
        for summary in view.waiting:
            lines.append(
                Content.styled("⧗ " + _("waiting for the server: {what}", what=summary), "italic $warning")
            )
        self.query_one("#swap-head", Static).update(Content("\n").join(lines))
        self.query_one("#swap-body", Static).update(Content(swap.body or _("(no details)")))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the swap actions the server would accept from me; Claim greyed (with why) when not."""
        if action == "swap" and parameters:
            wanted = str(parameters[0])
            if wanted in self._allowed:
                return True
            return None if wanted in self._why_not else False
        return True

    def why_unavailable(self, action: str) -> str | None:
        """Why a greyed key does nothing now (F1 says it; pressing the key says it too)."""
        for name, why in self._why_not.items():
            if action == f"swap('{name}')":
                return why
        return None

    def on_key(self, event: events.Key) -> None:
        """A greyed key pressed: say why it does nothing instead of staying silent."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self:
            return
        why = self.why_unavailable(active.binding.action)
        if why:
            event.stop()
            self.notify(why, title=_("Not available"), severity="warning", markup=False)

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
        """Copy the swap as Markdown (a message of the thread when one has the focus: its own ``y``)."""
        if self.swap is None:
            self.notify(_("Nothing copied: this swap is not in the cache."), markup=False)
            return
        copy_swap(self, self.swap)

    def action_write(self) -> None:
        """Move to the box to write in the swap's thread."""
        self.query_one(ThreadView).compose_area.focus()

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss()
