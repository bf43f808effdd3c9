"""French for the audit of issue 12: why each queued write waits, a refusal without a reason."""

CATALOGUE: dict[str, str] = {
    "waits for an older write ({key}) to go first": ("attend qu'un envoi plus ancien ({key}) parte d'abord"),
    "not sent yet: `nuit-tui sync` sends it": "pas encore envoyé : `nuit-tui sync` l'envoie",
    "no reason given": "aucune raison donnée",
}
