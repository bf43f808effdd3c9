"""French catalogue of the demo runtime."""

CATALOGUE: dict[str, str] = {
    "the demo needs the server: pip install 'nuit-tui[server]'": (
        "la démo a besoin du serveur : pip install 'nuit-tui[server]'"
    ),
    "cannot prepare the demo's database: {reason}": "impossible de préparer la base de la démo : {reason}",
    "the demo server cannot listen on {host}: {reason}": (
        "le serveur de la démo ne peut pas écouter sur {host} : {reason}"
    ),
    "the demo server could not start: {reason}": "le serveur de la démo n'a pas pu démarrer : {reason}",
    "the demo server did not start within {seconds} s": (
        "le serveur de la démo n'a pas démarré en {seconds} s"
    ),
    "cannot register the demo participant: every demo handle is taken": (
        "impossible d'inscrire le participant de la démo : tous les identifiants de démo sont pris"
    ),
}
