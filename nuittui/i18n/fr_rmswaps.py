"""French for the swap board and a swap's detail as the read model projects them: why an action on a
swap is not available, and what ``nuit-tui swap show`` says I may do."""

CATALOGUE: dict[str, str] = {
    # why an action is not available (nuittui.readmodel.board)
    "Nobody has claimed this swap: there is nothing to release.": (
        "Personne n'a pris ce swap : il n'y a rien à rendre."
    ),
    "Only its helper, @{handle}, can release it.": "Seule la personne qui aide, @{handle}, peut le rendre.",
    "Only its author, @{handle}, can resolve it.": "Seul·e son auteur·ice, @{handle}, peut le résoudre.",
    "Only its author, @{handle}, can cancel it.": "Seul·e son auteur·ice, @{handle}, peut l'annuler.",
    "Only its author, @{handle}, can reopen it.": "Seul·e son auteur·ice, @{handle}, peut le rouvrir.",
    "This swap is {status} already.": "Ce swap est déjà {status}.",
    "This swap is open already.": "Ce swap est déjà ouvert.",
    # shell: swap show
    "you can: {actions}": "vous pouvez : {actions}",
    "no claim: {why}": "pas de prise : {why}",
}
