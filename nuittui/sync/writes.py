"""One method per user action. Each is validated with the contract's models, then queued in
the outbox (durable before it returns) and sent by the drain as soon as it can."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from nuittui.cache import OutboxEntry
from nuittui.i18n import _
from nuittui.models import (
    CHANNEL_PATTERN,
    EventUpdate,
    MessageCreate,
    MeUpdate,
    ModerationNote,
    ProgressCreate,
    ScheduleItemUpdate,
    SwapCreate,
    SwapResolve,
)
from nuittui.models.limits import HANDLE_PATTERN

from . import kinds
from .errors import InvalidWrite

__all__ = ["WritesMixin", "invalid_write", "validated"]

M = TypeVar("M", bound=BaseModel)
_CHANNEL = re.compile(CHANNEL_PATTERN)
_MAX_ID = 10**12
_HANDLE = re.compile(HANDLE_PATTERN)


def invalid_write(exc: ValidationError) -> InvalidWrite:
    """The model's first reason as one line, e.g. ``title: too long (at most 120 characters)``."""
    first = exc.errors(include_url=False, include_input=False)[0]
    field = ".".join(str(part) for part in first["loc"]) or None
    ctx = first.get("ctx") or {}
    kind = first["type"]
    if kind in ("too_short", "string_too_short") and ctx.get("min_length") == 1:
        reason = _("must not be empty")
    elif kind in ("too_long", "string_too_long") and "max_length" in ctx:
        reason = _("too long (at most {count})", count=ctx["max_length"])
    elif kind == "string_pattern_mismatch":
        reason = _("not a valid value")
    else:
        reason = str(first["msg"])
    return InvalidWrite(f"{field}: {reason}" if field else reason, field=field)


def validated(model: type[M], data: BaseModel | dict[str, Any]) -> M:
    """``data`` checked against ``model`` (again, for a model instance: it may have been mutated)."""
    raw = data.model_dump(exclude_unset=True) if isinstance(data, BaseModel) else data
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise invalid_write(exc) from None


def object_id(value: int, what: str) -> int:
    """A positive integer id, or ``InvalidWrite``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < _MAX_ID:
        raise InvalidWrite(_("{what} must be a positive whole number", what=what), field=what)
    return value


def checked_handle(handle: str) -> str:
    """A person's handle as the server knows it (lower case), or ``InvalidWrite``."""
    value = handle.strip().lower() if isinstance(handle, str) else ""
    if not _HANDLE.match(value):
        raise InvalidWrite(_("not a valid handle: {handle}", handle=repr(handle)), field="handle")
    return value


def _note(reason: str | None) -> dict[str, Any] | None:
    """The optional ``ModerationNote`` body of an organizer's action."""
    if not reason:
        return None
    return validated(ModerationNote, {"reason": reason}).model_dump(mode="json")


def checked_channel(channel: str) -> str:
    """A channel name (``all``, ``city:lyon``, ``team:3``, ``swap:12``), or ``InvalidWrite``."""
    if not isinstance(channel, str) or not _CHANNEL.fullmatch(channel):
        raise InvalidWrite(
            _("unknown channel {channel}: use all, city:ID, team:N or swap:N", channel=repr(channel)),
            field="channel",
        )
    return channel


