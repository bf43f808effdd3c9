"""Realistic contract objects for the cache tests: the 2017 event, people, teams, swaps, chat.

``Stream`` numbers events the way the server does (one sequence for everything,
a message's ``seq`` is the seq of the event that created it).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from nuittui.models import (
    City,
    EventPublic,
    EventType,
    MessagePublic,
    ProgressPublic,
    ProjectPublic,
    Role,
    ScheduleItemPublic,
    ScheduleKind,
    Snapshot,
    Stage,
    SwapPublic,
    SwapStatus,
    SyncBatch,
    SyncEvent,
    TeamMember,
    Theme,
    UserPublic,
)

T0 = datetime(2017, 3, 4, 8, 0, tzinfo=UTC)
CITIES = [
    ("lyon", "Lyon"),
    ("paris", "Paris"),
    ("bordeaux", "Bordeaux"),
    ("nantes", "Nantes"),
    ("lille", "Lille"),
    ("toulouse", "Toulouse"),
    ("geneve", "Genève"),
]
THEMES = [
    ("democratie", "Démocratie numérique"),
    ("collectif", "Outils du collectif"),
    ("donnees", "Données du citoyen"),
    ("education", "Éducation au numérique"),
    ("ville", "Ville accessible et durable"),
    ("campagnes", "Vie de nos campagnes"),
]
FIRST_NAMES = ["alice", "bastien", "chloe", "david", "emma", "farid", "gaelle", "hugo", "ines", "jules"]
BODIES = [
    "Quelqu'un a une rallonge près de la salle 2 ?",
    "On a enfin le parseur GTFS qui tourne 🎉",
    "Pizza dans 10 minutes au rez-de-chaussée",
    "Besoin d'un regard sur une requête PostGIS, ça rame",
    "Les Nantais passent en démo à 15 h, venez voir",
    "Le wifi de la salle 3 est de retour",
]


def event() -> EventPublic:
    """The event as the city API answers it."""
    return EventPublic(
        name="Nuit du Code Citoyen 2017",
        timezone="Europe/Paris",
        starts_at=T0,
        ends_at=T0 + timedelta(hours=34),
        jury_at=T0 + timedelta(hours=30),
        cities=[City(id=i, name=n) for i, n in CITIES],
        themes=[Theme(id=i, name=n) for i, n in THEMES],
    )


def user(
    handle: str, city: str = "lyon", *, team: int | None = None, role: Role = Role.PARTICIPANT
) -> UserPublic:
    """A participant."""
    return UserPublic(
        handle=handle,
        display_name=handle.capitalize(),
        city=city,
        skills=["python", "cartographie"],
        team=team,
        role=role,
        created_at=T0,
    )


def project(
    project_id: int, city: str = "lyon", theme: str = "democratie", members: tuple[str, ...] = ()
) -> ProjectPublic:
    """A project brought by professionals, with its team."""
    return ProjectPublic(
        id=project_id,
        title=f"Projet {project_id} — carte des défibrillateurs",
        summary="Recenser et cartographier les défibrillateurs accessibles",
        theme=theme,
        city=city,
        skills_needed=["python", "leaflet"],
        members=[TeamMember(handle=h, display_name=h.capitalize(), joined_at=T0) for h in members],
        looking_for_members=len(members) < 3,
        created_at=T0,
        updated_at=T0,
    )


def swap(
    swap_id: int,
    author: str = "alice",
    city: str = "lyon",
    *,
    status: SwapStatus = SwapStatus.OPEN,
    claimed_by: str | None = None,
    tags: tuple[str, ...] = ("python",),
    minutes: int = 0,
) -> SwapPublic:
    """A bug swap."""
    created = T0 + timedelta(hours=2, minutes=minutes)
    return SwapPublic(
        id=swap_id,
        title=f"Bug {swap_id}: la migration Alembic échoue",
        body="```\nsqlalchemy.exc.OperationalError: no such column\n```",
        tags=list(tags),
        city=city,
        author=author,
        status=status,
        claimed_by=claimed_by,
        claimed_at=created + timedelta(minutes=7) if claimed_by else None,
        location="salle 2, près de la fenêtre",
        created_at=created,
        updated_at=created,
    )


def schedule_item(item_id: int, title: str, hour: int, city: str | None = None) -> ScheduleItemPublic:
    """One item of the schedule."""
    return ScheduleItemPublic(
        id=item_id,
        title=title,
        starts_at=T0 + timedelta(hours=hour),
        ends_at=T0 + timedelta(hours=hour + 1),
        city=city,
        kind=ScheduleKind.TALK,
    )


def progress_update(
    update_id: int, project_id: int, city: str = "lyon", author: str = "alice"
) -> ProgressPublic:
    """A team's progress update."""
    return ProgressPublic(
        id=update_id,
        project_id=project_id,
        city=city,
        author=author,
        text="Le prototype affiche les premiers points sur la carte",
        stage=Stage.BUILDING,
        created_at=T0 + timedelta(hours=5, minutes=update_id),
    )


