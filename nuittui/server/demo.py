"""The demo event: the first Nuit du Code Citoyen (4–5 March 2017), as ``nuit-tui --demo`` seeds it.

Pure data and small functions, importing only the standard library and the
contract. The three projects the press described at the time (Signothèque in
Toulouse, the oceanographic sensors in Rennes, the presidential-programme game
in Montpellier) are real and carry ``sample=False``; every other project and
every person, swap and message is invented sample content.

References between objects are by position: ``DemoPerson.team`` and
``DemoProgress.project`` index ``DemoData.projects``, a ``team:<n>`` channel
names the n-th project; the seeding server maps positions to real ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from nuittui.models import (
    City,
    EventPublic,
    ProgressCreate,
    ProjectCreate,
    ScheduleItemCreate,
    ScheduleKind,
    SwapCreate,
    Theme,
)

from .demo_content import FROM_THE_PRESS, MESSAGES, PEOPLE, PROGRESS, PROJECTS, SWAPS

__all__ = [
    "DEMO_JOIN_CODE",
    "DEMO_NOW_LOCAL",
    "DemoData",
    "DemoMessage",
    "DemoPerson",
    "DemoProgress",
    "DemoSwap",
    "demo_data",
    "demo_offset",
    "event_definition",
]

DEMO_JOIN_CODE = "nuit2017"
DEMO_NOW_LOCAL = time(20, 30)
"""Where ``now`` lands in the demo: Saturday evening, the night of code just starting."""

_OFFSET_STEP = timedelta(minutes=15)
# 2017 is history: fixed offsets give what tzdata would, without needing tzdata installed (Windows).
_CET = timezone(timedelta(hours=1), "CET")
_CEST = timezone(timedelta(hours=2), "CEST")
_DST_2017 = date(2017, 3, 26)
_SATURDAY = date(2017, 3, 4)


@dataclass(frozen=True)
class DemoPerson:
    """A participant to register; ``team`` is an index into ``DemoData.projects``."""

    handle: str
    display_name: str
    city: str
    skills: list[str]
    team: int | None


@dataclass(frozen=True)
class DemoSwap:
    """A bug swap to post as ``author``, then claim as ``claimed_by`` when set."""

    author: str
    create: SwapCreate
    claimed_by: str | None = None


@dataclass(frozen=True)
class DemoMessage:
    """A chat message; ``channel`` is ``all``, ``city:<id>`` or ``team:<project index>``."""

    author: str
    channel: str
    body: str


@dataclass(frozen=True)
class DemoProgress:
    """A team progress update, posted by a member of the project at index ``project``."""

    author: str
    project: int
    create: ProgressCreate


@dataclass(frozen=True)
class DemoData:
    """Everything the demo server seeds, in the order it should be created."""

    event: EventPublic
    join_code: str
    projects: list[ProjectCreate]
    people: list[DemoPerson]
    schedule: list[ScheduleItemCreate]
    swaps: list[DemoSwap]
    messages: list[DemoMessage]
    progress: list[DemoProgress]


def _paris(day: date, hour: int, minute: int = 0) -> datetime:
    """A 2017 Europe/Paris wall-clock time, as a UTC datetime."""
    tz = _CEST if day >= _DST_2017 else _CET
    return datetime.combine(day, time(hour, minute), tzinfo=tz).astimezone(UTC)


def _sat(hour: int, minute: int = 0) -> datetime:
    return _paris(_SATURDAY, hour, minute)


def _sun(hour: int, minute: int = 0) -> datetime:
    return _paris(_SATURDAY + timedelta(days=1), hour, minute)


_DEMO_ANCHOR = _sat(DEMO_NOW_LOCAL.hour, DEMO_NOW_LOCAL.minute)

_CITIES = [
    ("lyon", "Lyon", "France", "Tiers-lieu associatif du centre-ville, grande salle et mezzanine"),
    ("paris", "Paris", "France", "Espace de coworking solidaire, salle sous verrière"),
    ("toulouse", "Toulouse", "France", "Fablab de quartier, ateliers du rez-de-chaussée"),
    ("rennes", "Rennes", "France", "Tiers-lieu numérique, avec son atelier électronique"),
    ("montpellier", "Montpellier", "France", "Campus universitaire, salles de travaux pratiques"),
    ("bruxelles", "Bruxelles", "Belgique", "Maison associative de quartier, premier étage"),
    ("geneve", "Genève", "Suisse", "Espace culturel associatif, salle polyvalente"),
]

_THEMES = [
    (
        "democratie-numerique",
        "Démocratie numérique",
        "Des outils pour débattre, voter, interpeller ses élus et suivre la décision publique.",
    ),
    (
        "outils-du-collectif",
        "Outils du collectif",
        "Partager, prêter, s'organiser : le numérique au service des associations et des voisins.",
    ),
    (
        "donnees-du-citoyen",
        "Données du citoyen",
        "Ouvrir, mesurer et comprendre les données qui nous concernent, et garder la main sur les nôtres.",
    ),
    (
        "education-au-numerique",
        "Éducation au numérique",
        "Apprendre à coder, à s'informer et à se protéger en ligne, à tout âge.",
    ),
    (
        "ville-accessible-et-durable",
        "Ville accessible et durable",
        "Une ville où chacun circule, s'informe et respire mieux, quel que soit son handicap.",
    ),
    (
        "vie-de-nos-campagnes",
        "Vie de nos campagnes",
        "Circuits courts, mobilité, entraide : des services pensés pour les territoires ruraux.",
    ),
]


def _event(shift: timedelta) -> EventPublic:
    return EventPublic(
        name="Nuit du Code Citoyen 2017",
        timezone="Europe/Paris",
        starts_at=_sat(9) + shift,
        ends_at=_sun(18) + shift,
        jury_at=_sun(14) + shift,
        cities=[City(id=i, name=n, country=c, venue=v) for i, n, c, v in _CITIES],
        themes=[Theme(id=i, name=n, description=d) for i, n, d in _THEMES],
    )


def event_definition() -> EventPublic:
    """The event on its real 2017 dates: Saturday 4 March 09:00 to Sunday 5 March 18:00, Paris time."""
    return _event(timedelta(0))


def demo_offset(now: datetime) -> timedelta:
    """The shift that moves the 2017 event so that ``now`` falls on its Saturday evening.

    A multiple of a quarter hour, so shifted times stay round: ``now - shift``
    lands in the quarter hour starting Saturday 4 March 2017, 20:30 Paris time.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    raw = now - _DEMO_ANCHOR
    return raw - raw % _OFFSET_STEP