class WritesMixin:
    """The write half of ``SyncEngine``: every method returns the queued ``OutboxEntry``."""

    if TYPE_CHECKING:  # provided by SyncEngine (OutboxMixin)

        async def _queue(self, request: kinds.QueuedRequest) -> OutboxEntry: ...

    async def post_swap(self, swap: SwapCreate | dict[str, Any]) -> OutboxEntry:
        """Ask for help; the swap shows as pending until the server confirms it."""
        body = validated(SwapCreate, swap).model_dump(mode="json")
        return await self._queue(kinds.swap_create_request(body))

    async def claim(self, swap_id: int) -> OutboxEntry:
        """Offer to help on someone's swap."""
        return await self._queue(kinds.swap_action_request(object_id(swap_id, "swap id"), "claim"))

    async def release(self, swap_id: int) -> OutboxEntry:
        """Give back a swap I claimed; it is open again."""
        return await self._queue(kinds.swap_action_request(object_id(swap_id, "swap id"), "release"))

    async def resolve(
        self, swap_id: int, resolution: SwapResolve | dict[str, Any] | None = None
    ) -> OutboxEntry:
        """Close my swap as solved, with an optional thank-you and rating (1–5)."""
        body = validated(SwapResolve, resolution or {}).model_dump(mode="json")
        return await self._queue(kinds.swap_action_request(object_id(swap_id, "swap id"), "resolve", body))

    async def cancel(self, swap_id: int) -> OutboxEntry:
        """Withdraw my swap."""
        return await self._queue(kinds.swap_action_request(object_id(swap_id, "swap id"), "cancel"))

    async def reopen(self, swap_id: int) -> OutboxEntry:
        """Open my resolved, cancelled or claimed swap again (the claim is cleared)."""
        return await self._queue(kinds.swap_action_request(object_id(swap_id, "swap id"), "reopen"))

    async def send_message(self, channel: str, body: str) -> OutboxEntry:
        """Post in a channel; the message shows as pending until the server's copy arrives."""
        message = validated(MessageCreate, {"body": body})
        return await self._queue(
            kinds.message_request(checked_channel(channel), message.model_dump(mode="json"))
        )

    async def join_team(self, project_id: int) -> OutboxEntry:
        """Join a project's team."""
        return await self._queue(kinds.team_request(object_id(project_id, "project id"), "join"))

    async def leave_team(self, project_id: int) -> OutboxEntry:
        """Leave a project's team."""
        return await self._queue(kinds.team_request(object_id(project_id, "project id"), "leave"))

    async def post_progress(self, project_id: int, update: ProgressCreate | dict[str, Any]) -> OutboxEntry:
        """Post my team's progress (text and stage)."""
        body = validated(ProgressCreate, update).model_dump(mode="json")
        return await self._queue(kinds.progress_request(object_id(project_id, "project id"), body))

    async def set_looking(self, project_id: int, looking: bool) -> OutboxEntry:
        """Say whether my team is looking for members (``PATCH /v1/projects/{id}``, members only)."""
        if not isinstance(looking, bool):
            raise InvalidWrite(_("looking for members is on or off"), field="looking_for_members")
        return await self._queue(kinds.looking_request(object_id(project_id, "project id"), looking))

    async def update_me(self, update: MeUpdate | dict[str, Any]) -> OutboxEntry:
        """Change my display name, skills or availability (fields left out stay as they are)."""
        body = validated(MeUpdate, update).model_dump(mode="json", exclude_unset=True)
        if not body:
            raise InvalidWrite(_("nothing to update"))
        return await self._queue(kinds.me_request(body))

    # -- organizers ----------------------------------------------------------------------

    async def announce(self, channel: str, body: str) -> OutboxEntry:
        """Post an announcement in ``all`` (event organizers) or ``city:ID`` (its organizers)."""
        channel = checked_channel(channel)
        if channel != "all" and not channel.startswith("city:"):
            raise InvalidWrite(_("announcements go to all or city:ID"), field="channel")
        message = validated(MessageCreate, {"body": body, "announcement": True})
        return await self._queue(kinds.message_request(channel, message.model_dump(mode="json")))

    async def update_event(self, update: EventUpdate | dict[str, Any]) -> OutboxEntry:
        """Change the event's name, time zone, dates or jury time (event organizers; fields left
        out stay as they are)."""
        body = validated(EventUpdate, update).model_dump(mode="json", exclude_unset=True)
        if not body:
            raise InvalidWrite(_("nothing to update"))
        return await self._queue(kinds.event_update_request(body))

    async def update_schedule_item(
        self, item_id: int, update: ScheduleItemUpdate | dict[str, Any]
    ) -> OutboxEntry:
        """Move, edit or cancel a schedule item (fields left out stay as they are)."""
        body = validated(ScheduleItemUpdate, update).model_dump(mode="json", exclude_unset=True)
        if not body:
            raise InvalidWrite(_("nothing to update"))
        return await self._queue(kinds.schedule_update_request(object_id(item_id, "item id"), body))

    async def hide_message(self, message_id: int, reason: str | None = None) -> OutboxEntry:
        """Hide a message: the server empties its body for everyone."""
        return await self._queue(kinds.hide_request(object_id(message_id, "message id"), _note(reason)))

    async def suspend(self, handle: str, reason: str | None = None) -> OutboxEntry:
        """Suspend a participant: every request of theirs is refused until lifted."""
        return await self._queue(kinds.suspension_request(checked_handle(handle), "suspend", _note(reason)))

    async def unsuspend(self, handle: str, reason: str | None = None) -> OutboxEntry:
        """Lift a participant's suspension."""
        return await self._queue(kinds.suspension_request(checked_handle(handle), "unsuspend", _note(reason)))

    async def remove_member(self, project_id: int, handle: str, reason: str | None = None) -> OutboxEntry:
        """Take someone out of a project's team."""
        return await self._queue(
            kinds.member_remove_request(
                object_id(project_id, "project id"), checked_handle(handle), _note(reason)
            )
        )
