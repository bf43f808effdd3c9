"""French for the audit of issue 12: why each queued write waits, a refusal without a reason."""

CATALOGUE: dict[str, str] = {
    "waits for an older write ({key}) to go first": ("attend qu'un envoi plus ancien ({key}) parte d'abord"),
    "not sent yet: `nuit-tui sync` sends it": "pas encore envoyé : `nuit-tui sync` l'envoie",
    "no reason given": "aucune raison donnée",
    # the local files (nuittui/cache/errors.py)
    "{path} is unreadable: {reason}": "{path} est illisible : {reason}",
    "the disk is full: {name} was not saved (its previous copy is kept)": (
        "le disque est plein : {name} n'a pas été enregistré (sa copie précédente est gardée)"
    ),
    "{name} was not saved ({reason}); its previous copy is kept": (
        "{name} n'a pas été enregistré ({reason}) ; sa copie précédente est gardée"
    ),
    "{folder} stayed locked by another process for {seconds} s": (
        "{folder} est resté verrouillé par un autre processus pendant {seconds} s"
    ),
}
