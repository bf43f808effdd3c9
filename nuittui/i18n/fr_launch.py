"""French for the app's start: the demo drawn before its server is up."""

CATALOGUE: dict[str, str] = {
    "starting the demo…": "la démo démarre…",
}
