"""French catalogue of the chat read through the read model (thread, channel list, ``chat read``)."""

CATALOGUE: dict[str, str] = {
    "not sent yet: {error}": "pas encore envoyé : {error}",
    " (pending: {error})": " (en attente : {error})",
}
