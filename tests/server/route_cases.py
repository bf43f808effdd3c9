"""The requests ``test_routes.py`` sends: one success and one of each declared error per operation.

Paths are the OpenAPI templates; ``{project_id}``, ``{swap_id}``, ``{item_id}``, ``{handle}``,
``{channel}`` and ``{message_id}`` are filled from the ``world`` fixture unless a call gives its own
``args``. A top-level string of the JSON body written ``"{name}"`` is replaced by ``world.saved[name]``
(what a setup learnt, e.g. a recovery code).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from nuittui.models.limits import MAX_BODY_BYTES

from .conftest import JOIN_CODE, THEME
from .world import World

Setup = Callable[[World], Awaitable[None]]

LONG = "x" * 65  # one over every query and path string limit
SCHEDULE_ITEM = {"title": "Jury", "starts_at": "2017-03-05T13:00:00Z", "ends_at": "2017-03-05T16:00:00Z"}


@dataclass(frozen=True)
class Call:
    """One request: who sends it, the operation, and anything it needs first."""

    who: str
    method: str
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    headers: dict[str, str] | None = None
    args: dict[str, Any] = field(default_factory=dict)
    before: Setup | None = None
    note: str = ""

    @property
    def operation(self) -> str:
        """``METHOD /template`` as the OpenAPI document names it."""
        return f"{self.method} {self.path}"

    def id(self, status: int) -> str:
        """A readable test id."""
        return f"{status} {self.operation}" + (f" ({self.note})" if self.note else "")


async def send(world: World, call: Call) -> httpx.Response:
    """Run the call's setup, then send it as its sender."""
    if call.before is not None:
        await call.before(world)
    client = getattr(world, call.who)
    values: dict[str, Any] = {
        "project_id": world.project.id,
        "swap_id": world.swap.id,
        "item_id": world.item.id,
        "handle": "alice",
        "channel": "all",
        "message_id": 1,  # the world holds no message: the first one posted is 1
    }
    values |= {k: v.format(**values) if isinstance(v, str) else v for k, v in call.args.items()}
    body = call.json
    if isinstance(body, dict):
        body = {k: _saved(world, v) for k, v in body.items()}
    return await client.request(
        call.method, call.path.format(**values), json=body, params=call.params, headers=call.headers
    )


def _saved(world: World, value: Any) -> Any:
    if (
        isinstance(value, str)
        and value.startswith("{")
        and value.endswith("}")
        and value[1:-1] in world.saved
    ):
        return world.saved[value[1:-1]]
    return value


def registration(handle: str, code: str = JOIN_CODE, city: str = "lyon") -> dict[str, Any]:
    """A registration body."""
    return {"join_code": code, "handle": handle, "display_name": handle.capitalize(), "city": city}


def _ok(response: httpx.Response) -> None:
    assert response.is_success, response.text


def steps(*requests: tuple[str, str, str]) -> Setup:
    """A setup of plain requests: (who, method, path template) in order, each must succeed."""

    async def run(world: World) -> None:
        for who, method, path in requests:
            # An empty JSON object: the body of ``resolve`` is required, its fields are not.
            _ok(await getattr(world, who).request(method, path.format(s=world.swap.id), json={}))

    return run


async def second_project_with_bob(world: World) -> None:
    """Bob joins the team of a second lyon project."""
    created = await world.organizer.post(
        "/v1/projects", json={"title": "Autre", "theme": THEME, "city": "lyon"}
    )
    _ok(created)
    _ok(await world.bob.post(f"/v1/projects/{created.json()['id']}/join"))


async def bob_helps_on_another_swap(world: World) -> None:
    """Bob claims a swap carol asked."""
    other = await world.carol.post("/v1/swaps", json={"title": "Autre souci"})
    _ok(other)
    _ok(await world.bob.post(f"/v1/swaps/{other.json()['id']}/claim"))


async def alice_posts_in_lyon(world: World) -> None:
    """Alice writes in city:lyon: message 1."""
    _ok(await world.alice.post("/v1/channels/city:lyon/messages", json={"body": "Un message à cacher"}))


async def carol_is_suspended(world: World) -> None:
    """The organizer suspends carol."""
    _ok(await world.organizer.post("/v1/users/carol/suspend"))


async def carol_gets_a_code(world: World) -> None:
    """The organizer gives carol a recovery code, kept as ``world.saved["code"]``."""
    issued = await world.organizer.post("/v1/users/carol/recovery", json={})
    _ok(issued)
    world.saved["code"] = issued.json()["code"]


async def five_wrong_codes_for_carol(world: World) -> None:
    """Five wrong recovery codes for carol from one address: its budget for that handle is spent."""
    for _ in range(5):
        answer = await world.api.post("/v1/auth/recover", json={"handle": "carol", "code": "abcd-efgh-jkmn"})
        assert answer.status_code == 403, answer.text


