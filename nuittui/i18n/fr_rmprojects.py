"""French for the projects read model: my pending "looking for members" change on the Projects list."""

CATALOGUE: dict[str, str] = {
    "looking for members (pending)": "cherche des membres (en attente)",
    "not looking for members (pending)": "ne cherche plus de membres (en attente)",
}
