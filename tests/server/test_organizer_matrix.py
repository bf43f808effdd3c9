"""Who may do what among organizers: every organizer route × every kind of caller.

The callers: a participant, a city organizer of the object's city (lyon), a city organizer of
another city (rennes), an event organizer, a removed organizer (tokens revoked), an event
organizer whose token was revoked, and a suspended participant. Objects of lyon are lyon's
organizers' and the event organizers'; what belongs to every city (a global item, the ``all``
channel, the event) is the event organizers' only. A refusal changes nothing; an allowed action is
in the audit log under its author.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from nuittui.models import SUSPENDED_PROBLEM

from .conftest import THEME
from .helpers import assert_problem
from .orgworld import OrgWorld

ROLES = {
    "participant": "carol",
    "city organizer of lyon": "orga_lyon",
    "city organizer of rennes": "orga_rennes",
    "event organizer": "chef",
    "removed organizer": "ex",
    "event organizer with a revoked token": "chef_revoked",
    "suspended participant": "sam",
}


@dataclass(frozen=True)
class Route:
    """One organizer route on one object; ``city`` is the object's city (None: every city)."""

    name: str
    method: str
    path: str
    city: str | None
    json: Any = None
    params: dict[str, Any] | None = None
    audit: str | None = None
    """The action the audit log records when it is allowed (None: a read)."""
    ok: int = 200
    """The status when allowed."""
    public: bool = True
    """Whether it changes what everyone sees (the sync cursor moves)."""


LYON_ITEM_MOVED = {"starts_at": "2017-03-05T14:30:00Z", "ends_at": "2017-03-05T16:30:00Z"}
ROUTES = [
    Route(
        "create a lyon project",
        "POST",
        "/v1/projects",
        "lyon",
        {"title": "Nouveau", "theme": THEME, "city": "lyon"},
        audit="project.create",
        ok=201,
    ),
    Route(
        "edit a lyon project",
        "PATCH",
        "/v1/projects/{project_lyon}",
        "lyon",
        {"title": "Renommé"},
        audit="project.update",
    ),
    Route(
        "remove from a lyon team",
        "POST",
        "/v1/projects/{project_lyon}/members/alice/remove",
        "lyon",
        {},
        audit="project.remove_member",
    ),
    Route(
        "add a lyon item",
        "POST",
        "/v1/schedule",
        "lyon",
        {
            "title": "Café",
            "city": "lyon",
            "starts_at": "2017-03-04T10:00:00Z",
            "ends_at": "2017-03-04T10:30:00Z",
        },
        audit="schedule.create",
        ok=201,
    ),
    Route(
        "add a global item",
        "POST",
        "/v1/schedule",
        None,
        {"title": "Café", "starts_at": "2017-03-04T10:00:00Z", "ends_at": "2017-03-04T10:30:00Z"},
        audit="schedule.create",
        ok=201,
    ),
    Route(
        "move the lyon jury",
        "PATCH",
        "/v1/schedule/{jury_lyon}",
        "lyon",
        LYON_ITEM_MOVED,
        audit="schedule.update",
    ),
    Route(
        "cancel the lyon jury",
        "PATCH",
        "/v1/schedule/{jury_lyon}",
        "lyon",
        {"cancelled": True},
        audit="schedule.cancel",
    ),
    Route(
        "edit a global item", "PATCH", "/v1/schedule/{meal}", None, {"room": "Hall"}, audit="schedule.update"
    ),
    Route(
        "delete a lyon item", "DELETE", "/v1/schedule/{jury_lyon}", "lyon", audit="schedule.delete", ok=204
    ),
    Route("delete a global item", "DELETE", "/v1/schedule/{meal}", None, audit="schedule.delete", ok=204),
    Route(
        "announce in lyon",
        "POST",
        "/v1/channels/city:lyon/messages",
        "lyon",
        {"body": "Pizza !", "announcement": True},
        audit="announcement",
        ok=201,
    ),
    Route(
        "announce to all",
        "POST",
        "/v1/channels/all/messages",
        None,
        {"body": "Pizza !", "announcement": True},
        audit="announcement",
        ok=201,
    ),
    Route(
        "hide a lyon message",
        "POST",
        "/v1/messages/{message_alice}/hide",
        "lyon",
        {"reason": "spam"},
        audit="message.hide",
    ),
    Route("suspend a lyon participant", "POST", "/v1/users/dan/suspend", "lyon", {}, audit="user.suspend"),
    Route("lift a lyon suspension", "POST", "/v1/users/sam/unsuspend", "lyon", {}, audit="user.unsuspend"),
    Route(
        "recovery code for lyon",
        "POST",
        "/v1/users/dan/recovery",
        "lyon",
        {"revoke_tokens": False},
        audit="user.recovery",
        ok=201,
        public=False,
    ),
    Route("change the event", "PATCH", "/v1/event", None, {"name": "Nuit 2017 bis"}, audit="event.update"),
    Route("read lyon's audit log", "GET", "/v1/audit", "lyon", params={"city": "lyon"}),
]


def expected(role: str, route: Route) -> int:
    """What the role gets on the route."""
    if role in ("removed organizer", "event organizer with a revoked token"):
        return 401
    if role in ("participant", "suspended participant", "city organizer of rennes"):
        return 403
    if role == "city organizer of lyon" and route.city is None:
        return 403
    return route.ok


CASES = [(role, route) for route in ROUTES for role in ROLES]


@pytest.mark.parametrize(("role", "route"), CASES, ids=[f"{r.name} | {role}" for role, r in CASES])
async def test_organizer_routes_by_role(org_world: OrgWorld, role: str, route: Route) -> None:
    handle = ROLES[role]
    cursor = await org_world.cursor()
    audit_before = (await org_world.as_("chef").get("/v1/audit", params={"limit": 1})).json()

    response = await org_world.as_(handle).request(
        route.method, route.path.format(**org_world.ids), json=route.json, params=route.params
    )

    status = expected(role, route)
    if status >= 400:
        if role == "suspended participant":
            assert response.status_code == 403 and response.json()["type"] == SUSPENDED_PROBLEM
        else:
            problem = assert_problem(response, status)
            if role.startswith("city organizer"):  # says which city they organize
                assert "you organize" in problem.detail or "event organizers" in problem.detail, (
                    problem.detail
                )
        assert await org_world.cursor() == cursor, "a refused request changed something"
        assert (await org_world.as_("chef").get("/v1/audit", params={"limit": 1})).json() == audit_before
        return
    assert response.status_code == status, response.text
    if route.audit is not None:
        [latest] = (await org_world.as_("chef").get("/v1/audit", params={"limit": 1})).json()
        assert (latest["actor"], latest["action"]) == (handle, route.audit)
        assert latest["city"] == route.city
        assert (await org_world.cursor() > cursor) is route.public
