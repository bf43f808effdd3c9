"""French for organizer mode in the app: the palette's ``organizer: …`` commands and their forms."""

CATALOGUE: dict[str, str] = {
    # the palette
    "organizer: Announce": "organisation : Annoncer",
    "Post an announcement to everyone or one city": "Publier une annonce pour tout le monde ou une ville",
    "organizer: Move schedule item": "organisation : Déplacer un créneau du programme",
    "Move an item by a shift or to a time": "Décaler un créneau, ou le mettre à une heure",
    "organizer: Hide message": "organisation : Masquer un message",
    "Hide the selected message for everyone": "Masquer pour tout le monde le message choisi",
    "Open a channel and select a message first": "Ouvrez d'abord un canal et choisissez un message",
    "organizer: Suspend": "organisation : Suspendre",
    "Refuse every request of a participant": "Refuser toutes les requêtes d'un·e participant·e",
    "organizer: Lift suspension": "organisation : Lever une suspension",
    "Let a suspended participant back in": "Laisser revenir un·e participant·e suspendu·e",
    "organizer: Recovery code": "organisation : Code de récupération",
    "A one-time code to sign in again on a new laptop": (
        "Un code à usage unique pour se reconnecter sur un nouvel ordinateur"
    ),
    # moving (shared with the shell)
    "say how to move it: a shift (+30m) or a time (HH:MM)": (
        "dites comment le déplacer : un décalage (+30m) ou une heure (HH:MM)"
    ),
    # announce
    "Announce": "Annoncer",
    "The announcement": "L'annonce",
    "To": "Pour",
    "Everyone (all cities)": "Tout le monde (toutes les villes)",
    "You organize {city}: you announce there only.": "Vous organisez {city} : vous n'annoncez que là.",
    "Write the announcement first.": "Écrivez d'abord l'annonce.",
    "everyone": "tout le monde",
    "Announcement queued for {where}: it is sent as soon as the server can be reached.": (
        "Annonce en file pour {where} : elle part dès que le serveur est joignable."
    ),
    "Post the announcement": "Publier l'annonce",
    # move
    "Move a schedule item": "Déplacer un créneau du programme",
    "Move the item": "Déplacer le créneau",
    "Close without moving": "Fermer sans déplacer",
    "Item": "Créneau",
    "Choose an item": "Choisissez un créneau",
    "By (+30m, -15m, +1h) or to a time of its day (HH:MM)": (
        "De (+30m, -15m, +1h) ou à une heure du même jour (HH:MM)"
    ),
    "+30m or 14:30": "+30m ou 14:30",
    "Move": "Déplacer",
    "Choose the item to move.": "Choisissez le créneau à déplacer.",
    "Type a shift (+30m) or a time (14:30).": "Tapez un décalage (+30m) ou une heure (14:30).",
    "Move queued: {title} at {time}.": "Déplacement en file : {title} à {time}.",
    "No schedule item of {city} to move.": "Aucun créneau de {city} à déplacer.",
    "No schedule item to move yet.": "Aucun créneau à déplacer pour l'instant.",
    # hide
    "Hide a message": "Masquer un message",
    "Hide the message for everyone": "Masquer le message pour tout le monde",
    "Close without hiding": "Fermer sans masquer",
    "Hide this message of @{author} ({time}) for everyone? It shows as removed by the organizers.": (
        "Masquer pour tout le monde ce message de @{author} ({time}) ? "
        "Il apparaîtra comme retiré par l'organisation."
    ),
    "Reason (optional, for the audit log)": "Motif (facultatif, pour le journal d'audit)",
    "Hide": "Masquer",
    "Open a channel and select a message first.": "Ouvrez d'abord un canal et choisissez un message.",
    "This message is not on the server yet: nothing to hide.": (
        "Ce message n'est pas encore sur le serveur : rien à masquer."
    ),
    "Hiding queued: the message of @{author} is removed for everyone.": (
        "Masquage en file : le message de @{author} est retiré pour tout le monde."
    ),
    # suspend, lift
    "Suspend a participant": "Suspendre un·e participant·e",
    "Lift a suspension": "Lever une suspension",
    "Confirm": "Confirmer",
    "Suspend, or lift": "Suspendre, ou lever la suspension",
    "Close without acting": "Fermer sans rien faire",
    "their handle, e.g. {handle}": "son pseudo, par ex. {handle}",
    "Type their handle.": "Tapez son pseudo.",
    "Enter completes: @{handle}": "Entrée complète : @{handle}",
    "No participant @{handle} in {city}.": "Aucun·e participant·e @{handle} à {city}.",
    "No participant @{handle}.": "Aucun·e participant·e @{handle}.",
    "suspended": "suspendu·e",
    "@{handle} is not suspended.": "@{handle} n'est pas suspendu·e.",
    "They can use nuit-tui again at once.": "La personne peut de nouveau utiliser nuit-tui aussitôt.",
    "Every request of theirs is refused, from the next one, until the suspension is lifted.": (
        "Toutes ses requêtes sont refusées, dès la prochaine, jusqu'à la levée de la suspension."
    ),
    "Suspend": "Suspendre",
    "Lift suspension": "Lever la suspension",
    "Suspension of @{handle} queued.": "Suspension de @{handle} en file.",
    "Lifting the suspension of @{handle} queued.": "Levée de la suspension de @{handle} en file.",
    "Not queued: {error}": "Pas mis en file : {error}",
    # recovery
    "Recovery code": "Code de récupération",
    "Issue": "Émettre",
    "Issue the code": "Émettre le code",
    "Close without a code": "Fermer sans code",
    "Also revoke their tokens (lost laptop)": "Révoquer aussi ses jetons (ordinateur perdu)",
    "The code is shown once: hand it to them. It works once, for a limited time.": (
        "Le code n'est montré qu'une fois : transmettez-le. Il sert une fois, pendant un temps limité."
    ),
    "Issue code": "Émettre le code",
    "No code: {error}": "Pas de code : {error}",
    "Recovery code for @{handle}": "Code de récupération de @{handle}",
    "Single use, until {time}. It is not shown again.": (
        "À usage unique, jusqu'à {time}. Il ne sera plus montré."
    ),
    "Revoked {count} of their tokens.": "{count} de ses jetons révoqués.",
    "They sign in with:": "La personne se connecte avec :",
    "Copy (y)": "Copier (y)",
    "Copy the line they type": "Copier la ligne à taper",
    "Close: the code is not shown again": "Fermer : le code ne sera plus montré",
    "Copied: the line that signs @{handle} in.": "Copié : la ligne qui connecte @{handle}.",
}
