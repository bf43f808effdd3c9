"""Fixtures for testing the real server in-process: a fresh database per test, real HTTP over ASGI.

Reuse them from other test folders with ``from tests.server.conftest import ...`` (the plain
functions) or by listing this module in a ``pytest_plugins`` of a root conftest.

- ``small_event``: an ``EventPublic`` with three cities (``CITIES``) and the demo's six themes.
- ``server_settings``: the ``ServerSettings`` of the app; override this fixture to lower limits.
- ``db_path``: a database made like ``nuit-server init`` does, join code ``JOIN_CODE``.
- ``app``: ``create_app`` on it, lifespan entered; ``store``: its ``Store``.
- ``api``: an anonymous ``httpx.AsyncClient`` on the app.
- ``register``: ``await register("alice", city="lyon")`` → a ``UserClient`` (authed client).
- ``organizer``: a ``UserClient`` of an event organizer whose home is lyon (handle ``orga``).
- ``project``: a ``ProjectPublic`` in lyon (theme ``THEME``), team size 3, created by ``organizer``.
- ``world``: a copy of a small evening (``world.World``): event organizer, alice (lyon, in the project's
  team, with an open swap), bob (rennes) and carol (lyon) in no team, a schedule item.
- ``org_world``: a copy of a weekend seen by its organizers (``orgworld.OrgWorld``): an event
  organizer, two city organizers, a removed one, participants (one suspended), projects, jury slots,
  messages.
- ``live_url``: the same database served by a real uvicorn on 127.0.0.1 (a thread); its base URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi import FastAPI

from nuittui.models import EventPublic, ProjectPublic, UserPublic
from nuittui.server.accounts import add_organizer
from nuittui.server.app import create_app
from nuittui.server.demo import event_definition
from nuittui.server.settings import ServerSettings
from nuittui.server.store import Store

from .helpers import lent_warm_app, uvicorn_thread

if TYPE_CHECKING:
    from .orgworld import OrgTemplate, OrgWorld
    from .world import World, WorldTemplate

JOIN_CODE = "code-de-test"
BASE_URL = "http://test"

CITIES = ("lyon", "toulouse", "rennes")
THEME = "democratie-numerique"
"""A theme id of the test event."""


def make_event() -> EventPublic:
    """A small event: lyon, toulouse and rennes, the six themes of the demo, the 2017 weekend."""
    definition = event_definition()
    return EventPublic(
        name="Nuit du Code Citoyen (test)",
        timezone="Europe/Paris",
        starts_at=datetime(2017, 3, 4, 8, 0, tzinfo=UTC),
        ends_at=datetime(2017, 3, 5, 17, 0, tzinfo=UTC),
        jury_at=datetime(2017, 3, 5, 13, 0, tzinfo=UTC),
        cities=[c for c in definition.cities if c.id in CITIES],
        themes=definition.themes,
    )


def make_db(path: Path, event: EventPublic | None = None, join_code: str = JOIN_CODE) -> Path:
    """Create a database at ``path`` like ``nuit-server init`` does; returns the path."""
    Store.create(path, event=event or make_event(), join_code=join_code).close()
    return path


class UserClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` that sends one person's token."""

    def __init__(self, *, app: FastAPI, token: str, user: UserPublic) -> None:
        super().__init__(
            transport=httpx.ASGITransport(app=app),
            base_url=BASE_URL,
            headers={"Authorization": f"Bearer {token}"},
        )
        self.token = token
        self.user = user
        self.handle = user.handle


Register = Callable[..., Awaitable[UserClient]]


@pytest.fixture
def small_event() -> EventPublic:
    """The event the test database holds."""
    return make_event()


@pytest.fixture
def server_settings() -> ServerSettings:
    """The app's settings; override in a test module to lower limits."""
    return ServerSettings()


@pytest.fixture
def db_path(tmp_path: Path, small_event: EventPublic) -> Path:
    """A fresh database file holding ``small_event``."""
    return make_db(tmp_path / "city.db", small_event)


