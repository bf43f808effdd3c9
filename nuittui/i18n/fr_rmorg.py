"""French for organizer mode through the read model: the Move form's marks on its items."""

CATALOGUE: dict[str, str] = {
    "change queued": "changement en file",
}
