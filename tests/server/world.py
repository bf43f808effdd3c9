"""A small, busy evening built once through the API, then copied for each test that needs it.

Building it takes a dozen fsynced writes; copying the database file takes a millisecond. Every
test still gets its own file, its own store and its own rate limits.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from nuittui.models import ProjectPublic, ScheduleItemPublic, SwapPublic, UserPublic
from nuittui.server.accounts import add_organizer
from nuittui.server.app import create_app
from nuittui.server.settings import ServerSettings

from .conftest import BASE_URL, JOIN_CODE, THEME, UserClient, make_db
from .helpers import warm_app

PEOPLE = (("alice", "lyon"), ("bob", "rennes"), ("carol", "lyon"))


@dataclass(frozen=True)
class WorldTemplate:
    """The evening's database file and what the API answered while building it."""

    path: Path
    tokens: dict[str, str]
    users: dict[str, UserPublic]
    project: ProjectPublic
    swap: SwapPublic
    item: ScheduleItemPublic


@dataclass
class World:
    """Event organizer ``orga`` (home lyon); alice (lyon) in the project's team, with an open swap;
    bob (rennes) and carol (lyon) in no team; a schedule item for every city; no message. Clients are
    authed as each. ``saved`` keeps what a test's setup learnt (a recovery code) for its request."""

    app: FastAPI
    api: httpx.AsyncClient
    organizer: UserClient
    alice: UserClient
    bob: UserClient
    carol: UserClient
    project: ProjectPublic
    swap: SwapPublic
    item: ScheduleItemPublic
    saved: dict[str, Any] = field(default_factory=dict)
    _clients: list[httpx.AsyncClient] = field(default_factory=list)

    async def register(self, handle: str, *, city: str = "lyon") -> UserClient:
        """One more participant, registered through the API."""
        response = await self.api.post(
            "/v1/auth/register",
            json={"join_code": JOIN_CODE, "handle": handle, "display_name": handle.title(), "city": city},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        client = UserClient(app=self.app, token=body["token"], user=UserPublic.model_validate(body["user"]))
        self._clients.append(client)
        return client

    async def cursor(self) -> int:
        """The server's sync cursor now: it moves if and only if something changed."""
        response = await self.alice.get("/v1/sync", params={"timeout": 0})
        assert response.status_code == 200, response.text
        return int(response.json()["cursor"])


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def build_template(directory: Path) -> WorldTemplate:
    """Make the evening through the real API and close the database cleanly."""
    path = make_db(directory / "world.db")
    app = create_app(db_path=path)
    tokens: dict[str, str] = {}
    users: dict[str, UserPublic] = {}
    async with app.router.lifespan_context(app):
        # An event organizer (home lyon): acts on every city, as every organizer did before roles.
        token, organizer = add_organizer(
            app.state.store, "orga", city="lyon", name="Orga Lyon", event_wide=True
        )
        tokens["organizer"], users["organizer"] = token, organizer
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as api:
            for handle, city in PEOPLE:
                registration = {"join_code": JOIN_CODE, "handle": handle, "display_name": handle.title()}
                body = _ok(await api.post("/v1/auth/register", json=registration | {"city": city}), 201)
                tokens[handle], users[handle] = body["token"], UserPublic.model_validate(body["user"])
            as_orga = {"Authorization": f"Bearer {tokens['organizer']}"}
            as_alice = {"Authorization": f"Bearer {tokens['alice']}"}
            project = {"title": "Signothèque", "summary": "Une bibliothèque de signes", "theme": THEME}
            project |= {"city": "lyon", "skills_needed": ["python", "design"], "max_team_size": 3}
            created = _ok(await api.post("/v1/projects", json=project, headers=as_orga), 201)
            joined = _ok(await api.post(f"/v1/projects/{created['id']}/join", headers=as_alice))
            swap = {"title": "Ma boucle ne finit pas", "tags": ["python"]}
            asked = _ok(await api.post("/v1/swaps", json=swap, headers=as_alice), 201)
            item = {"title": "Pizza", "starts_at": "2017-03-04T19:00:00Z", "ends_at": "2017-03-04T20:00:00Z"}
            planned = _ok(await api.post("/v1/schedule", json=item, headers=as_orga), 201)
    return WorldTemplate(
        path=path,
        tokens=tokens,
        users=users,
        project=ProjectPublic.model_validate(joined),
        swap=SwapPublic.model_validate(asked),
        item=ScheduleItemPublic.model_validate(planned),
    )


def copy_database(source: Path, target: Path) -> Path:
    """Copy a closed SQLite database (and any WAL left beside it)."""
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


@asynccontextmanager
async def open_world(
    template: WorldTemplate, directory: Path, settings: ServerSettings
) -> AsyncIterator[World]:
    """A copy of the evening, served by the real app; every client closed at the end."""
    path = copy_database(template.path, directory / "city.db")
    async with warm_app(path, settings) as app:
        clients = {
            name: UserClient(app=app, token=template.tokens[name], user=template.users[name])
            for name in ("organizer", "alice", "bob", "carol")
        }
        api = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)
        world = World(
            app=app,
            api=api,
            project=template.project,
            swap=template.swap,
            item=template.item,
            **clients,
        )
        try:
            yield world
        finally:
            for client in [api, *clients.values(), *world._clients]:
                await client.aclose()
