"""Seeding the demo through the store's normal writes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from nuittui.models import (
    EventPublic,
    ProgressCreate,
    ProjectCreate,
    ScheduleItemCreate,
    Snapshot,
    Stage,
    SwapCreate,
    SwapStatus,
    SyncEvent,
    apply_events,
    utcnow,
)
from nuittui.server.demo import DemoData, DemoMessage, DemoPerson, DemoProgress, DemoSwap, demo_data
from nuittui.server.seed import seed_demo
from nuittui.server.store import Store

from .conftest import make_event


def _tiny_demo(event: EventPublic) -> DemoData:
    return DemoData(
        event=event,
        join_code="petit",
        projects=[
            ProjectCreate(title="Capteurs", theme="donnees-du-citoyen", city="rennes", sample=True),
            ProjectCreate(title="Signothèque", theme="education-au-numerique", city="toulouse"),
        ],
        people=[
            DemoPerson("gwen", "Gwen", "rennes", ["arduino"], team=0),
            DemoPerson("yann", "Yann", "rennes", ["c++"], team=0),
            DemoPerson("amelie", "Amélie", "toulouse", ["lsf"], team=1),
            DemoPerson("sarah", "Sarah", "lyon", ["design"], team=None),
        ],
        schedule=[
            ScheduleItemCreate(
                title="Jury", starts_at=event.jury_at, ends_at=event.jury_at + timedelta(hours=2), kind="jury"
            )
        ],
        swaps=[
            DemoSwap("gwen", SwapCreate(title="Sonde à -127 °C", tags=["arduino"]), claimed_by="sarah"),
            DemoSwap("amelie", SwapCreate(title="Vidéos trop lourdes")),
        ],
        messages=[
            DemoMessage("yann", "team:0", "Soudures finies"),
            DemoMessage("amelie", "all", "Bonsoir de Toulouse"),
        ],
        progress=[DemoProgress("gwen", 0, ProgressCreate(text="Première mesure", stage=Stage.TESTING))],
    )


def _replayed(store: Store, event: EventPublic) -> Snapshot:
    empty = Snapshot(event=event, users=[], projects=[], progress=[], swaps=[], schedule=[], messages=[])
    events = [SyncEvent.model_validate_json(r.json) for r in store.records_after(0, 100_000)]
    return apply_events(empty, events)


def test_tiny_demo_lands_with_real_ids(tmp_path: Path) -> None:
    event = make_event()
    store = Store.create(tmp_path / "demo.db", event=event, join_code="petit")
    try:
        seed_demo(store, _tiny_demo(event))

        capteurs, signotheque = store.list_projects()
        assert [m.handle for m in capteurs.members] == ["gwen", "yann"]
        assert [m.handle for m in signotheque.members] == ["amelie"]
        assert capteurs.stage is Stage.TESTING
        assert store.get_user("sarah").team is None
        swaps = {s.title: s for s in store.list_swaps()}
        assert swaps["Sonde à -127 °C"].status is SwapStatus.CLAIMED
        assert swaps["Sonde à -127 °C"].claimed_by == "sarah"
        assert swaps["Vidéos trop lourdes"].status is SwapStatus.OPEN
        # The demo names team channels by position; the seed posts to the real project id.
        assert [m.body for m in store.history(f"team:{capteurs.id}").messages] == ["Soudures finies"]
        assert all(m.created_at <= utcnow() for m in store.history("all").messages)
    finally:
        store.close()


def test_full_demo_event_log_rebuilds_the_state(tmp_path: Path) -> None:
    data = demo_data(utcnow())
    store = Store.create(tmp_path / "demo.db", event=data.event, join_code=data.join_code)
    try:
        seed_demo(store, data)

        _, snapshot = store.snapshot()
        assert len(snapshot.projects) == len(data.projects)
        assert len(snapshot.users) == len(data.people)
        assert len(snapshot.swaps) == len(data.swaps)
        assert _replayed(store, data.event) == snapshot
    finally:
        store.close()
