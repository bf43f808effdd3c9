"""French for the organizers' shell: signing in with a token or a recovery code, the org and team commands."""

CATALOGUE: dict[str, str] = {
    "sign in with a token you already have": "se connecter avec un jeton que vous avez déjà",
    "sign in again with a recovery code": "se reconnecter avec un code de récupération",
    "--handle is needed with --code or --recover": "--handle est nécessaire avec --code ou --recover",
    "the token is empty": "le jeton est vide",
    "the server refused this token: {reason}": "le serveur a refusé ce jeton : {reason}",
    "the recovery code was refused: {reason}": "le code de récupération a été refusé : {reason}",
}
