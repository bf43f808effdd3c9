"""``CityClient``: one typed async method per route of the city API (docs/api.md)."""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import BaseModel

from nuittui.models import (
    DEFAULT_POLL_TIMEOUT,
    ChannelPublic,
    EventPublic,
    MessageCreate,
    MessagePage,
    MessagePublic,
    MeUpdate,
    ProgressCreate,
    ProgressPublic,
    ProgressReport,
    ProjectCreate,
    ProjectPublic,
    ProjectUpdate,
    RegisterRequest,
    RegisterResponse,
    ScheduleItemCreate,
    ScheduleItemPublic,
    ScheduleItemUpdate,
    SwapCreate,
    SwapPublic,
    SwapResolve,
    SwapStatus,
    SyncBatch,
    UserPublic,
)

from ._base import (
    CONNECT_TIMEOUT,
    LONG_POLL_MARGIN,
    POOL_TIMEOUT,
    WRITE_TIMEOUT,
    BaseClient,
    path_id,
    path_segment,
)

__all__ = ["CityClient"]

SNAPSHOT_DEADLINE = 10.0
"""Beyond the poll and its margin, the time a whole answer may take to arrive (a snapshot on venue Wi-Fi)."""

T = TypeVar("T")


class CityClient(BaseClient):
    """The async client of the city API.

    Use it as ``async with CityClient(base_url=..., token=...) as client:``.
    Reads return the models of ``nuittui.models``; every mutating method takes
    a keyword-only ``idempotency_key`` sent as the ``Idempotency-Key`` header,
    so a retry after ``Offline`` never does the work twice. Failures raise the
    ``ClientError`` tree documented in ``nuittui.client``.
    """

    # -- event and people ---------------------------------------------------------------

    async def event(self) -> EventPublic:
        """``GET /v1/event``: the event (public, no token needed)."""
        return await self.call(EventPublic, "GET", "/v1/event")

    async def register(self, req: RegisterRequest, *, idempotency_key: str | None = None) -> RegisterResponse:
        """``POST /v1/auth/register``: trade the venue's join code for a token (set ``token`` with it)."""
        return await self.call(
            RegisterResponse,
            "POST",
            "/v1/auth/register",
            json=req.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def revoke(self, *, idempotency_key: str | None = None) -> None:
        """``POST /v1/auth/revoke``: the server forgets this token; the client drops it too."""
        await self.request("POST", "/v1/auth/revoke", idempotency_key=idempotency_key)
        self.token = None

    async def me(self) -> UserPublic:
        """``GET /v1/me``: the person this token belongs to."""
        return await self.call(UserPublic, "GET", "/v1/me")

    async def update_me(self, update: MeUpdate, *, idempotency_key: str | None = None) -> UserPublic:
        """``PATCH /v1/me``: change only the fields set in ``update``."""
        return await self._patch(UserPublic, "/v1/me", update, idempotency_key)

    async def users(self, city: str | None = None) -> list[UserPublic]:
        """``GET /v1/users``: everyone, or one city's people."""
        return await self.call(list[UserPublic], "GET", "/v1/users", params={"city": city})

    async def user(self, handle: str) -> UserPublic:
        """``GET /v1/users/{handle}``."""
        return await self.call(UserPublic, "GET", f"/v1/users/{path_segment(handle)}")

    # -- projects and teams -------------------------------------------------------------

    async def projects(
        self, *, theme: str | None = None, city: str | None = None, looking: bool | None = None
    ) -> list[ProjectPublic]:
        """``GET /v1/projects``, filtered by theme, city and whether the team is looking for members."""
        params = {"theme": theme, "city": city, "looking": looking}
        return await self.call(list[ProjectPublic], "GET", "/v1/projects", params=params)

    async def project(self, project_id: int) -> ProjectPublic:
        """``GET /v1/projects/{id}``."""
        return await self.call(ProjectPublic, "GET", f"/v1/projects/{path_id(project_id)}")

    async def create_project(
        self, project: ProjectCreate, *, idempotency_key: str | None = None
    ) -> ProjectPublic:
        """``POST /v1/projects`` (organizers)."""
        return await self._post(ProjectPublic, "/v1/projects", project, idempotency_key)

    async def update_project(
        self, project_id: int, update: ProjectUpdate, *, idempotency_key: str | None = None
    ) -> ProjectPublic:
        """``PATCH /v1/projects/{id}``: organizers change anything, members ``looking_for_members``."""
        return await self._patch(
            ProjectPublic, f"/v1/projects/{path_id(project_id)}", update, idempotency_key
        )

    async def join(self, project_id: int, *, idempotency_key: str | None = None) -> ProjectPublic:
        """``POST /v1/projects/{id}/join``: join the team (already a member: same answer)."""
        return await self._post(
            ProjectPublic, f"/v1/projects/{path_id(project_id)}/join", None, idempotency_key
        )

    async def leave(self, project_id: int, *, idempotency_key: str | None = None) -> ProjectPublic:
        """``POST /v1/projects/{id}/leave``."""
        return await self._post(
            ProjectPublic, f"/v1/projects/{path_id(project_id)}/leave", None, idempotency_key
        )

    async def progress(self, project_id: int) -> list[ProgressPublic]:
        """``GET /v1/projects/{id}/progress``: the team's updates, newest first."""
        path = f"/v1/projects/{path_id(project_id)}/progress"
        return await self.call(list[ProgressPublic], "GET", path)

    async def post_progress(
        self, project_id: int, update: ProgressCreate, *, idempotency_key: str | None = None
    ) -> ProgressPublic:
        """``POST /v1/projects/{id}/progress`` (team members)."""
        path = f"/v1/projects/{path_id(project_id)}/progress"
        return await self._post(ProgressPublic, path, update, idempotency_key)

    # -- bug swaps ----------------------------------------------------------------------

    async def swaps(
        self,
        *,
        status: SwapStatus | str | None = None,
        city: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        claimed_by: str | None = None,
    ) -> list[SwapPublic]:
        """``GET /v1/swaps``, newest first, filtered by any of the arguments."""
        params = {"status": status, "city": city, "tag": tag, "author": author, "claimed_by": claimed_by}
        return await self.call(list[SwapPublic], "GET", "/v1/swaps", params=params)

    async def swap(self, swap_id: int) -> SwapPublic:
        """``GET /v1/swaps/{id}``."""
        return await self.call(SwapPublic, "GET", f"/v1/swaps/{path_id(swap_id)}")

    async def create_swap(self, swap: SwapCreate, *, idempotency_key: str | None = None) -> SwapPublic:
        """``POST /v1/swaps``: ask for help."""
        return await self._post(SwapPublic, "/v1/swaps", swap, idempotency_key)

    async def claim(self, swap_id: int, *, idempotency_key: str | None = None) -> SwapPublic:
        """``POST /v1/swaps/{id}/claim``: offer to help (not on your own swap, one claim at a time)."""
        return await self._swap_action(swap_id, "claim", idempotency_key)

    async def release(self, swap_id: int, *, idempotency_key: str | None = None) -> SwapPublic:
        """``POST /v1/swaps/{id}/release``: the claimer gives the swap back; it is open again."""
        return await self._swap_action(swap_id, "release", idempotency_key)

    async def resolve(
        self, swap_id: int, resolution: SwapResolve | None = None, *, idempotency_key: str | None = None
    ) -> SwapPublic:
        """``POST /v1/swaps/{id}/resolve`` (author), with an optional thank-you and rating."""
        path = f"/v1/swaps/{path_id(swap_id)}/resolve"
        return await self._post(SwapPublic, path, resolution or SwapResolve(), idempotency_key)

    async def cancel(self, swap_id: int, *, idempotency_key: str | None = None) -> SwapPublic:
        """``POST /v1/swaps/{id}/cancel`` (author)."""
        return await self._swap_action(swap_id, "cancel", idempotency_key)

    async def reopen(self, swap_id: int, *, idempotency_key: str | None = None) -> SwapPublic:
        """``POST /v1/swaps/{id}/reopen`` (author): open again, claim cleared."""
        return await self._swap_action(swap_id, "reopen", idempotency_key)

    # -- chat ---------------------------------------------------------------------------

    async def channels(self) -> list[ChannelPublic]:
        """``GET /v1/channels``: every channel anyone can read."""
        return await self.call(list[ChannelPublic], "GET", "/v1/channels")

    async def messages(self, channel: str, before: int | None = None, limit: int = 50) -> MessagePage:
        """``GET /v1/channels/{channel}/messages``: one page, newest last; ``before`` a ``seq`` for older."""
        path = f"/v1/channels/{path_segment(channel)}/messages"
        return await self.call(MessagePage, "GET", path, params={"before": before, "limit": limit})

    async def send_message(
        self, channel: str, message: MessageCreate, *, idempotency_key: str | None = None
    ) -> MessagePublic:
        """``POST /v1/channels/{channel}/messages``."""
        path = f"/v1/channels/{path_segment(channel)}/messages"
        return await self._post(MessagePublic, path, message, idempotency_key)

    # -- schedule and progress ----------------------------------------------------------

    async def schedule(self, city: str | None = None) -> list[ScheduleItemPublic]:
        """``GET /v1/schedule``, by start; with ``city``, the global items and that city's."""
        return await self.call(list[ScheduleItemPublic], "GET", "/v1/schedule", params={"city": city})

    async def create_schedule_item(
        self, item: ScheduleItemCreate, *, idempotency_key: str | None = None
    ) -> ScheduleItemPublic:
        """``POST /v1/schedule`` (organizers)."""
        return await self._post(ScheduleItemPublic, "/v1/schedule", item, idempotency_key)

    async def update_schedule_item(
        self, item_id: int, update: ScheduleItemUpdate, *, idempotency_key: str | None = None
    ) -> ScheduleItemPublic:
        """``PATCH /v1/schedule/{id}`` (organizers)."""
        return await self._patch(
            ScheduleItemPublic, f"/v1/schedule/{path_id(item_id)}", update, idempotency_key
        )

    async def delete_schedule_item(self, item_id: int, *, idempotency_key: str | None = None) -> None:
        """``DELETE /v1/schedule/{id}`` (organizers)."""
        await self.request("DELETE", f"/v1/schedule/{path_id(item_id)}", idempotency_key=idempotency_key)

    async def progress_report(self) -> ProgressReport:
        """``GET /v1/progress``: every city's figures and the latest team updates."""
        return await self.call(ProgressReport, "GET", "/v1/progress")

    # -- sync ---------------------------------------------------------------------------

    async def sync(
        self,
        since: int | None,
        timeout: float = DEFAULT_POLL_TIMEOUT,  # noqa: ASYNC109 (the server's wait, sent as a parameter)
        limit: int | None = None,
    ) -> SyncBatch:
        """``GET /v1/sync``: events after ``since``, waiting up to ``timeout`` s for the first one.

        ``since=None`` asks for a full snapshot (``reset``). The read timeout
        outlasts the poll by ``LONG_POLL_MARGIN`` so the server's empty answer
        arrives before the client gives up.
        """
        if timeout < 0:
            raise ValueError("the poll timeout cannot be negative")
        # Whole seconds go as integers, so a server that reads an int accepts the default.
        wait: float | int = int(timeout) if float(timeout).is_integer() else timeout
        read = httpx.Timeout(
            connect=CONNECT_TIMEOUT, read=timeout + LONG_POLL_MARGIN, write=WRITE_TIMEOUT, pool=POOL_TIMEOUT
        )
        params = {"since": since, "timeout": wait, "limit": limit}
        # The whole answer, a snapshot included, within the poll, its margin and a download's time.
        deadline = timeout + LONG_POLL_MARGIN + SNAPSHOT_DEADLINE
        return await self.call(SyncBatch, "GET", "/v1/sync", params=params, timeouts=read, deadline=deadline)

    # -- helpers ------------------------------------------------------------------------

    async def _post(self, tp: type[T], path: str, body: BaseModel | None, key: str | None) -> T:
        data = body.model_dump(mode="json") if body is not None else None
        return await self.call(tp, "POST", path, json=data, idempotency_key=key)

    async def _patch(self, tp: type[T], path: str, body: BaseModel, key: str | None) -> T:
        # Only what the caller set: a field left out stays unchanged on the server.
        data = body.model_dump(mode="json", exclude_unset=True)
        return await self.call(tp, "PATCH", path, json=data, idempotency_key=key)

    async def _swap_action(self, swap_id: int, action: str, key: str | None) -> SwapPublic:
        return await self._post(SwapPublic, f"/v1/swaps/{path_id(swap_id)}/{action}", None, key)