def demo_data(now: datetime) -> DemoData:
    """The whole demo event, every time shifted by ``demo_offset(now)``; fresh objects on each call."""
    shift = demo_offset(now)
    return DemoData(
        event=_event(shift),
        join_code=DEMO_JOIN_CODE,
        projects=_projects(),
        people=[DemoPerson(h, n, c, list(s), t) for h, n, c, s, t in PEOPLE],
        schedule=_schedule(shift),
        swaps=_swaps(),
        messages=[DemoMessage(a, c, b) for a, c, b in MESSAGES],
        progress=[DemoProgress(a, p, ProgressCreate(text=t, stage=s)) for a, p, s, t in PROGRESS],
    )


# --- Schedule: global items, then a few per city with their room -------------------------------


def _schedule(shift: timedelta) -> list[ScheduleItemCreate]:
    """The weekend's programme and the first monthly meetup, shifted, ordered by start."""
    # fmt: off
    rows: list[tuple[datetime, datetime, ScheduleKind, str, str, str | None, str]] = [
        (_sat(9), _sat(9, 45), ScheduleKind.WELCOME, "Accueil des participants",
         "Café, badges et installation : toutes les villes ouvrent leurs portes en même temps.", None, ""),
        (_sat(9, 45), _sat(10, 30), ScheduleKind.TALK, "Présentation des thèmes et des projets",
         "Chaque porteur de projet présente son idée en deux minutes et dit qui il cherche.", None, ""),
        (_sat(10, 30), _sat(12, 30), ScheduleKind.THEMES, "Salles thématiques",
         "Six salles, six thèmes : circulez librement et discutez avec les porteurs de projets.", None, ""),
        (_sat(12, 30), _sat(13, 30), ScheduleKind.MEAL, "Déjeuner", "Buffet partagé.", None, ""),
        (_sat(13, 30), _sat(14, 30), ScheduleKind.TEAMS, "Formation des équipes",
         "Choisissez un projet et rejoignez son équipe dans l'application.", None, ""),
        (_sat(14, 30), _sat(19), ScheduleKind.WORK, "Premier sprint",
         "Objectif : une première version à montrer aux autres villes en fin de journée.", None, ""),
        (_sat(19), _sat(20), ScheduleKind.MEAL, "Dîner", "Repas chaud offert par les partenaires.", None, ""),
        (_sat(20), _sat(20, 30), ScheduleKind.TALK, "Tour des villes en visio",
         "Chaque ville raconte en trois minutes où en sont ses équipes.", None, ""),
        (_sat(20, 30), _sun(8), ScheduleKind.WORK, "La nuit du code",
         "Codez, testez, dormez un peu. Les bug swaps restent ouverts toute la nuit entre les villes.",
         None, ""),
        (_sun(8), _sun(9), ScheduleKind.MEAL, "Petit-déjeuner", "Croissants, café et jus de fruits.",
         None, ""),
        (_sun(9), _sun(12, 30), ScheduleKind.WORK, "Dernière ligne droite",
         "Finalisez un résultat testable et préparez la démonstration pour le jury.", None, ""),
        (_sun(12, 30), _sun(13, 30), ScheduleKind.MEAL, "Déjeuner", "Buffet partagé.", None, ""),
        (_sun(13, 30), _sun(14), ScheduleKind.TALK, "Répétition des démonstrations",
         "Cinq minutes chrono : une dernière répétition avant le jury.", None, ""),
        (_sun(14), _sun(16, 30), ScheduleKind.JURY, "Passage devant le jury",
         "Le jury de chaque ville teste les résultats : cinq minutes de démo, cinq de questions.", None, ""),
        (_sun(17), _sun(18), ScheduleKind.CLOSING, "Clôture et résultats",
         "Résultats, remerciements et photo de groupe en duplex entre les villes.", None, ""),
        (_paris(date(2017, 4, 6), 19), _paris(date(2017, 4, 6), 22), ScheduleKind.MEETUP,
         "Première Petite Nuit du Code Citoyen",
         "La première des Petites Nuits du Code Citoyen, le rendez-vous mensuel pour continuer les "
         "projets du week-end dans chaque ville.", None, ""),
        (_sat(16), _sat(16, 45), ScheduleKind.TALK, "Atelier : tester avec un lecteur d'écran",
         "Apprendre à vérifier l'accessibilité de son interface, casque sur les oreilles.", "lyon",
         "Mezzanine"),
        (_sat(17), _sat(17, 45), ScheduleKind.TALK, "Initiation à la langue des signes",
         "Les premiers signes utiles, avec l'équipe de la Signothèque.", "toulouse", "Salle 2"),
        (_sat(21), _sat(22), ScheduleKind.TALK, "Partie test du jeu présidentiel",
         "Venez gouverner cinq ans et dites à l'équipe ce qui vous a surpris.", "montpellier", "Amphi B"),
        (_sat(22), _sat(22, 30), ScheduleKind.MEAL, "Pause crêpes", "Sucrées ou salées.", "paris", "Cuisine"),
        (_sat(23), _sat(23, 30), ScheduleKind.MEAL, "Pause galettes",
         "Un classique rennais pour tenir la nuit.", "rennes", "Cuisine partagée"),
        (_sun(0), _sun(0, 30), ScheduleKind.MEAL, "Raclette de minuit",
         "Offerte par l'équipe du Marché des alpages.", "geneve", "Salon"),
        (_sun(7), _sun(8), ScheduleKind.TALK, "Marche exploratoire",
         "Tester à pied les itinéraires de Quartiers à pied avant le petit-déjeuner.", "bruxelles",
         "Départ devant l'entrée"),
    ]
    # fmt: on
    items = [
        ScheduleItemCreate(
            title=title,
            description=description,
            starts_at=start + shift,
            ends_at=end + shift,
            city=city,
            room=room,
            kind=kind,
        )
        for start, end, kind, title, description, city, room in rows
    ]
    # global items first when two start together, so a city's own item reads as an addition
    return sorted(items, key=lambda item: (item.starts_at, item.city is not None))


def _projects() -> list[ProjectCreate]:
    return [
        ProjectCreate(
            title=title,
            summary=summary,
            description=description,
            theme=theme,
            city=city,
            skills_needed=skills,
            max_team_size=size,
            sample=title not in FROM_THE_PRESS,
        )
        for city, theme, size, title, summary, description, skills in PROJECTS
    ]


def _swaps() -> list[DemoSwap]:
    return [
        DemoSwap(author, SwapCreate(title=title, body=body, tags=tags, location=location), claimed_by)
        for author, claimed_by, title, tags, location, body in SWAPS
    ]
