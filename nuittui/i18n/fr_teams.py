"""French for teams from anywhere (looking for members, progress from the project's page), signing
in with a token or a recovery code on the welcome screen, and the organizers' event edits."""

CATALOGUE: dict[str, str] = {
    # shell: team looking
    "your project's team: join, leave, post progress, look for members": (
        "l'équipe de votre projet : la rejoindre, la quitter, publier l'avancement, chercher des membres"
    ),
    "say whether your team is looking for members": "dire si votre équipe cherche des membres",
    "on or off": "on ou off",
    "team #{id} is looking for members": "l'équipe n°{id} cherche des membres",
    "team #{id} is not looking for members": "l'équipe n°{id} ne cherche pas de membres",
    "looking for members is on or off": "« cherche des membres » vaut oui ou non",
    "Team #{id} is looking for members": "L'équipe n°{id} cherche des membres",
    "Team #{id} is not looking for members": "L'équipe n°{id} ne cherche pas de membres",
    # shell: org event
    "change the event's name, dates, jury time or time zone": (
        "changer le nom, les dates, l'heure du jury ou le fuseau horaire de l'événement"
    ),
    "the event's new name": "le nouveau nom de l'événement",
    "when the event starts: HH:MM (same day) or an ISO date and time": (
        "le début de l'événement : HH:MM (même jour) ou une date et une heure ISO"
    ),
    "when the event ends: HH:MM (same day) or an ISO date and time": (
        "la fin de l'événement : HH:MM (même jour) ou une date et une heure ISO"
    ),
    "the event's jury time: HH:MM (same day) or an ISO date and time": (
        "l'heure du jury de l'événement : HH:MM (même jour) ou une date et une heure ISO"
    ),
    "an IANA time zone, e.g. Europe/Paris": "un fuseau horaire IANA, par ex. Europe/Paris",
    "changed the event: {changes}": "événement modifié : {changes}",
    "starts {time}": "début {time}",
    "ends {time}": "fin {time}",
    "jury {time}": "jury {time}",
    "name “{name}”": "nom « {name} »",
    "time zone {zone}": "fuseau {zone}",
    "nothing to change: give --name, --starts, --ends, --jury or --timezone": (
        "rien à changer : donnez --name, --starts, --ends, --jury ou --timezone"
    ),
    "the event is not cached yet: give a full date, e.g. 2017-03-05T15:30": (
        "l'événement n'est pas encore en cache : donnez une date complète, par ex. 2017-03-05T15:30"
    ),
    "not a time: {value} (HH:MM or a date and time, e.g. 2017-03-05T15:30)": (
        "pas une heure : {value} (HH:MM ou une date et une heure, par ex. 2017-03-05T15:30)"
    ),
    "Change the event": "Modifier l'événement",
    # the project's page
    "Post update": "Progrès",
    "Post the team's progress": "Publier l'avancement de l'équipe",
    "Looking": "Recrute",
    "Say whether the team is looking for members (on or off)": (
        "Dire si l'équipe cherche des membres (oui ou non)"
    ),
    "Post an update": "Publier l'avancement",
    "Looking for members: on": "Cherche des membres : oui",
    "Looking for members: off": "Cherche des membres : non",
    "This team is not looking for members": "Cette équipe ne cherche pas de membres",
    "(pending)": "(en attente)",
    "Only the team's members can post its progress": (
        "Seuls les membres de l'équipe peuvent publier son avancement"
    ),
    "Only the team's members can say whether it is looking for members": (
        "Seuls les membres de l'équipe peuvent dire si elle cherche des membres"
    ),
    "Refused": "Refusé",
    "Could not change whether the team is looking": "Impossible de changer si l'équipe recrute",
    "Could not post the update": "Impossible de publier l'avancement",
    "Progress update posted for {team}": "Avancement publié pour {team}",
    "{team} is looking for members": "{team} cherche des membres",
    "{team} is not looking for members": "{team} ne cherche pas de membres",
    # the progress form
    "Post a progress update": "Publier l'avancement",
    "Post the progress update": "Publier l'avancement",
    "Where {team} stands, in a few words": "Où en est {team}, en quelques mots",
    "Stage": "Étape",
    # the palette
    "team: Post update": "équipe : Publier l'avancement",
    "Post where {title} stands": "Publier où en est {title}",
    "team: Looking for members": "équipe : Cherche des membres",
    "Now on: switch it off": "Actuellement oui : passer à non",
    "Now off: switch it on": "Actuellement non : passer à oui",
    # the welcome screen
    "Organizer token": "Jeton d'orga",
    "Recovery code": "Code de récupération",
    "Token": "Jeton",
    "paste the organizer's token": "collez le jeton d'organisateur",
    "the code an organizer gave you": "le code qu'un organisateur vous a donné",
    "Sign in with the token": "Me connecter avec le jeton",
    "Sign in with the recovery code": "Me connecter avec le code",
    "Signing in…": "Connexion…",
    "Paste the organizer's token (nuit-server organizer add prints it).": (
        "Collez le jeton d'organisateur (nuit-server organizer add l'affiche)."
    ),
    "Enter the recovery code an organizer gave you.": (
        "Saisissez le code de récupération qu'un organisateur vous a donné."
    ),
    "Other sign-in": "Autre connexion",
    "Register with the join code, or sign in with the token or recovery code, and connect": (
        "S'inscrire avec le code d'accès, ou se connecter avec le jeton ou le code de récupération"
    ),
    "Sign in with a join code, an organizer's token or a recovery code": (
        "Se connecter avec un code d'accès, un jeton d'organisateur ou un code de récupération"
    ),
    "the projects and their teams (ids to join)": "les projets et leurs équipes (les numéros à rejoindre)",
    "this city's projects (default: yours)": "les projets de cette ville (par défaut : la vôtre)",
    "every city's projects": "les projets de toutes les villes",
    "only teams looking for members": "seulement les équipes qui cherchent des membres",
    "no project here (nuit-tui team list --all: every city)": (
        "aucun projet ici (nuit-tui team list --all : toutes les villes)"
    ),
    "id": "n°",
    "project": "projet",
    "team": "équipe",
}
