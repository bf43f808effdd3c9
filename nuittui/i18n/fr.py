"""French catalogue: English source string → French, merged from each area's own file."""

from .fr_announce import CATALOGUE as _ANNOUNCE
from .fr_app import CATALOGUE as _APP
from .fr_audit12 import CATALOGUE as _AUDIT12
from .fr_delivery import CATALOGUE as _DELIVERY
from .fr_demo import CATALOGUE as _DEMO
from .fr_launch import CATALOGUE as _LAUNCH
from .fr_org import CATALOGUE as _ORG
from .fr_orgapp import CATALOGUE as _ORGAPP
from .fr_rmchat import CATALOGUE as _RMCHAT
from .fr_rmorg import CATALOGUE as _RMORG
from .fr_rmprojects import CATALOGUE as _RMPROJECTS
from .fr_rmswaps import CATALOGUE as _RMSWAPS
from .fr_sections import CATALOGUE as _SECTIONS
from .fr_teams import CATALOGUE as _TEAMS

_CORE: dict[str, str] = {
    # profiles
    "no profile yet: run `nuit-tui login URL --code CODE --handle H`, or try `nuit-tui --demo`": (
        "aucun profil pour l'instant : lancez `nuit-tui login URL --code CODE --handle H`, "
        "ou essayez `nuit-tui --demo`"
    ),
    "no profile named {name} (known: {known})": "aucun profil nommé {name} (profils connus : {known})",
    "several profiles ({known}): choose one with --profile NAME or NUIT_PROFILE, "
    "or set default_profile in {path}": (
        "plusieurs profils ({known}) : choisissez-en un avec --profile NOM ou NUIT_PROFILE, "
        "ou réglez default_profile dans {path}"
    ),
    "default_profile {name} in {path} is not a profile (known: {known})": (
        "default_profile {name} dans {path} n'est pas un profil (profils connus : {known})"
    ),
    "invalid profile name {name}: use lowercase letters, digits, dots, dashes or underscores, "
    "starting with a letter or digit (at most 64)": (
        "nom de profil invalide {name} : utilisez des minuscules, des chiffres, des points, des tirets "
        "ou des tirets bas, en commençant par une lettre ou un chiffre (64 au plus)"
    ),
    "not an http(s) URL: {url}": "pas une URL http(s) : {url}",
    "{path}, line {line}": "{path}, ligne {line}",
    "{where}: invalid TOML: {reason}": "{where} : TOML invalide : {reason}",
    "{path}: not UTF-8 text": "{path} : pas du texte UTF-8",
    "cannot read {path}: {reason}": "impossible de lire {path} : {reason}",
    "{path}: {key}: {problem}": "{path} : {key} : {problem}",
    "{path}: {key}: {problem} (and {count} more)": "{path} : {key} : {problem} (et {count} autres)",
    "{path}: unknown key {key} ignored": "{path} : clé inconnue {key} ignorée",
    "{path} is readable by others; run: chmod 600 {path}": (
        "{path} est lisible par d'autres ; lancez : chmod 600 {path}"
    ),
    "{path} is writable by others; run: chmod 600 {path}": (
        "{path} est modifiable par d'autres ; lancez : chmod 600 {path}"
    ),
    'credentials = "keyring" is set, but no usable keyring was found: install one, '
    'or set credentials = "auto" or "file" in config.toml': (
        'credentials = "keyring" est réglé, mais aucun trousseau utilisable n\'a été trouvé : '
        'installez-en un, ou réglez credentials = "auto" ou "file" dans config.toml'
    ),
    "the keyring failed: {reason}": "le trousseau a échoué : {reason}",
    "a token must be a non-empty line of printable text": (
        "un jeton doit être une ligne non vide de texte imprimable"
    ),
    # shell
    "logged in as {name} ({handle}) in {city}, profile {profile}": (
        "connecté·e en tant que {name} ({handle}) à {city}, profil {profile}"
    ),
    "logged out of {name}": "déconnecté·e de {name}",
    "profile {name} is for {url}: choose another name with --profile NAME": (
        "le profil {name} est celui de {url} : choisissez un autre nom avec --profile NOM"
    ),
    "profile {name} still has {count} unsent writes of {handle}: "
    "run `nuit-tui sync` first, or use --profile NAME": (
        "le profil {name} a encore {count} écritures non envoyées de {handle} : "
        "lancez d'abord `nuit-tui sync`, ou utilisez --profile NOM"
    ),
    "logged in, but the first sync did not finish: run `nuit-tui sync`": (
        "connecté·e, mais la première synchronisation n'a pas abouti : lancez `nuit-tui sync`"
    ),
    "the server did not revoke the token ({reason}); it is deleted here": (
        "le serveur n'a pas révoqué le jeton ({reason}) ; il est supprimé ici"
    ),
    "unknown city {city}: this event's cities are {cities}": (
        "ville inconnue {city} : les villes de cet événement sont {cities}"
    ),
    "times in {zone}": "heures de {zone}",
    "city": "ville",
    "people": "personnes",
    "teams": "équipes",
    "active": "actives",
    "open swaps": "swaps ouverts",
    "solved": "résolus",
    "resolved": "résolu",
    "min to claim": "min avant aide",
    "now: {title} (until {end})": "en ce moment : {title} (jusqu'à {end})",
    "next: {title} at {time}": "ensuite : {title} à {time}",
    "jury in {left} ({time})": "jury dans {left} ({time})",
    "the jury started at {time}": "le jury a commencé à {time}",
    "sent to #{channel}": "envoyé dans #{channel}",
    "no messages in #{channel}": "aucun message dans #{channel}",
    " (pending)": " (en attente)",
    "profile {name}: {handle} on {server}": "profil {name} : {handle} sur {server}",
    "unknown": "inconnue",
    "connection: {state}": "connexion : {state}",
    "queued writes: {queued}; refused: {refused}": "écritures en attente : {queued} ; refusées : {refused}",
    "unread mentions: {count}": "mentions non lues : {count}",
    "last error: {error}": "dernière erreur : {error}",
    "nothing to report": "rien à signaler",
    "online": "en ligne",
    "offline": "hors ligne",
    "swap #{id} claimed by {name} ({handle}) from {city}: they are coming to help": (
        "swap n°{id} pris par {name} ({handle}) de {city} : on vient vous aider"
    ),
    "queued: the nuit-tui app running for this profile will send it": (
        "en attente : l'application nuit-tui ouverte pour ce profil l'enverra"
    ),
    "swap #{id} claimed by {handle}: they are coming to help": (
        "swap n°{id} pris par {handle} : on vient vous aider"
    ),
    "(output cut: showing the last {kept} of {total} lines)": (
        "(sortie coupée : voici les {kept} dernières lignes sur {total})"
    ),
    "posted swap #{id}: {title}": "swap n°{id} publié : {title}",
    "posted swap: {title}": "swap publié : {title}",
    "queued: no connection; it will be sent by `nuit-tui sync` or the app": (
        "en attente : pas de connexion ; il sera envoyé par `nuit-tui sync` ou l'application"
    ),
    "refused: {reason}": "refusé : {reason}",
    "waiting for someone to claim swap #{id}… (Ctrl+C stops waiting; the swap stays open)": (
        "on attend que quelqu'un prenne le swap n°{id}… (Ctrl+C arrête d'attendre ; le swap reste ouvert)"
    ),
    "swap #{id} is {status}: nobody needs to come": (
        "le swap n°{id} est {status} : personne n'a besoin de venir"
    ),
    "claimed by {handle}": "pris par {handle}",
    "status: {status}": "état : {status}",
    "by {author} ({city}), {time}": "par {author} ({city}), {time}",
    "thread ({count} messages):": "fil ({count} messages) :",
    "tags: {tags}": "étiquettes : {tags}",
    "where: {place}": "où : {place}",
    "project #{id}": "projet n°{id}",
    "thanks: {text}": "remerciements : {text}",
    "no swaps": "aucun swap",
    "no swap #{id} (in the cache: try `nuit-tui sync`)": (
        "pas de swap n°{id} (dans le cache : essayez `nuit-tui sync`)"
    ),
    "claimed swap #{id}: go and help!": "swap n°{id} pris : à vous d'aider !",
    "released swap #{id}: it is open again": "swap n°{id} rendu : il est de nouveau ouvert",
    "cancelled swap #{id}": "swap n°{id} annulé",
    "reopened swap #{id}": "swap n°{id} rouvert",
    "resolved swap #{id}: thanks sent": "swap n°{id} résolu : remerciements envoyés",
    "pending": "en attente",
    "open": "ouvert",
    "claimed": "pris",
    "cancelled": "annulé",
    "the nuit-tui app running for this profile sends the queued writes": (
        "l'application nuit-tui ouverte pour ce profil envoie les écritures en attente"
    ),
    "sent {sent} queued writes; {failed} will be retried": (
        "{sent} écritures en attente envoyées ; {failed} seront réessayées"
    ),
    "refused: {summary}: {reason}": "refusé : {summary} : {reason}",
    "fetched the whole event again ({events} events since)": (
        "tout l'événement a été rechargé ({events} événements depuis)"
    ),
    "fetched {events} new events": "{events} nouveaux événements reçus",
    "your swap #{id} was claimed by {handle}": "votre swap n°{id} a été pris par {handle}",
    "the outbox is empty": "rien en attente d'envoi",
    "queued": "en attente",
    "refused": "refusé",
    "cannot sync: {reason}; writes still queued: {queued}": (
        "synchronisation impossible : {reason} ; écritures toujours en attente : {queued}"
    ),
    "no refused write with key {key} (see nuit-tui outbox)": (
        "aucune écriture refusée avec la clé {key} (voir nuit-tui outbox)"
    ),
    "queued again: {summary}": "remis en attente : {summary}",
    "discarded: {summary}": "abandonné : {summary}",
    "queued: the server could not take it now ({reason}); it will be sent by `nuit-tui sync` or the app": (
        "en attente : le serveur n'a pas pu le prendre ({reason}) ; il sera envoyé par `nuit-tui sync` "
        "ou l'application"
    ),
    "cannot reach the server at {url} ({reason})": "impossible de joindre le serveur {url} ({reason})",
    "helping #{id}": "aide sur n°{id}",
    "⚠ offline": "⚠ hors ligne",
    "{count} queued": "{count} en attente",
    "{count} refused": "{count} refusés",
    "not synced yet": "pas encore synchronisé",
    "synced {time}": "synchro {time}",
    "swap #{id} ← {handle}": "swap n°{id} ← {handle}",
    "swap #{id} open": "swap n°{id} ouvert",
    "swap pending": "swap en attente",
    "offer to help on a swap": "proposer son aide sur un swap",
    "give back a swap you claimed": "rendre un swap que vous avez pris",
    "withdraw your swap": "retirer votre swap",
    "open your swap again": "rouvrir votre swap",
    "{prog}: {message} (see {prog} --help)": "{prog} : {message} (voir {prog} --help)",
    "must be 1 or more: {value}": "doit valoir 1 ou plus : {value}",
    "a rating is 1 to 5: {value}": "une note va de 1 à 5 : {value}",
    "the profile (server) to use": "le profil (serveur) à utiliser",
    "print JSON instead of text": "afficher du JSON plutôt que du texte",
    "The Nuit du Code Citoyen in your terminal. Without a command, opens the app.": (
        "La Nuit du Code Citoyen dans votre terminal. Sans commande, ouvre l'application."
    ),
    "the language of the interface": "la langue de l'interface",
    "open the app on a demo event, offline": (
        "ouvrir l'application sur un événement de démonstration, hors ligne"
    ),
    "with --demo: start the demo afresh": "avec --demo : recommencer la démonstration à zéro",
    "register on a city server": "s'inscrire sur le serveur d'une ville",
    "the city server's address": "l'adresse du serveur de la ville",
    "the venue's join code": "le code d'accès du lieu",
    "your handle, e.g. ada": "votre pseudo, par ex. ada",
    "your display name (default: the handle)": "votre nom affiché (par défaut : le pseudo)",
    "your city's id (needed when the event has several)": (
        "l'identifiant de votre ville (nécessaire si l'événement en a plusieurs)"
    ),
    "your skills, comma-separated: python,design": (
        "vos compétences, séparées par des virgules : python,design"
    ),
    "log out and forget the token": "se déconnecter et oublier le jeton",
    "the schedule of your city": "le programme de votre ville",
    "only now, next and the jury countdown": "seulement en ce moment, ensuite et le compte à rebours du jury",
    "every city's progress": "l'avancement de chaque ville",
    "your status: connection, swaps, mentions": "votre état : connexion, swaps, mentions",
    "one short line for tmux or a prompt": "une ligne courte pour tmux ou une invite de commande",
    "send queued writes, then fetch news": "envoyer les écritures en attente, puis récupérer les nouvelles",
    "writes waiting to be sent, or refused": "les écritures en attente d'envoi, ou refusées",
    "queue a refused write again": "remettre en attente une écriture refusée",
    "forget a refused write": "abandonner une écriture refusée",
    "ask for help (piped output goes in the body)": (
        "demander de l'aide (la sortie d'un tube va dans le texte)"
    ),
    "what is wrong, in one line": "ce qui ne va pas, en une ligne",
    "a tag (repeat it)": "une étiquette (répétez l'option)",
    "your project's id": "le numéro de votre projet",
    "details; - reads them from stdin": "les détails ; - les lit sur l'entrée standard",
    "where to find you in the venue": "où vous trouver sur place",
    "wait until someone claims it": "attendre que quelqu'un le prenne",
    "list swaps, newest first": "lister les swaps, les plus récents d'abord",
    "only swaps in this state": "seulement les swaps dans cet état",
    "only swaps asked from this city": "seulement les swaps demandés depuis cette ville",
    "only swaps with this tag": "seulement les swaps avec cette étiquette",
    "only my swaps": "seulement mes swaps",
    "one swap, its body and its thread": "un swap, son texte et son fil",
    "close your swap as solved": "clore votre swap comme résolu",
    "a thank-you for your helper": "un mot de remerciement pour votre aide",
    "how helpful, 1 to 5": "l'aide reçue, de 1 à 5",
    "post a message (- reads it from stdin)": "publier un message (- le lit sur l'entrée standard)",
    "all, city:ID, team:N or swap:N": "all, city:ID, team:N ou swap:N",
    "the latest messages of a channel": "les derniers messages d'un canal",
    "how many (default 20)": "combien (20 par défaut)",
    "not a whole number: {value}": "pas un nombre entier : {value}",
    "bug swaps: ask for help, or help": "swaps de bugs : demander de l'aide, ou aider",
    "read and write chat channels": "lire et écrire dans les canaux de discussion",
    "unexpected error ({kind}): {error}": "erreur inattendue ({kind}) : {error}",
    "the disk is full: nothing was saved": "le disque est plein : rien n'a été enregistré",
    "{prog}: --demo and --reset open the app: they take no command": (
        "{prog} : --demo et --reset ouvrent l'application : ils ne prennent pas de commande"
    ),
    "the app is not built yet; the shell commands work: see nuit-tui --help": (
        "l'application n'est pas encore construite ; les commandes fonctionnent : voir nuit-tui --help"
    ),
    "interrupted": "interrompu",
    "{reason}: showing cached data, stale since {time}": (
        "{reason} : données en cache, pas à jour depuis {time}"
    ),
    "{reason}: nothing cached yet": "{reason} : rien en cache pour l'instant",
    "not logged in": "non connecté·e",
    "the server is slow to answer": "le serveur tarde à répondre",
    "offline ({reason})": "hors ligne ({reason})",
    "{m} min": "{m} min",
    "Mon": "lun.",
    "Tue": "mar.",
    "Wed": "mer.",
    "Thu": "jeu.",
    "Fri": "ven.",
    "Sat": "sam.",
    "Sun": "dim.",
    "{d} d {h} h": "{d} j {h} h",
    "{h} h {m:02d} min": "{h} h {m:02d} min",
    # sync
    "the server refused the token: log in again with `nuit-tui login`": (
        "le serveur a refusé le jeton : reconnectez-vous avec `nuit-tui login`"
    ),
    "New swap: {title}": "Nouveau swap : {title}",
    "Claim swap #{id}": "Prendre le swap n°{id}",
    "Release swap #{id}": "Rendre le swap n°{id}",
    "Resolve swap #{id}": "Résoudre le swap n°{id}",
    "Cancel swap #{id}": "Annuler le swap n°{id}",
    "Reopen swap #{id}": "Rouvrir le swap n°{id}",
    "Message in #{channel}": "Message dans #{channel}",
    "Progress update for team #{id}": "Avancement de l'équipe n°{id}",
    "Update my profile": "Mise à jour de mon profil",
    "Join team #{id}": "Rejoindre l'équipe n°{id}",
    "Leave team #{id}": "Quitter l'équipe n°{id}",
    "this event has several cities: choose one with --city ({cities})": (
        "cet événement a plusieurs villes : choisissez-en une avec --city ({cities})"
    ),
    "must not be empty": "ne doit pas être vide",
    "too long (at most {count})": "trop long ({count} au plus)",
    "{what} must be a positive whole number": "{what} doit être un nombre entier positif",
    "unknown channel {channel}: use all, city:ID, team:N or swap:N": (
        "canal inconnu {channel} : utilisez all, city:ID, team:N ou swap:N"
    ),
    "not a valid value": "valeur invalide",
    "nothing to update": "rien à mettre à jour",
    "not logged in: run `nuit-tui login`": "non connecté·e : lancez `nuit-tui login`",
}

CATALOGUE: dict[str, str] = {
    **_CORE,
    **_DEMO,
    **_APP,
    **_SECTIONS,
    **_DELIVERY,
    **_ORG,
    **_ANNOUNCE,
    **_ORGAPP,
    **_RMORG,
    **_RMPROJECTS,
    **_LAUNCH,
    **_TEAMS,
    **_AUDIT12,
    **_RMSWAPS,
    **_RMCHAT,
}
