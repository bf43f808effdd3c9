"""French for the organizers' shell: signing in with a token or a recovery code, the org and team commands."""

CATALOGUE: dict[str, str] = {
    "sign in with a token you already have": "se connecter avec un jeton que vous avez déjà",
    "sign in again with a recovery code": "se reconnecter avec un code de récupération",
    "--handle is needed with --code or --recover": "--handle est nécessaire avec --code ou --recover",
    "the token is empty": "le jeton est vide",
    "the server refused this token: {reason}": "le serveur a refusé ce jeton : {reason}",
    "the recovery code was refused: {reason}": "le code de récupération a été refusé : {reason}",
    # team
    "your project's team: join, leave, post progress": (
        "l'équipe de votre projet : la rejoindre, la quitter, publier l'avancement"
    ),
    "join a project's team": "rejoindre l'équipe d'un projet",
    "the project's id": "l'identifiant du projet",
    "leave your team": "quitter votre équipe",
    "post your team's progress": "publier l'avancement de votre équipe",
    "where you stand, in a few words": "où vous en êtes, en quelques mots",
    "the team's stage (default: unchanged)": "l'étape de l'équipe (par défaut : inchangée)",
    "posted progress for team #{id} ({stage})": "avancement publié pour l'équipe n°{id} ({stage})",
    "you are not in a team: nuit-tui team join PROJECT": (
        "vous n'êtes dans aucune équipe : nuit-tui team join PROJET"
    ),
    "joined team #{id}": "équipe n°{id} rejointe",
    "left team #{id}": "équipe n°{id} quittée",
    # org
    "organizers' tools (an organizer's profile)": "les outils des organisateurs (un profil d'organisateur)",
    "post an announcement": "publier une annonce",
    "the announcement (- reads it from stdin)": "l'annonce (- la lit sur l'entrée standard)",
    "only this city's channel (default: all)": "seulement le canal de cette ville (par défaut : all)",
    "move a schedule item, keeping its length": "déplacer un créneau du programme, en gardant sa durée",
    "the schedule item's id": "l'identifiant du créneau",
    "how much later or earlier: +30m, -15m, +1h": "de combien plus tard ou plus tôt : +30m, -15m, +1h",
    "the new start, in the event's time, same day": (
        "le nouveau début, à l'heure de l'événement, le même jour"
    ),
    "hide a message from everyone": "masquer un message pour tout le monde",
    "why, for the audit log": "pourquoi, pour le journal d'audit",
    "suspend a participant of your city": "suspendre un·e participant·e de votre ville",
    "lift a participant's suspension": "lever la suspension d'un·e participant·e",
    "a one-time code for someone who lost access": "un code à usage unique pour qui a perdu son accès",
    "also revoke their tokens now (a lost laptop)": (
        "révoquer aussi ses jetons tout de suite (un ordinateur perdu)"
    ),
    "moved #{id} {title} to {time}": "n°{id} {title} déplacé à {time}",
    "recovery code for {handle}: {code} (single use, until {time}; it is not shown again)": (
        "code de récupération pour {handle} : {code} (usage unique, jusqu'à {time} ; il ne sera plus affiché)"
    ),
    "they sign in with: nuit-tui login {url} --recover CODE --handle {handle}": (
        "la personne se connecte avec : nuit-tui login {url} --recover CODE --handle {handle}"
    ),
    "not a shift: {value} (e.g. +30m, -15m, +1h)": "pas un décalage : {value} (par ex. +30m, -15m, +1h)",
    "not a time: {value} (HH:MM, e.g. 21:30)": "pas une heure : {value} (HH:MM, par ex. 21:30)",
    "announced in #{channel}": "annonce publiée dans #{channel}",
    "hid message #{id}": "message n°{id} masqué",
    "lifted the suspension of {handle}": "suspension de {handle} levée",
    "revoked {count} of their tokens": "{count} de ses jetons révoqués",
    "no schedule item #{id} (see `nuit-tui schedule`)": "aucun créneau n°{id} (voir `nuit-tui schedule`)",
    "suspended {handle}": "{handle} suspendu·e",
    "not a valid handle: {handle}": "pseudo invalide : {handle}",
    "announcements go to all or city:ID": "les annonces vont dans all ou city:ID",
    "Change schedule item #{id}": "Modifier le créneau n°{id}",
    "Hide message #{id}": "Masquer le message n°{id}",
    "Remove {handle} from team #{id}": "Retirer {handle} de l'équipe n°{id}",
    "Suspend {handle}": "Suspendre {handle}",
    "Lift the suspension of {handle}": "Lever la suspension de {handle}",
    "change a schedule item's title, room or text": "changer le titre, la salle ou le texte d'un créneau",
    "cancel a schedule item (it stays, marked)": "annuler un créneau (il reste, marqué annulé)",
    "take the cancellation back": "revenir sur l'annulation",
    "remove someone from a project's team": "retirer quelqu'un de l'équipe d'un projet",
    "removed {handle} from team #{id}": "{handle} retiré·e de l'équipe n°{id}",
    "changed #{id} {title}: {fields}": "modifié n°{id} {title} : {fields}",
    "restored #{id} {title}": "rétabli n°{id} {title}",
    "cancelled #{id} {title}": "annulé n°{id} {title}",
}
