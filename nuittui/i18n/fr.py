"""French catalogue: English source string → French."""

CATALOGUE: dict[str, str] = {}
