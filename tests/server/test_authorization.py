"""Who may do what: every cross-user, cross-team and non-organizer attempt is refused, and leaves
no trace; the allowed neighbours of each rule still work.

The event is open (docs/api.md): everyone reads everything, so the server hides nothing and a
refusal is a 403 on an object that exists.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from .conftest import THEME
from .helpers import assert_problem
from .route_cases import (
    ITEM,
    MESSAGES,
    SCHEDULE_ITEM,
    Call,
    P,
    S,
    alice_cancels,
    bob_claims,
    second_project_with_bob,
    send,
)
from .world import World

TEAM = {"channel": "team:{project_id}"}
LOOKING = {"looking_for_members": False}

REFUSED: list[Call] = [
    # organizers' work, tried by participants
    Call("bob", "POST", "/v1/projects", json={"title": "Mien", "theme": THEME, "city": "rennes"}),
    Call("carol", "POST", "/v1/schedule", json=SCHEDULE_ITEM),
    Call("bob", "PATCH", ITEM, json={"room": "Cave"}),
    Call("alice", "DELETE", ITEM, note="a team member is no organizer"),
    Call("bob", "POST", MESSAGES, json={"body": "Écoutez !", "announcement": True}, note="announcement"),
    Call("alice", "POST", MESSAGES, json={"body": "Réunion", "announcement": True}, args=TEAM),
    Call(
        "organizer",
        "POST",
        MESSAGES,
        json={"body": "Annonce", "announcement": True},
        args={"channel": "swap:{swap_id}"},
        note="announcements go to all or a city",
    ),
    # a team's things, tried from outside the team
    Call("carol", "POST", f"{P}/progress", json={"text": "Je m'en mêle", "stage": "demo_ready"}),
    Call("organizer", "POST", f"{P}/progress", json={"text": "Bravo", "stage": "testing"}, note="organizer"),
    Call("carol", "POST", MESSAGES, json={"body": "Je peux ?"}, args=TEAM),
    Call("organizer", "POST", MESSAGES, json={"body": "Coucou l'équipe"}, args=TEAM, note="organizer"),
    Call("carol", "PATCH", P, json=LOOKING, note="not in the team"),
    Call("bob", "PATCH", P, json=LOOKING, before=second_project_with_bob, note="in another team"),
    Call("alice", "PATCH", P, json={"title": "Renommé"}, note="members set looking only"),
    Call("alice", "PATCH", P, json=LOOKING | {"max_team_size": 9}, note="looking plus more"),
    # a swap, tried by someone else than its author
    Call("bob", "POST", f"{S}/resolve", json={"thanks": "De rien"}),
    Call("bob", "POST", f"{S}/cancel"),
    Call("bob", "POST", f"{S}/reopen", before=alice_cancels),
    Call("bob", "POST", f"{S}/resolve", json={"rating": 5}, before=bob_claims, note="the claimer"),
    Call("bob", "POST", f"{S}/cancel", before=bob_claims, note="the claimer"),
    Call("organizer", "POST", f"{S}/cancel", note="organizer"),
    Call("organizer", "POST", f"{S}/resolve", json={}, note="organizer"),
    # release belongs to the claimer
    Call("alice", "POST", f"{S}/release", before=bob_claims, note="the author"),
    Call("carol", "POST", f"{S}/release", before=bob_claims, note="a third person"),
    Call("organizer", "POST", f"{S}/release", before=bob_claims, note="organizer"),
    # one's own swap
    Call("alice", "POST", f"{S}/claim", note="own swap"),
]


@pytest.mark.parametrize("call", REFUSED, ids=[c.id(403) for c in REFUSED])
async def test_refused_and_nothing_changes(world: World, call: Call) -> None:
    if call.before is not None:
        await call.before(world)
    cursor = await world.cursor()

    response = await send(world, replace(call, before=None))

    assert_problem(response, 403)
    assert await world.cursor() == cursor, "a refused request changed something"


ALLOWED: list[tuple[int, Call]] = [
    (201, Call("bob", "POST", MESSAGES, json={"body": "Salut de Rennes"}, args={"channel": "city:lyon"})),
    (201, Call("carol", "POST", MESSAGES, json={"body": "Je regarde"}, args={"channel": "swap:{swap_id}"})),
    (200, Call("bob", "POST", f"{S}/claim", note="from another city")),
    (200, Call("bob", "POST", f"{S}/release", before=bob_claims, note="the claimer")),
    (200, Call("alice", "PATCH", P, json=LOOKING, note="a member")),
    (201, Call("alice", "POST", MESSAGES, json={"body": "On avance"}, args=TEAM, note="a member")),
    (201, Call("organizer", "POST", MESSAGES, json={"body": "Pizzas !", "announcement": True})),
    (
        201,
        Call(
            "organizer",
            "POST",
            MESSAGES,
            json={"body": "Pizzas à Lyon", "announcement": True},
            args={"channel": "city:lyon"},
            note="a city's announcement",
        ),
    ),
    (200, Call("organizer", "PATCH", P, json={"title": "Signes", "max_team_size": 5})),
    (200, Call("alice", "POST", f"{S}/reopen", before=bob_claims, note="author takes back a claim")),
]


@pytest.mark.parametrize(("status", "call"), ALLOWED, ids=[c.id(s) for s, c in ALLOWED])
async def test_the_rules_neighbours_are_allowed(world: World, status: int, call: Call) -> None:
    response = await send(world, call)

    assert response.status_code == status, response.text


async def test_a_revoked_token_opens_nothing(world: World) -> None:
    assert (await world.carol.post("/v1/auth/revoke")).status_code == 204

    attempts = [
        await world.carol.get("/v1/me"),
        await world.carol.get("/v1/sync", params={"timeout": 0}),
        await world.carol.post("/v1/channels/all/messages", json={"body": "Encore là ?"}),
        await world.carol.post(f"/v1/projects/{world.project.id}/join"),
        await world.carol.post("/v1/auth/revoke"),
    ]

    for response in attempts:
        assert_problem(response, 401)
    assert (await world.bob.get("/v1/me")).status_code == 200, "only that token was revoked"
    assert (await world.bob.get("/v1/users/carol")).status_code == 200, "the person stays"
    assert (await world.carol.get("/v1/channels/all/messages")).status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        {"role": "organizer"},
        {"handle": "bob"},
        {"city": "rennes"},
        {"team": 1},
        {"display_name": "B", "handle": "bob"},
    ],
    ids=lambda change: ",".join(change),
)
async def test_patch_me_changes_only_ones_own_profile_fields(world: World, change: dict[str, object]) -> None:
    cursor = await world.cursor()

    response = await world.alice.patch("/v1/me", json=change)

    problem = assert_problem(response, 422)
    assert problem.errors and {e["type"] for e in problem.errors} == {"extra_forbidden"}
    assert await world.cursor() == cursor
    me = (await world.alice.get("/v1/me")).json()
    bob = (await world.alice.get("/v1/users/bob")).json()
    assert (me["handle"], me["role"], me["city"], me["team"]) == (
        "alice",
        "participant",
        "lyon",
        world.project.id,
    )
    assert (bob["display_name"], bob["city"]) == ("Bob", "rennes")


async def test_nobody_patches_someone_else(world: World) -> None:
    answer = await world.alice.patch("/v1/users/bob", json={"display_name": "Bobby"})
    mine = await world.alice.patch("/v1/me", json={"display_name": "Alice B."})

    assert_problem(answer, 405)
    assert answer.headers["allow"] == "GET"
    assert mine.status_code == 200
    assert (await world.bob.get("/v1/me")).json()["display_name"] == "Bob"
    assert (await world.bob.get("/v1/users/alice")).json()["display_name"] == "Alice B."
