"""French for delivery and damage reports: queued writes, deadlines, the outbox's recovery, a full disk."""

CATALOGUE: dict[str, str] = {
    "queued: {reason}; it will be sent by `nuit-tui sync` or the app": (
        "en attente : {reason} ; il sera envoyé par `nuit-tui sync` ou l'application"
    ),
    "older writes of yours must go first": "vos envois plus anciens doivent partir d'abord",
    "the server did not send its whole answer within {seconds} s": (
        "le serveur n'a pas envoyé toute sa réponse en {seconds} s"
    ),
    "sent {sent} queued writes; {queued} still queued ({reason})": (
        "{sent} envois en attente envoyés ; {queued} encore en attente ({reason})"
    ),
    "sent {sent} queued writes; nothing left to send": (
        "{sent} envois en attente envoyés ; plus rien à envoyer"
    ),
    "the server's answer did not match the contract {count} times (last: {reason})": (
        "la réponse du serveur ne correspondait pas au contrat, {count} fois (la dernière : {reason})"
    ),
    "disk full": "disque plein",
    "stop reporting a damaged outbox file (its copy is kept)": (
        "ne plus signaler un fichier d'envois endommagé (sa copie est gardée)"
    ),
    "the outbox file was damaged: {recovered} writes recovered, {damaged} unreadable records; "
    "the damaged copy is kept at {path} (`nuit-tui outbox --acknowledge` stops this notice)": (
        "le fichier des envois était endommagé : {recovered} envois récupérés, {damaged} enregistrements "
        "illisibles ; la copie endommagée est gardée dans {path} (`nuit-tui outbox --acknowledge` "
        "arrête ce message)"
    ),
    "{count} damage reports acknowledged": "{count} rapports de dommage lus",
    "{recovered} writes recovered, {damaged} unreadable records; the damaged copy is kept at {path}": (
        "{recovered} envois récupérés, {damaged} enregistrements illisibles ; "
        "la copie endommagée est gardée dans {path}"
    ),
    "The outbox file was damaged": "Le fichier des envois était endommagé",
    "outbox: Acknowledge damage report": "envois : Marquer le rapport de dommage comme lu",
    "Stop reporting the damaged outbox file (its copy is kept)": (
        "Ne plus signaler le fichier d'envois endommagé (sa copie est gardée)"
    ),
}