async def organizer_hides_a_message(world: World) -> None:
    """An audited action: the organizer hides alice's message 1."""
    await alice_posts_in_lyon(world)
    _ok(await world.organizer.post("/v1/messages/1/hide", json={"reason": "hors sujet"}))


bob_claims = steps(("bob", "POST", "/v1/swaps/{s}/claim"))
"""Bob claims alice's swap."""
alice_cancels = steps(("alice", "POST", "/v1/swaps/{s}/cancel"))
alice_resolves = steps(("alice", "POST", "/v1/swaps/{s}/resolve"))

S = "/v1/swaps/{swap_id}"
P = "/v1/projects/{project_id}"
MESSAGES = "/v1/channels/{channel}/messages"
ITEM = "/v1/schedule/{item_id}"
KEY_TOO_LONG = {"Idempotency-Key": "k" * 256}
HIDE = "/v1/messages/{message_id}/hide"
USER = "/v1/users/{handle}"
MEMBER = f"{P}/members/{{handle}}/remove"
RECOVER = "/v1/auth/recover"

ERRORS: list[tuple[int, Call]] = [
    # ---- 403: not allowed for this person -------------------------------------------------------
    (403, Call("api", "POST", "/v1/auth/register", json=registration("zoe", code="mauvais"))),
    (403, Call("bob", "POST", "/v1/projects", json={"title": "X", "theme": THEME, "city": "lyon"})),
    (403, Call("carol", "PATCH", P, json={"looking_for_members": False}, note="not a member")),
    (403, Call("carol", "POST", f"{P}/progress", json={"text": "Hop", "stage": "building"})),
    (403, Call("alice", "POST", f"{S}/claim", note="own swap")),
    (403, Call("carol", "POST", f"{S}/release", before=bob_claims, note="not the claimer")),
    (403, Call("bob", "POST", f"{S}/resolve", json={}, note="not the author")),
    (403, Call("bob", "POST", f"{S}/cancel", note="not the author")),
    (403, Call("bob", "POST", f"{S}/reopen", before=alice_cancels, note="not the author")),
    (403, Call("carol", "POST", MESSAGES, json={"body": "Coucou"}, args={"channel": "team:{project_id}"})),
    (403, Call("bob", "POST", "/v1/schedule", json=SCHEDULE_ITEM)),
    (403, Call("bob", "PATCH", ITEM, json={"room": "Hall"})),
    (403, Call("bob", "DELETE", ITEM)),
    (403, Call("alice", "PATCH", "/v1/event", json={"name": "Nuit d'Alice"})),
    (
        403,
        Call("api", "POST", RECOVER, json={"handle": "carol", "code": "abcd-efgh-jkmn"}, note="wrong code"),
    ),
    (403, Call("bob", "POST", HIDE, before=alice_posts_in_lyon, note="a participant")),
    (403, Call("bob", "POST", f"{USER}/suspend", args={"handle": "carol"})),
    (403, Call("alice", "POST", f"{USER}/unsuspend", args={"handle": "carol"}, before=carol_is_suspended)),
    (403, Call("bob", "POST", f"{USER}/recovery", json={}, args={"handle": "carol"})),
    (403, Call("carol", "POST", MEMBER)),
    (403, Call("bob", "GET", "/v1/audit")),
    # ---- 404: no such object --------------------------------------------------------------------
    (404, Call("alice", "GET", "/v1/users/{handle}", args={"handle": "personne"})),
    (404, Call("alice", "GET", P, args={"project_id": 999})),
    (404, Call("organizer", "PATCH", P, json={"title": "X"}, args={"project_id": 999})),
    (404, Call("carol", "POST", f"{P}/join", args={"project_id": 999})),
    (404, Call("alice", "POST", f"{P}/leave", args={"project_id": 999})),
    (404, Call("alice", "GET", f"{P}/progress", args={"project_id": 999})),
    (
        404,
        Call(
            "alice", "POST", f"{P}/progress", json={"text": "x", "stage": "testing"}, args={"project_id": 999}
        ),
    ),
    (404, Call("alice", "GET", S, args={"swap_id": 999})),
    (404, Call("bob", "POST", f"{S}/claim", args={"swap_id": 999})),
    (404, Call("bob", "POST", f"{S}/release", args={"swap_id": 999})),
    (404, Call("alice", "POST", f"{S}/resolve", json={}, args={"swap_id": 999})),
    (404, Call("alice", "POST", f"{S}/cancel", args={"swap_id": 999})),
    (404, Call("alice", "POST", f"{S}/reopen", args={"swap_id": 999})),
    (404, Call("alice", "GET", MESSAGES, args={"channel": "team:999"}, note="no such team")),
    (404, Call("alice", "GET", MESSAGES, args={"channel": "city:atlantis"}, note="no such city")),
    (404, Call("alice", "GET", MESSAGES, args={"channel": "general"}, note="not a channel name")),
    (404, Call("alice", "POST", MESSAGES, json={"body": "Allô ?"}, args={"channel": "swap:999"})),
    (404, Call("organizer", "PATCH", ITEM, json={"room": "Hall"}, args={"item_id": 999})),
    (404, Call("organizer", "DELETE", ITEM, args={"item_id": 999})),
    (404, Call("organizer", "POST", HIDE, args={"message_id": 999})),
    (404, Call("organizer", "POST", f"{USER}/suspend", args={"handle": "personne"})),
    (404, Call("organizer", "POST", f"{USER}/unsuspend", args={"handle": "personne"})),
    (404, Call("organizer", "POST", f"{USER}/recovery", args={"handle": "personne"})),
    (404, Call("organizer", "POST", MEMBER, args={"project_id": 999})),
    # ---- 409: the object's state forbids it -----------------------------------------------------
    (409, Call("api", "POST", "/v1/auth/register", json=registration("alice"), note="handle taken")),
    (409, Call("bob", "POST", f"{P}/join", before=second_project_with_bob, note="in another team")),
    (409, Call("carol", "POST", f"{P}/leave", note="not a member")),
    (409, Call("carol", "POST", f"{S}/claim", before=bob_claims, note="already claimed")),
    (409, Call("bob", "POST", f"{S}/claim", before=bob_helps_on_another_swap, note="already helping")),
    (409, Call("bob", "POST", f"{S}/release", note="not claimed")),
    (409, Call("alice", "POST", f"{S}/resolve", json={}, before=alice_cancels, note="cancelled")),
    (409, Call("alice", "POST", f"{S}/cancel", before=alice_resolves, note="resolved")),
    (409, Call("alice", "POST", f"{S}/reopen", note="already open")),
    (409, Call("organizer", "POST", f"{USER}/recovery", args={"handle": "carol"}, before=carol_is_suspended)),
    (409, Call("organizer", "POST", MEMBER, args={"handle": "carol"}, note="not a member")),
    # ---- 422: invalid request -------------------------------------------------------------------
    (422, Call("api", "POST", "/v1/auth/register", json=registration("zoe", city="atlantis"), note="city")),
    (422, Call("alice", "POST", "/v1/auth/revoke", headers=KEY_TOO_LONG)),
    (422, Call("alice", "PATCH", "/v1/me", json={"role": "organizer"}, note="unknown field")),
    (422, Call("alice", "GET", "/v1/users", params={"city": LONG})),
    (422, Call("alice", "GET", "/v1/users/{handle}", args={"handle": LONG})),
    (422, Call("alice", "GET", "/v1/projects", params={"looking": "peut-être"})),
    (422, Call("organizer", "POST", "/v1/projects", json={"title": "X", "theme": "cuisine", "city": "lyon"})),
    (422, Call("alice", "GET", P, args={"project_id": "abc"})),
    (422, Call("organizer", "PATCH", P, json={"max_team_size": 0})),
    (422, Call("carol", "POST", f"{P}/join", args={"project_id": 0})),
    (422, Call("alice", "POST", f"{P}/leave", args={"project_id": 2**53})),
    (422, Call("alice", "GET", f"{P}/progress", args={"project_id": -1})),
    (422, Call("alice", "POST", f"{P}/progress", json={"text": "Fini", "stage": "done"})),
    (422, Call("alice", "GET", "/v1/swaps", params={"status": "lost"})),
    (422, Call("bob", "POST", "/v1/swaps", json={"title": "Aide", "project_id": 999}, note="no project")),
    (422, Call("alice", "GET", S, args={"swap_id": "abc"})),
    (422, Call("bob", "POST", f"{S}/claim", headers={"Idempotency-Key": ""}, note="empty key")),
    (422, Call("bob", "POST", f"{S}/release", args={"swap_id": 0})),
    (422, Call("alice", "POST", f"{S}/resolve", json={"rating": 6})),
    (422, Call("alice", "POST", f"{S}/cancel", args={"swap_id": "un"})),
    (422, Call("alice", "POST", f"{S}/reopen", headers=KEY_TOO_LONG)),
    (422, Call("alice", "GET", MESSAGES, params={"limit": 201})),
    (422, Call("alice", "POST", MESSAGES, json={"body": "\x1b\u202e"}, note="nothing left once cleaned")),
    (422, Call("alice", "GET", "/v1/schedule", params={"city": LONG})),
    (
        422,
        Call("organizer", "POST", "/v1/schedule", json={**SCHEDULE_ITEM, "ends_at": "2017-03-05T12:00:00Z"}),
    ),
    (422, Call("organizer", "PATCH", ITEM, json={"ends_at": "2017-03-04T18:00:00Z"}, note="ends first")),
    (422, Call("organizer", "DELETE", ITEM, args={"item_id": "x"})),
    (422, Call("alice", "GET", "/v1/sync", params={"timeout": 61})),
    (
        422,
        Call("organizer", "PATCH", "/v1/event", json={"ends_at": "2017-03-04T07:00:00Z"}, note="ends first"),
    ),
    (422, Call("organizer", "PATCH", "/v1/event", json={"timezone": "Europe/Lyon"}, note="unknown zone")),
    (422, Call("api", "POST", RECOVER, json={"handle": "c", "code": "abcd"}, note="handle too short")),
    (
        429,
        Call(
            "api", "POST", RECOVER, json={"handle": "carol", "code": "x"}, before=five_wrong_codes_for_carol
        ),
    ),
    (413, Call("api", "POST", RECOVER, json={"handle": "carol", "code": "x" * MAX_BODY_BYTES})),
    (422, Call("organizer", "POST", HIDE, args={"message_id": 0})),
    (422, Call("organizer", "POST", f"{USER}/suspend", args={"handle": LONG})),
    (422, Call("organizer", "POST", f"{USER}/unsuspend", json={"reason": "x" * 281})),
    (422, Call("organizer", "POST", f"{USER}/recovery", json={"revoke_tokens": "peut-être"})),
    (422, Call("organizer", "POST", MEMBER, args={"project_id": 0})),
    (422, Call("organizer", "GET", "/v1/audit", params={"limit": 0})),
    (404, Call("api", "GET", "/v1/schedule.json", params={"city": "paris"}, note="unknown city")),
    (404, Call("api", "GET", "/v1/schedule.ics", params={"city": "paris"}, note="unknown city")),
    (422, Call("api", "GET", "/v1/schedule.json", params={"city": LONG})),
    (422, Call("api", "GET", "/v1/schedule.ics", params={"city": LONG})),
]

