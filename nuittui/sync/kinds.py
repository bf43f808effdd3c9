"""How each user action is queued in the outbox: its kind, request, order key and summary.

Plain functions of the standard library (and ``_``), so the shell's fast path
queues exactly the entry the engine would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from nuittui.i18n import _

__all__ = [
    "MESSAGE",
    "SWAP_CREATE",
    "QueuedRequest",
    "message_request",
    "swap_action_request",
    "swap_create_request",
]

MESSAGE = "message"
"""Kind of a chat message; its order key is the channel (the outbox shows it as pending there)."""
SWAP_CREATE = "swap.create"
ME_UPDATE = "me.update"
PROGRESS = "progress.create"
TEAM_JOIN = "team.join"
TEAM_LEAVE = "team.leave"
TEAM_LOOKING = "team.looking"
EVENT_UPDATE = "event.update"
SCHEDULE_UPDATE = "schedule.update"
MESSAGE_HIDE = "message.hide"
USER_SUSPEND = "user.suspend"
USER_UNSUSPEND = "user.unsuspend"
MEMBER_REMOVE = "project.remove_member"

SWAPS_ORDER = "swaps"
"""Every swap write goes out in order: a release must reach the server before the next claim."""
TEAM_ORDER = "team"
"""Joining, leaving and posting progress in order: a progress update needs the join before it."""
ME_ORDER = "me"
EVENT_ORDER = "event"
"""Organizers' event edits in order: a second edit applies after the first."""
SCHEDULE_ORDER = "schedule"
"""Organizers' schedule changes in order: a second move applies after the first."""
MODERATION_ORDER = "moderation"
"""Hiding, suspending and removing in order: an unsuspend must follow its suspend."""


@dataclass(frozen=True, slots=True)
class QueuedRequest:
    """Everything ``Outbox.enqueue`` needs for one action."""

    kind: str
    method: str
    path: str
    body: dict[str, Any] | None
    order_key: str
    summary: str


def swap_create_request(body: dict[str, Any]) -> QueuedRequest:
    """``POST /v1/swaps`` with a ``SwapCreate`` already dumped to JSON."""
    title = str(body.get("title", ""))
    return QueuedRequest(
        SWAP_CREATE, "POST", "/v1/swaps", body, SWAPS_ORDER, _("New swap: {title}", title=title)
    )


def swap_action_request(swap_id: int, action: str, body: dict[str, Any] | None = None) -> QueuedRequest:
    """``POST /v1/swaps/{id}/{action}`` (claim, release, resolve, cancel, reopen)."""
    summaries = {
        "claim": _("Claim swap #{id}", id=swap_id),
        "release": _("Release swap #{id}", id=swap_id),
        "resolve": _("Resolve swap #{id}", id=swap_id),
        "cancel": _("Cancel swap #{id}", id=swap_id),
        "reopen": _("Reopen swap #{id}", id=swap_id),
    }
    return QueuedRequest(
        f"swap.{action}", "POST", f"/v1/swaps/{swap_id}/{action}", body, SWAPS_ORDER, summaries[action]
    )


def message_request(channel: str, body: dict[str, Any]) -> QueuedRequest:
    """``POST /v1/channels/{channel}/messages``; ordered per channel."""
    path = f"/v1/channels/{quote(channel, safe='')}/messages"
    return QueuedRequest(MESSAGE, "POST", path, body, channel, _("Message in #{channel}", channel=channel))


def team_request(project_id: int, action: str) -> QueuedRequest:
    """``POST /v1/projects/{id}/join`` or ``/leave``."""
    kind, summary = (
        (TEAM_JOIN, _("Join team #{id}", id=project_id))
        if action == "join"
        else (TEAM_LEAVE, _("Leave team #{id}", id=project_id))
    )
    return QueuedRequest(kind, "POST", f"/v1/projects/{project_id}/{action}", None, TEAM_ORDER, summary)


def progress_request(project_id: int, body: dict[str, Any]) -> QueuedRequest:
    """``POST /v1/projects/{id}/progress``."""
    return QueuedRequest(
        PROGRESS,
        "POST",
        f"/v1/projects/{project_id}/progress",
        body,
        TEAM_ORDER,
        _("Progress update for team #{id}", id=project_id),
    )


def looking_request(project_id: int, looking: bool) -> QueuedRequest:
    """``PATCH /v1/projects/{id}`` with ``looking_for_members`` only (a team member's one change);
    ordered with joins and leaves: a member's toggle needs the join before it."""
    summary = (
        _("Team #{id} is looking for members", id=project_id)
        if looking
        else _("Team #{id} is not looking for members", id=project_id)
    )
    return QueuedRequest(
        TEAM_LOOKING,
        "PATCH",
        f"/v1/projects/{project_id}",
        {"looking_for_members": bool(looking)},
        TEAM_ORDER,
        summary,
    )


def event_update_request(body: dict[str, Any]) -> QueuedRequest:
    """``PATCH /v1/event`` (event organizers) with only the fields set."""
    return QueuedRequest(EVENT_UPDATE, "PATCH", "/v1/event", body, EVENT_ORDER, _("Change the event"))


def me_request(body: dict[str, Any]) -> QueuedRequest:
    """``PATCH /v1/me`` with only the fields set."""
    return QueuedRequest(ME_UPDATE, "PATCH", "/v1/me", body, ME_ORDER, _("Update my profile"))


def schedule_update_request(item_id: int, body: dict[str, Any]) -> QueuedRequest:
    """``PATCH /v1/schedule/{id}`` (organizers) with only the fields set."""
    return QueuedRequest(
        SCHEDULE_UPDATE,
        "PATCH",
        f"/v1/schedule/{item_id}",
        body,
        SCHEDULE_ORDER,
        _("Change schedule item #{id}", id=item_id),
    )


def hide_request(message_id: int, body: dict[str, Any] | None = None) -> QueuedRequest:
    """``POST /v1/messages/{id}/hide`` (organizers), with an optional ``ModerationNote``."""
    return QueuedRequest(
        MESSAGE_HIDE,
        "POST",
        f"/v1/messages/{message_id}/hide",
        body,
        MODERATION_ORDER,
        _("Hide message #{id}", id=message_id),
    )


def suspension_request(handle: str, action: str, body: dict[str, Any] | None = None) -> QueuedRequest:
    """``POST /v1/users/{handle}/suspend`` or ``/unsuspend`` (organizers)."""
    kind, summary = (
        (USER_SUSPEND, _("Suspend {handle}", handle=handle))
        if action == "suspend"
        else (USER_UNSUSPEND, _("Lift the suspension of {handle}", handle=handle))
    )
    path = f"/v1/users/{quote(handle, safe='')}/{action}"
    return QueuedRequest(kind, "POST", path, body, MODERATION_ORDER, summary)


def member_remove_request(project_id: int, handle: str, body: dict[str, Any] | None = None) -> QueuedRequest:
    """``POST /v1/projects/{id}/members/{handle}/remove`` (organizers)."""
    return QueuedRequest(
        MEMBER_REMOVE,
        "POST",
        f"/v1/projects/{project_id}/members/{quote(handle, safe='')}/remove",
        body,
        MODERATION_ORDER,
        _("Remove {handle} from team #{id}", handle=handle, id=project_id),
    )
