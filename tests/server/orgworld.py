"""A weekend seen by its organizers, built once per session through the API, then copied per test.

Three cities (lyon, toulouse, rennes). People:

- ``chef``: event organizer (home toulouse);
- ``orga_lyon``, ``orga_rennes``: city organizers;
- ``ex``: was an organizer of lyon, removed with ``organizer remove`` (every token revoked);
- ``chef_revoked``: an event organizer whose token was revoked (``POST /v1/auth/revoke``);
- ``alice`` (lyon, in the lyon project's team), ``bob`` (rennes, in the rennes project's team),
  ``carol`` and ``dan`` (lyon, in no team), ``sam`` (lyon, suspended).

Objects: a project in lyon and one in rennes; a lyon ``jury`` item, a rennes ``jury`` item and a
global ``meal`` item; alice's message in ``city:lyon`` and bob's in ``city:rennes``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from nuittui.models import UserPublic
from nuittui.server.accounts import add_organizer
from nuittui.server.app import create_app
from nuittui.server.settings import ServerSettings

from .conftest import BASE_URL, JOIN_CODE, THEME, UserClient, make_db
from .helpers import warm_app
from .world import copy_database

ORGANIZERS = (("chef", "toulouse", True), ("orga_lyon", "lyon", False), ("orga_rennes", "rennes", False))
PARTICIPANTS = (("alice", "lyon"), ("bob", "rennes"), ("carol", "lyon"), ("dan", "lyon"), ("sam", "lyon"))
PEOPLE = ("chef", "orga_lyon", "orga_rennes", "ex", "chef_revoked", *(h for h, _ in PARTICIPANTS))


@dataclass(frozen=True)
class OrgTemplate:
    """The database file and the ids and tokens the API gave while building it."""

    path: Path
    tokens: dict[str, str]
    users: dict[str, UserPublic]
    ids: dict[str, int]


@dataclass
class OrgWorld:
    """A copy of the template, served by the real app; ``as_(handle)`` is that person's client."""

    app: FastAPI
    api: httpx.AsyncClient
    clients: dict[str, UserClient]
    ids: dict[str, int]
    _extra: list[httpx.AsyncClient] = field(default_factory=list)

    def as_(self, handle: str) -> UserClient:
        """The client holding ``handle``'s token."""
        return self.clients[handle]

    async def cursor(self) -> int:
        """The server's sync cursor now (it moves if and only if something changed)."""
        answer = await self.as_("chef").get("/v1/sync", params={"timeout": 0})
        assert answer.status_code == 200, answer.text
        return int(answer.json()["cursor"])


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def build_org_template(directory: Path) -> OrgTemplate:
    """Make the weekend through the real API (organizers as the command line makes them)."""
    path = make_db(directory / "org.db")
    app = create_app(db_path=path)
    tokens: dict[str, str] = {}
    users: dict[str, UserPublic] = {}
    ids: dict[str, int] = {}
    async with app.router.lifespan_context(app):
        store = app.state.store
        for handle, city, event_wide in ORGANIZERS:
            tokens[handle], users[handle] = add_organizer(store, handle, city=city, event_wide=event_wide)
        tokens["ex"], users["ex"] = add_organizer(store, "ex", city="lyon")
        store.remove_organizer("ex")
        revoked = add_organizer(store, "chef_revoked", city="lyon", event_wide=True)
        tokens["chef_revoked"], users["chef_revoked"] = revoked
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as api:
            for handle, city in PARTICIPANTS:
                body = {
                    "join_code": JOIN_CODE,
                    "handle": handle,
                    "display_name": handle.title(),
                    "city": city,
                }
                answer = _ok(await api.post("/v1/auth/register", json=body), 201)
                tokens[handle], users[handle] = answer["token"], UserPublic.model_validate(answer["user"])

            def as_(handle: str) -> dict[str, str]:
                return {"Authorization": f"Bearer {tokens[handle]}"}

            for city, member in (("lyon", "alice"), ("rennes", "bob")):
                project = {"title": f"Projet de {city}", "theme": THEME, "city": city, "max_team_size": 4}
                created = _ok(await api.post("/v1/projects", json=project, headers=as_("chef")), 201)
                ids[f"project_{city}"] = created["id"]
                _ok(await api.post(f"/v1/projects/{created['id']}/join", headers=as_(member)))
            items = {
                "jury_lyon": {
                    "title": "Jury",
                    "kind": "jury",
                    "city": "lyon",
                    "starts_at": "2017-03-05T14:00:00Z",
                },
                "jury_rennes": {
                    "title": "Jury",
                    "kind": "jury",
                    "city": "rennes",
                    "starts_at": "2017-03-05T15:00:00Z",
                },
                "meal": {"title": "Pizza", "kind": "meal", "starts_at": "2017-03-04T19:00:00Z"},
            }
            for name, item in items.items():
                item["ends_at"] = (
                    item["starts_at"].replace("T14", "T16").replace("T15", "T16").replace("T19", "T20")
                )
                ids[name] = _ok(await api.post("/v1/schedule", json=item, headers=as_("chef")), 201)["id"]
            for handle, channel in (("alice", "city:lyon"), ("bob", "city:rennes")):
                posted = await api.post(
                    f"/v1/channels/{channel}/messages",
                    json={"body": f"Message de {handle}"},
                    headers=as_(handle),
                )
                ids[f"message_{handle}"] = _ok(posted, 201)["id"]
            _ok(await api.post("/v1/users/sam/suspend", headers=as_("chef")))
            assert (await api.post("/v1/auth/revoke", headers=as_("chef_revoked"))).status_code == 204
    return OrgTemplate(path=path, tokens=tokens, users=users, ids=ids)


@asynccontextmanager
async def open_org_world(
    template: OrgTemplate, directory: Path, settings: ServerSettings
) -> AsyncIterator[OrgWorld]:
    """A copy of the weekend, served by the real app; every client closed at the end."""
    path = copy_database(template.path, directory / "org.db")
    async with warm_app(path, settings) as app:
        clients = {h: UserClient(app=app, token=template.tokens[h], user=template.users[h]) for h in PEOPLE}
        api = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)
        world = OrgWorld(app=app, api=api, clients=clients, ids=dict(template.ids))
        try:
            yield world
        finally:
            for client in [api, *clients.values(), *world._extra]:
                await client.aclose()