@pytest.fixture
async def app(db_path: Path, server_settings: ServerSettings) -> AsyncIterator[FastAPI]:
    """The real app on the test database, its lifespan entered (served by a lent warm app object)."""
    application = create_app(db_path=db_path, settings=server_settings)
    async with application.router.lifespan_context(application):
        with lent_warm_app(application, server_settings) as warm:
            yield warm


@pytest.fixture
def store(app: FastAPI) -> Store:
    """The app's store (to arrange state the API cannot, e.g. organizers)."""
    return app.state.store


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An anonymous client."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as client:
        yield client


@pytest.fixture
async def register(app: FastAPI, api: httpx.AsyncClient) -> AsyncIterator[Register]:
    """A factory registering participants through the API: ``await register("alice", city="lyon")``."""
    clients: list[UserClient] = []

    async def _register(
        handle: str,
        *,
        city: str = "lyon",
        display_name: str | None = None,
        skills: list[str] | None = None,
    ) -> UserClient:
        response = await api.post(
            "/v1/auth/register",
            json={
                "join_code": JOIN_CODE,
                "handle": handle,
                "display_name": display_name or handle.capitalize(),
                "city": city,
                "skills": skills or [],
            },
        )
        assert response.status_code == 201, response.text
        body = response.json()
        client = UserClient(app=app, token=body["token"], user=UserPublic.model_validate(body["user"]))
        clients.append(client)
        return client

    yield _register
    for client in clients:
        await client.aclose()


@pytest.fixture
async def organizer(app: FastAPI, store: Store) -> AsyncIterator[UserClient]:
    """An event organizer (home lyon), made the way ``nuit-server organizer add --event-wide lyon`` does."""
    token, user = add_organizer(store, "orga", city="lyon", name="Orga Lyon", event_wide=True)
    async with UserClient(app=app, token=token, user=user) as client:
        yield client


@pytest.fixture
async def project(organizer: UserClient) -> ProjectPublic:
    """A lyon project with room for three, created through the API."""
    response = await organizer.post(
        "/v1/projects",
        json={
            "title": "Signothèque",
            "summary": "Une bibliothèque de signes",
            "theme": THEME,
            "city": "lyon",
            "skills_needed": ["python", "design"],
            "max_team_size": 3,
        },
    )
    assert response.status_code == 201, response.text
    return ProjectPublic.model_validate(response.json())


@pytest.fixture
def live_url(db_path: Path, server_settings: ServerSettings) -> Iterator[str]:
    """A real uvicorn on 127.0.0.1 serving a fresh app on the test database; its base URL."""
    with uvicorn_thread(create_app(db_path=db_path, settings=server_settings)) as url:
        yield url


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> WorldTemplate:
    """The evening of ``world.py``, built once per session through the API."""
    from .world import build_template

    return asyncio.run(build_template(tmp_path_factory.mktemp("world")))


@pytest.fixture
async def world(
    world_template: WorldTemplate, tmp_path: Path, server_settings: ServerSettings
) -> AsyncIterator[World]:
    """A fresh copy of the evening (see ``world.World``) on its own database and app state.

    It does not share the ``app`` fixture's database: use ``world.app`` and ``world.register``.
    """
    from .world import open_world

    async with open_world(world_template, tmp_path, server_settings) as opened:
        yield opened


@pytest.fixture(scope="session")
def org_template(tmp_path_factory: pytest.TempPathFactory) -> OrgTemplate:
    """The organizers' weekend of ``orgworld.py``, built once per session through the API."""
    from .orgworld import build_org_template

    return asyncio.run(build_org_template(tmp_path_factory.mktemp("orgworld")))


@pytest.fixture
async def org_world(
    org_template: OrgTemplate, tmp_path: Path, server_settings: ServerSettings
) -> AsyncIterator[OrgWorld]:
    """A fresh copy of the organizers' weekend on its own database and app state."""
    from .orgworld import open_org_world

    async with open_org_world(org_template, tmp_path, server_settings) as opened:
        yield opened
