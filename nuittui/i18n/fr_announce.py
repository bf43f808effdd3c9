"""French for what participants see of the organizers' live changes: announcements, hidden messages,
moved or cancelled schedule items."""

CATALOGUE: dict[str, str] = {
    # hidden messages
    "removed by the organizers": "supprimé par l'organisation",
    "[removed by the organizers]": "[supprimé par l'organisation]",
    "Nothing copied: this message was removed by the organizers.": (
        "Rien de copié : ce message a été supprimé par l'organisation."
    ),
    # announcements
    "Announcement": "Annonce",
    "+{count} more": "+{count} de plus",
    "Dismiss": "Masquer",
    "Dismiss the announcement (it comes back only with a newer one)": (
        "Masquer l'annonce (une annonce plus récente la remplace)"
    ),
    "No announcement to dismiss.": "Aucune annonce à masquer.",
    "Could not dismiss the announcement: {error}": "Impossible de masquer l'annonce : {error}",
    "1 announcement: @{author}: {text}": "1 annonce : @{author} : {text}",
    "{count} announcements, the newest: @{author}: {text}": (
        "{count} annonces, la plus récente : @{author} : {text}"
    ),
    # schedule changes
    "Schedule changed": "Programme modifié",
    "moved from {time}": "déplacé, était à {time}",
    "changed: {fields}": "modifié : {fields}",
    "{title} cancelled": "{title} : annulé",
    "{title} moved from {before} to {after}": "{title} : déplacé de {before} à {after}",
    "title": "titre",
    "description": "description",
    "room": "salle",
    "kind": "type",
    "end": "fin",
    "start": "début",
}
