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
    # the client's one-line errors (nuittui/client/_base.py)
    "the server's answer to {method} {path} was cut short ({reason})": (
        "la réponse du serveur à {method} {path} a été coupée ({reason})"
    ),
    "the server did not answer in time ({reason})": "le serveur n'a pas répondu à temps ({reason})",
    "connection failed": "échec de la connexion",
    "the connection to the server was lost ({reason})": "la connexion au serveur a été perdue ({reason})",
    "the server's answer to {method} {path} could not be decoded": (
        "la réponse du serveur à {method} {path} n'a pas pu être décodée"
    ),
    "the server redirects {path} to {where}: check the server address": (
        "le serveur redirige {path} vers {where} : vérifiez l'adresse du serveur"
    ),
    "the server answered {status} to {method} {path}": "le serveur a répondu {status} à {method} {path}",
    "the server's answer to {method} {path} is not valid JSON": (
        "la réponse du serveur à {method} {path} n'est pas du JSON valide"
    ),
    "the server's answer to {method} {path} does not match the contract ({where}: {problem})": (
        "la réponse du serveur à {method} {path} ne correspond pas au contrat ({where} : {problem})"
    ),
    "the server answered {kind} instead of JSON to {method} {path}": (
        "le serveur a répondu {kind} au lieu de JSON à {method} {path}"
    ),
}
