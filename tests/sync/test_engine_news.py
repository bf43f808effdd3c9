"""What a sync brought that the app tells at once (``SyncEngine.news``, the toasts and the bell): the
announcements to me, and my schedule moved or cancelled; nothing else, and nothing from a reset."""

from __future__ import annotations

from nuittui.cache import ApplyResult
from nuittui.sync import Changed, SyncEngine
from nuittui.sync.views import News

from .conftest import EngineFor, UserClient


def listen(engine: SyncEngine) -> list[ApplyResult]:
    """Every apply's result from now on, in order."""
    results: list[ApplyResult] = []

    def heard(change: Changed) -> None:
        if change.result is not None:
            results.append(change.result)

    engine.subscribe(heard)
    return results


def news_of(engine: SyncEngine, results: list[ApplyResult]) -> News:
    """The news of each apply, put together."""
    found = [engine.news(result) for result in results]
    return News(
        announcements=[m for news in found for m in news.announcements],
        schedule=[c for news in found for c in news.schedule],
    )


async def schedule_item(organizer: UserClient, title: str, city: str | None) -> int:
    body = {
        "title": title,
        "starts_at": "2017-03-04T20:00:00Z",
        "ends_at": "2017-03-04T21:00:00Z",
        "city": city,
    }
    response = await organizer.post("/v1/schedule", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def post(organizer: UserClient, channel: str, body: str, *, announcement: bool = True) -> int:
    response = await organizer.post(
        f"/v1/channels/{channel}/messages", json={"body": body, "announcement": announcement}
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_news_is_the_announcements_to_me_and_my_schedule_moved_or_cancelled(
    register, organizer: UserClient, engine_for: EngineFor
) -> None:
    alice = await register("alice", city="lyon")
    dinner = await schedule_item(organizer, "Dîner", "lyon")
    breakfast = await schedule_item(organizer, "Petit-déjeuner", None)
    rennes = await schedule_item(organizer, "Atelier à Rennes", "rennes")
    talk = await schedule_item(organizer, "Conférence", None)
    await post(organizer, "all", "Déjà là avant moi")
    engine, others = engine_for(alice), engine_for(organizer)
    heard, heard_by_orga = listen(engine), listen(others)
    await engine.sync_once()
    await others.sync_once()
    first = news_of(engine, heard)
    heard.clear()
    heard_by_orga.clear()

    await post(organizer, "all", "Jury à 14 h")
    await post(organizer, "city:rennes", "Pizzas à Rennes")  # another city's
    await post(organizer, "all", "bonsoir", announcement=False)  # a plain message
    hidden = await post(organizer, "city:lyon", "Mauvais salon, pardon")
    assert (await organizer.post(f"/v1/messages/{hidden}/hide", json={"reason": "erreur"})).status_code == 200
    await post(organizer, "city:lyon", "Salle 2 ouverte")
    for item, change in (
        (dinner, {"starts_at": "2017-03-04T20:30:00Z", "ends_at": "2017-03-04T21:30:00Z"}),
        (breakfast, {"cancelled": True}),
        (rennes, {"cancelled": True}),  # another city's
        (talk, {"room": "Amphi B"}),  # neither moved nor cancelled
    ):
        assert (await organizer.patch(f"/v1/schedule/{item}", json=change)).status_code == 200
    await engine.sync_once()
    await others.sync_once()
    news = news_of(engine, heard)

    assert not first, "the whole state arriving at once is not news"
    assert [(m.author, m.body, m.announcement, m.pending) for m in news.announcements] == [
        ("orga", "Jury à 14 h", True, False),
        ("orga", "Salle 2 ouverte", True, False),
    ]
    assert {change.text: change.item.id for change in news.schedule} == {
        "Dîner moved from 21:00 to 21:30": dinner,
        "Petit-déjeuner cancelled": breakfast,
    }
    assert news_of(others, heard_by_orga).announcements == [], "my own announcements are no news to me"
