"""Every method of ``CityClient`` on its happy path, against the real server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nuittui.client import CityClient, Unauthorized
from nuittui.models import (
    Availability,
    ChannelKind,
    MessageCreate,
    MeUpdate,
    ProgressCreate,
    ProjectCreate,
    ProjectPublic,
    ProjectUpdate,
    ScheduleItemCreate,
    ScheduleItemUpdate,
    ScheduleKind,
    Stage,
    SwapCreate,
    SwapResolve,
    SwapStatus,
)

from .conftest import THEME, Connect, Join

SATURDAY = datetime(2017, 3, 4, 9, 0, tzinfo=UTC)


async def test_the_event_is_public(anon: CityClient) -> None:
    event = await anon.event()

    assert [c.id for c in event.cities] == ["lyon", "toulouse", "rennes"]
    assert THEME in {t.id for t in event.themes}
    assert event.starts_at < event.jury_at < event.ends_at


async def test_register_then_edit_my_profile(join: Join) -> None:
    alice = await join("alice", city="toulouse", skills=["python"])
    assert alice.token is not None and alice.token.startswith("nuit_")

    me = await alice.me()
    changed = await alice.update_me(MeUpdate(availability=Availability.BUSY))

    assert (me.handle, me.city, me.skills) == ("alice", "toulouse", ["python"])
    # Only the field set was sent: the name and skills are unchanged.
    assert (changed.display_name, changed.skills, changed.availability) == ("Alice", ["python"], "busy")


async def test_people_by_city_and_by_handle(join: Join) -> None:
    alice = await join("alice", city="lyon")
    await join("bob", city="rennes")

    everyone = await alice.users()
    rennes = await alice.users(city="rennes")
    bob = await alice.user("bob")

    assert {"alice", "bob"} <= {u.handle for u in everyone}
    assert [u.handle for u in rennes] == ["bob"]
    assert (bob.handle, bob.city) == ("bob", "rennes")


async def test_revoke_forgets_the_token_everywhere(join: Join, connect: Connect) -> None:
    alice = await join("alice")
    token = alice.token

    await alice.revoke()

    assert alice.token is None
    with pytest.raises(Unauthorized):
        await connect(token).me()


async def test_projects_filter_edit_join_and_leave(
    join: Join, orga: CityClient, project: ProjectPublic
) -> None:
    other = await orga.create_project(
        ProjectCreate(title="Vélo", theme="outils-du-collectif", city="toulouse", max_team_size=2)
    )
    alice = await join("alice")

    in_lyon = await alice.projects(city="lyon")
    by_theme = await alice.projects(theme=THEME)
    edited = await orga.update_project(project.id, ProjectUpdate(summary="Des signes pour tous"))
    joined = await alice.join(project.id)
    again = await alice.join(project.id)
    not_looking = await alice.update_project(project.id, ProjectUpdate(looking_for_members=False))
    looking = await alice.projects(looking=True)
    left = await alice.leave(project.id)

    assert [p.id for p in in_lyon] == [project.id]
    assert [p.id for p in by_theme] == [project.id]
    assert (edited.title, edited.summary) == ("Signothèque", "Des signes pour tous")
    assert [m.handle for m in joined.members] == ["alice"]
    assert [m.handle for m in again.members] == ["alice"]
    assert not not_looking.looking_for_members
    assert [p.id for p in looking] == [other.id]
    assert left.members == []
    assert (await alice.project(project.id)).members == []
    assert (await alice.me()).team is None


async def test_team_progress_updates(join: Join, project: ProjectPublic) -> None:
    alice = await join("alice")
    await alice.join(project.id)

    first = await alice.post_progress(project.id, ProgressCreate(text="maquette", stage=Stage.EXPLORING))
    second = await alice.post_progress(project.id, ProgressCreate(text="ça tourne", stage=Stage.BUILDING))
    updates = await alice.progress(project.id)

    assert [u.id for u in updates] == [second.id, first.id]
    assert (await alice.project(project.id)).stage is Stage.BUILDING
    report = await alice.progress_report()
    lyon = next(c for c in report.cities if c.city == "lyon")
    assert (lyon.teams, lyon.projects_active) == (1, 1)
    assert report.latest_updates[0].text == "ça tourne"


async def test_a_swap_from_open_to_resolved_and_back(join: Join) -> None:
    alice = await join("alice", city="lyon")
    bob = await join("bob", city="rennes")
    swap = await alice.create_swap(
        SwapCreate(title="KeyError dans pandas", tags=["python"], location="salle 2")
    )

    claimed = await bob.claim(swap.id)
    helping = await alice.swaps(claimed_by="bob")
    released = await bob.release(swap.id)
    await bob.claim(swap.id)
    resolved = await alice.resolve(swap.id, SwapResolve(thanks="Merci Bob !", rating=5))
    reopened = await alice.reopen(swap.id)
    cancelled = await alice.cancel(swap.id)

    assert (swap.status, swap.city, swap.author) == (SwapStatus.OPEN, "lyon", "alice")
    assert (claimed.status, claimed.claimed_by) == (SwapStatus.CLAIMED, "bob")
    assert [s.id for s in helping] == [swap.id]
    assert (released.status, released.claimed_by) == (SwapStatus.OPEN, None)
    assert (resolved.status, resolved.thanks, resolved.rating) == (SwapStatus.RESOLVED, "Merci Bob !", 5)
    assert (reopened.status, reopened.claimed_by) == (SwapStatus.OPEN, None)
    assert cancelled.status is SwapStatus.CANCELLED
    assert (await bob.swap(swap.id)).status is SwapStatus.CANCELLED


async def test_swaps_filter_by_status_city_tag_and_author(join: Join) -> None:
    alice = await join("alice", city="lyon")
    bob = await join("bob", city="rennes")
    python = await alice.create_swap(SwapCreate(title="pandas", tags=["python"]))
    rust = await bob.create_swap(SwapCreate(title="borrow checker", tags=["rust"]))
    await bob.cancel(rust.id)

    assert [s.id for s in await alice.swaps()] == [rust.id, python.id]
    assert [s.id for s in await alice.swaps(status=SwapStatus.OPEN)] == [python.id]
    assert [s.id for s in await alice.swaps(status="cancelled")] == [rust.id]
    assert [s.id for s in await alice.swaps(city="rennes")] == [rust.id]
    assert [s.id for s in await alice.swaps(tag="python")] == [python.id]
    assert [s.id for s in await alice.swaps(author="alice")] == [python.id]


async def test_chat_in_a_city_channel_pages_backwards(join: Join, project: ProjectPublic) -> None:
    alice = await join("alice", city="lyon")
    sent = [await alice.send_message("city:lyon", MessageCreate(body=f"message {i}")) for i in range(5)]

    channels = {c.id: c for c in await alice.channels()}
    latest = await alice.messages("city:lyon", limit=3)
    older = await alice.messages("city:lyon", before=latest.messages[0].seq, limit=3)

    assert {"all", "city:lyon", "city:rennes", f"team:{project.id}"} <= set(channels)
    assert channels["city:lyon"].kind is ChannelKind.CITY
    assert channels["city:lyon"].last_seq == sent[-1].seq
    assert [m.body for m in latest.messages] == ["message 2", "message 3", "message 4"]
    assert latest.has_more
    assert [m.body for m in older.messages] == ["message 0", "message 1"]
    assert not older.has_more
    assert (sent[0].channel, sent[0].author) == ("city:lyon", "alice")


async def test_schedule_items_global_and_per_city(join: Join, orga: CityClient) -> None:
    alice = await join("alice", city="lyon")
    welcome = await orga.create_schedule_item(
        ScheduleItemCreate(
            title="Accueil",
            starts_at=SATURDAY,
            ends_at=SATURDAY + timedelta(hours=1),
            kind=ScheduleKind.WELCOME,
        )
    )
    pizza = await orga.create_schedule_item(
        ScheduleItemCreate(
            title="Pizzas",
            starts_at=SATURDAY + timedelta(hours=11),
            ends_at=SATURDAY + timedelta(hours=12),
            city="lyon",
            kind=ScheduleKind.MEAL,
        )
    )

    moved = await orga.update_schedule_item(pizza.id, ScheduleItemUpdate(room="cafétéria"))
    in_lyon = await alice.schedule(city="lyon")
    in_rennes = await alice.schedule(city="rennes")
    await orga.delete_schedule_item(welcome.id)
    after = await alice.schedule()

    assert (moved.title, moved.room, moved.starts_at) == ("Pizzas", "cafétéria", pizza.starts_at)
    assert [i.id for i in in_lyon] == [welcome.id, pizza.id]
    assert [i.id for i in in_rennes] == [welcome.id]
    assert [i.id for i in after] == [pizza.id]
