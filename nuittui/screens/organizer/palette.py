"""What the palette runs: each organizer command opens its form and queues (or calls) what it returns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any

from nuittui.i18n import _
from nuittui.models import RecoveryCode
from nuittui.readmodel.organizer import OrganizerView, OrgPerson
from nuittui.sync.errors import error_line
from nuittui.widgets.status_bar import zone_named

if TYPE_CHECKING:
    from nuittui.app import NuitApp
    from nuittui.widgets import MessageLike
from .announce import AnnounceForm
from .common import Announcement, Move, Suspension, day_clock
from .moderation import HideForm, SuspendForm
from .move import MoveForm
from .recovery import RecoveryCodeScreen, RecoveryForm

# -- what the palette runs -------------------------------------------------------------------------


class Organizer:
    """The organizer commands on ``app``: each opens its form and queues (or calls) what it returns.

    ``view`` is the read model's organizer view (``nuittui.readmodel.organizer``), read off the UI
    loop when the palette opened: the forms show its plain rows, nothing here reads the cache.
    """

    def __init__(self, app: NuitApp, view: OrganizerView) -> None:
        self.app = app
        self.view = view

    def _zone(self) -> tzinfo:
        return zone_named(self.view.zone)

    def _people(self) -> list[OrgPerson]:
        """The participants I may act on, by handle."""
        return list(self.view.people)

    def _run(self, queue: Callable[[], Any], done: str) -> None:
        """Queue a write in a worker; ``done`` (or the one-line reason it was not queued) in a toast."""

        async def work() -> None:
            try:
                await queue()
            except Exception as error:  # refused by the model, or the outbox could not be written
                self.app.notify(
                    _("Not queued: {error}", error=error_line(error)), severity="error", markup=False
                )
                return
            self.app.notify(done, markup=False)

        self.app.run_worker(work(), exit_on_error=False, group="organizer")

    # -- the commands ----------------------------------------------------------------------------

    def announce(self) -> None:
        """Open the announcement form."""
        cities = [(city.id, city.name) for city in self.view.cities]
        self.app.push_screen(AnnounceForm(cities, self.view.scope), self._announced)

    def _announced(self, result: Announcement | None) -> None:
        if result is None:
            return
        where = (
            _("everyone")
            if result.channel == "all"
            else self.view.city_name(result.channel.removeprefix("city:"))
        )
        self._run(
            lambda: self.app.engine.announce(result.channel, result.text),
            _(
                "Announcement queued for {where}: it is sent as soon as the server can be reached.",
                where=where,
            ),
        )

    def move(self) -> None:
        """Open the form to move a schedule item of my scope."""
        items, name = self.view.items, self.view.scope_name
        if not items:
            self.app.notify(
                _("No schedule item of {city} to move.", city=name)
                if name
                else _("No schedule item to move yet."),
                markup=False,
            )
            return
        form = MoveForm(items, self._zone(), self.view.names, self.view.queued_items)
        self.app.push_screen(form, self._moved)

    def _moved(self, result: Move | None) -> None:
        if result is None:
            return
        tz = self._zone()
        self._run(
            lambda: self.app.engine.update_schedule_item(
                result.item.id, {"starts_at": result.starts_at, "ends_at": result.ends_at}
            ),
            _(
                "Move queued: {title} at {time}.",
                title=result.item.title,
                time=day_clock(result.starts_at, tz),
            ),
        )

    def hide(self, message: MessageLike | None, message_id: int | None) -> None:
        """Confirm and hide ``message`` (the one selected in the open thread)."""
        if message is None:
            self.app.notify(_("Open a channel and select a message first."), markup=False)
            return
        if message_id is None:
            self.app.notify(_("This message is not on the server yet: nothing to hide."), markup=False)
            return
        when = day_clock(message.created_at, self._zone())
        form = HideForm(message.author, message.body, when)
        self.app.push_screen(form, partial(self._hidden, message.author, message_id))

    def _hidden(self, author: str, message_id: int, reason: str | None) -> None:
        if reason is None:
            return
        self._run(
            lambda: self.app.engine.hide_message(message_id, reason or None),
            _("Hiding queued: the message of @{author} is removed for everyone.", author=author),
        )

    def suspend(self, *, lift: bool = False) -> None:
        """Open the form to suspend a participant of my scope, or lift a suspension."""
        name = self.view.scope_name
        form = SuspendForm(self._people(), name, lift=lift, city_names=self.view.names)
        self.app.push_screen(form, self._lifted if lift else self._suspended)

    def _suspended(self, result: Suspension | None) -> None:
        if result is not None:
            self._run(
                lambda: self.app.engine.suspend(result.handle, result.reason or None),
                _("Suspension of @{handle} queued.", handle=result.handle),
            )

    def _lifted(self, result: Suspension | None) -> None:
        if result is not None:
            self._run(
                lambda: self.app.engine.unsuspend(result.handle, result.reason or None),
                _("Lifting the suspension of @{handle} queued.", handle=result.handle),
            )

    def recovery(self) -> None:
        """Open the recovery form; the code the server gives is shown once."""
        name = self.view.scope_name
        form = RecoveryForm(self._people(), name, self.app.engine.issue_recovery, city_names=self.view.names)
        self.app.push_screen(form, self._issued)

    def _issued(self, code: RecoveryCode | None) -> None:
        if code is None:
            return
        profile = self.app.profile
        url = profile.api_url if profile is not None else str(self.app.engine.client.base_url)
        self.app.push_screen(RecoveryCodeScreen(code, url.rstrip("/"), self._zone()))


def selected_message(screen: Any) -> tuple[MessageLike | None, int | None]:
    """The message selected in the open thread of ``screen`` and its server id (None while pending)."""
    from ..thread import ThreadView

    for thread in screen.query(ThreadView):
        if thread.channel is None:
            continue
        row = thread.messages.cursor_row
        if row is not None:
            return row, getattr(row, "id", None)
    return None, None
