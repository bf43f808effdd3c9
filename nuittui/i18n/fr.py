"""French catalogue: English source string → French."""

CATALOGUE: dict[str, str] = {
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
}