OPERATIONS: list[tuple[str, str]] = [
    ("GET", "/v1/event"),
    ("PATCH", "/v1/event"),
    ("POST", "/v1/auth/register"),
    ("POST", RECOVER),
    ("POST", "/v1/auth/revoke"),
    ("GET", "/v1/me"),
    ("PATCH", "/v1/me"),
    ("GET", "/v1/users"),
    ("GET", "/v1/users/{handle}"),
    ("GET", "/v1/projects"),
    ("POST", "/v1/projects"),
    ("GET", P),
    ("PATCH", P),
    ("POST", f"{P}/join"),
    ("POST", f"{P}/leave"),
    ("GET", f"{P}/progress"),
    ("POST", f"{P}/progress"),
    ("GET", "/v1/swaps"),
    ("POST", "/v1/swaps"),
    ("GET", S),
    ("POST", f"{S}/claim"),
    ("POST", f"{S}/release"),
    ("POST", f"{S}/resolve"),
    ("POST", f"{S}/cancel"),
    ("POST", f"{S}/reopen"),
    ("GET", "/v1/channels"),
    ("GET", MESSAGES),
    ("POST", MESSAGES),
    ("GET", "/v1/schedule"),
    ("POST", "/v1/schedule"),
    ("PATCH", ITEM),
    ("DELETE", ITEM),
    ("GET", "/v1/progress"),
    ("GET", "/v1/sync"),
    ("GET", "/v1/schedule.json"),
    ("GET", "/v1/schedule.ics"),
    ("POST", HIDE),
    ("POST", f"{USER}/suspend"),
    ("POST", f"{USER}/unsuspend"),
    ("POST", f"{USER}/recovery"),
    ("POST", MEMBER),
    ("GET", "/v1/audit"),
]
"""Every operation of the API; ``test_routes`` checks the document lists exactly these."""

PUBLIC = {
    ("GET", "/v1/event"),
    ("POST", "/v1/auth/register"),
    ("POST", RECOVER),
    ("GET", "/v1/schedule.json"),
    ("GET", "/v1/schedule.ics"),
}
WRITES = [op for op in OPERATIONS if op[0] != "GET" and op not in PUBLIC]
"""The authenticated writes: idempotent, rate limited per token."""
ORGANIZER_ONLY = {
    ("POST", "/v1/projects"),
    ("POST", "/v1/schedule"),
    ("PATCH", ITEM),
    ("DELETE", ITEM),
    ("PATCH", "/v1/event"),
    ("POST", HIDE),
    ("POST", f"{USER}/suspend"),
    ("POST", f"{USER}/unsuspend"),
    ("POST", f"{USER}/recovery"),
    ("POST", MEMBER),
}
