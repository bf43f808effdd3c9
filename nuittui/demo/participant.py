"""The demo participant: "Vous (démo)" in Lyon, saved as the ``demo`` profile.

Registration goes through the real HTTP API with the demo's join code, like
``nuit-tui login`` would; the token is stored like any profile's (keyring or
0600 file). The port changes on every run, so the profile's ``api_url`` is
updated each time; the token is kept while the server still accepts it (same
database), and replaced by a new registration otherwise.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from nuittui.client import CityClient, Conflict, Unauthorized
from nuittui.i18n import _
from nuittui.models import RegisterRequest, UserPublic
from nuittui.profiles import (
    ResolvedProfile,
    load_config,
    resolve_profile,
    save_profile,
    save_token,
    stored_token,
)
from nuittui.server.demo import DEMO_JOIN_CODE

from .errors import DemoError
from .sandbox import DEMO_PROFILE

__all__ = [
    "DEMO_CITY",
    "DEMO_DISPLAY_NAME",
    "DEMO_HANDLE",
    "DEMO_SKILLS",
    "ensure_demo_participant",
    "ensure_demo_participant_async",
]

DEMO_HANDLE = "moi"
DEMO_DISPLAY_NAME = "Vous (démo)"
DEMO_CITY = "lyon"
DEMO_SKILLS = ("python", "javascript")

_SPARE_HANDLES = 8
"""``moi-2`` … ``moi-9``: used only if ``moi`` exists in the database but its token was lost."""

T = TypeVar("T")


class HasUrl(Protocol):
    """Anything that knows the server's base URL, such as a started ``DemoServer``."""

    @property
    def url(self) -> str: ...


def _url_of(server: HasUrl | str) -> str:
    return server if isinstance(server, str) else server.url


async def _current_user(client: CityClient, token: str | None) -> UserPublic | None:
    """The user ``token`` belongs to on this server, or None when the server does not know it."""
    if not token:
        return None
    try:
        client.token = token
    except ValueError:  # not a token we could have saved: ignore it
        return None
    try:
        return await client.me()
    except Unauthorized:
        return None


async def _register(client: CityClient) -> tuple[str, UserPublic]:
    handles = [DEMO_HANDLE, *(f"{DEMO_HANDLE}-{n}" for n in range(2, 2 + _SPARE_HANDLES))]
    for handle in handles:
        request = RegisterRequest(
            join_code=DEMO_JOIN_CODE,
            handle=handle,
            display_name=DEMO_DISPLAY_NAME,
            city=DEMO_CITY,
            skills=list(DEMO_SKILLS),
        )
        try:
            answer = await client.register(request)
        except Conflict:
            continue  # this handle exists but its token is gone: the sandbox gives us another
        return answer.token, answer.user
    raise DemoError(_("cannot register the demo participant: every demo handle is taken"))


async def ensure_demo_participant_async(server: HasUrl | str) -> ResolvedProfile:
    """Register the demo participant on ``server`` if needed and save the ``demo`` profile.

    Returns the profile as the app resolves it, ignoring ``NUIT_*`` overrides (the demo
    always talks to its own server). Raises ``ClientError`` when the server does not
    answer, ``ProfileError`` when the config or credentials cannot be written.
    """
    url = _url_of(server)
    config = load_config()
    async with CityClient(base_url=url) as client:
        user = await _current_user(client, stored_token(DEMO_PROFILE, config=config))
        if user is None:
            token, user = await _register(client)
            # The server shows a token once: store it before anything else can fail.
            save_token(DEMO_PROFILE, token, config=config)
    save_profile(DEMO_PROFILE, url, handle=user.handle, city=user.city, make_default=False)
    return resolve_profile(DEMO_PROFILE, environ={})


def ensure_demo_participant(server: HasUrl | str) -> ResolvedProfile:
    """``ensure_demo_participant_async``, from synchronous code (inside a running loop too)."""
    return run_blocking(lambda: ensure_demo_participant_async(server))


def run_blocking(make: Callable[[], Awaitable[T]]) -> T:
    """Run the coroutine ``make()`` to completion from synchronous code and return its result.

    Inside a running event loop the coroutine gets a loop of its own in a worker thread,
    since ``asyncio.run`` refuses to nest.
    """

    async def main() -> T:
        return await make()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="nuit-demo") as pool:
        return pool.submit(asyncio.run, main()).result()