class Stream:
    """Hands out sequence numbers and builds events as the server's log would."""

    def __init__(self, seq: int = 0, message_id: int = 0) -> None:
        self.seq = seq
        self.message_id = message_id

    def upsert(self, type_: EventType | str, model: Any, key: str | None = None) -> SyncEvent:
        """An event carrying the whole object."""
        self.seq += 1
        data = model.model_dump(mode="json") if hasattr(model, "model_dump") else dict(model)
        return SyncEvent(seq=self.seq, type=str(type_), data=data, key=key)

    def message(
        self, channel: str, author: str = "alice", body: str | None = None, key: str | None = None
    ) -> SyncEvent:
        """A ``message.create`` event."""
        self.seq += 1
        self.message_id += 1
        created = T0 + timedelta(seconds=self.seq)
        text = body if body is not None else BODIES[self.message_id % len(BODIES)]
        data = MessagePublic(
            id=self.message_id, channel=channel, author=author, body=text, created_at=created, seq=self.seq
        ).model_dump(mode="json")
        return SyncEvent(seq=self.seq, type=EventType.MESSAGE, data=data, key=key)

    def delete_schedule(self, item_id: int) -> SyncEvent:
        """A ``schedule.delete`` event."""
        self.seq += 1
        return SyncEvent(seq=self.seq, type=EventType.SCHEDULE_DELETE, data={"id": item_id})

    def batch(self, events: list[SyncEvent]) -> SyncBatch:
        """An incremental sync answer ending at the current seq."""
        return SyncBatch(cursor=self.seq, events=events)


def message(message_id: int, channel: str, seq: int, author: str = "alice") -> MessagePublic:
    """A message as history pages return it."""
    return MessagePublic(
        id=message_id,
        channel=channel,
        author=author,
        body=BODIES[message_id % len(BODIES)],
        created_at=T0 + timedelta(seconds=seq),
        seq=seq,
    )


def snapshot(stream: Stream, *, messages_per_channel: int = 8) -> Snapshot:
    """A realistic snapshot at ``stream.seq`` after advancing it past the objects it holds."""
    users = [user(f"{name}-{city}", city, team=None) for city, _ in CITIES[:4] for name in FIRST_NAMES[:5]]
    users.append(user("orga-lyon", "lyon", role=Role.ORGANIZER))
    projects = [
        project(1, "lyon", "democratie", ("alice-lyon", "bastien-lyon", "chloe-lyon")),
        project(2, "lyon", "donnees", ("david-lyon",)),
        project(3, "paris", "ville", ("alice-paris", "bastien-paris")),
        project(4, "bordeaux", "campagnes"),
        project(5, "nantes", "education", ("alice-nantes",)),
    ]
    swaps = [
        swap(1, "alice-lyon", "lyon"),
        swap(
            2,
            "alice-paris",
            "paris",
            status=SwapStatus.CLAIMED,
            claimed_by="bastien-lyon",
            tags=("postgis", "sql"),
        ),
        swap(3, "chloe-lyon", "lyon", status=SwapStatus.RESOLVED, claimed_by="david-paris", minutes=30),
    ]
    schedule = [
        schedule_item(1, "Accueil et café", 0),
        schedule_item(2, "Présentation des thèmes", 1),
        schedule_item(3, "Visite des salles, Lyon", 2, city="lyon"),
        schedule_item(4, "Jury", 30),
    ]
    progress = [progress_update(1, 1), progress_update(2, 3, "paris", "alice-paris")]
    stream.seq += 100  # the objects above were created by earlier events
    messages = []
    for channel in ("all", "city:lyon", "city:paris", "team:1", "swap:2"):
        for _ in range(messages_per_channel):
            stream.seq += 1
            stream.message_id += 1
            messages.append(message(stream.message_id, channel, stream.seq))
    return Snapshot(
        event=event(),
        users=users,
        projects=projects,
        progress=progress,
        swaps=swaps,
        schedule=schedule,
        messages=messages,
    )


def reset_batch(stream: Stream, **options: Any) -> tuple[SyncBatch, Snapshot]:
    """A reset answer carrying a fresh snapshot."""
    snap = snapshot(stream, **options)
    return SyncBatch(cursor=stream.seq, reset=True, snapshot=snap), snap
