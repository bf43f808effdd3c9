"""What the simulated participants say and do: French lines for the night of code.

Pure data. ``{city}`` in a line is replaced by the speaker's city name; every
other brace is literal text (bodies hold code).
"""

from __future__ import annotations

from dataclasses import dataclass

from nuittui.models import Stage

__all__ = [
    "ALL_LINES",
    "CITY_LINES",
    "CLAIM_LINES",
    "FOLLOW_UP_LINES",
    "HELP_LINES",
    "NEW_SWAPS",
    "PROGRESS_LINES",
    "TEAM_LINES",
    "THANKS_LINES",
    "SwapIdea",
]


@dataclass(frozen=True)
class SwapIdea:
    """A bug swap a simulated participant may post."""

    title: str
    tags: tuple[str, ...]
    location: str
    body: str


ALL_LINES: tuple[str, ...] = (
    "Coucou les autres villes ! Ici {city}, tout le monde code encore, le café coule à flots.",
    "{city} en direct : première démo interne réussie, on a eu droit à des applaudissements.",
    "Quelqu'un a une bonne playlist pour coder la nuit ? Ici à {city} on tourne en rond.",
    "Minuit approche à {city} et personne ne dort. Bon courage à toutes les équipes !",
    "Petit tour de salle à {city} : trois équipes sur quatre ont déjà quelque chose à montrer.",
    "Merci aux bénévoles de {city} qui ont ramené des pizzas, vous êtes formidables.",
    "Si une équipe cherche quelqu'un pour relire du CSS, {city} a du monde de libre.",
    "Depuis {city} : on a enfin compris pourquoi notre carte affichait l'océan au milieu du Larzac.",
    "Rappel amical de {city} : on sauvegarde, on pousse sur le dépôt, puis on fait la pause.",
    "Bravo à celles et ceux qui répondent aux bug swaps des autres villes, c'est ça l'esprit de la nuit !",
    "Ici {city}, premier test utilisateur avec un vrai voisin. Verdict : à revoir, mais il a souri.",
    "Question à toutes les villes : vous hébergez vos démos où pour demain ? On hésite encore.",
    "{city} vous envoie des ondes positives et un peu de chocolat par la pensée.",
    "Le jury de demain va avoir du travail, vu tout ce qui se construit ce soir. Bravo à tous !",
)

CITY_LINES: tuple[str, ...] = (
    "Café frais à l'accueil, et il reste des gobelets.",
    "Quelqu'un aurait une rallonge ? La prise près de la fenêtre ne marche pas.",
    "Pause étirements dans cinq minutes au fond de la salle, venez !",
    "Le wifi invité est revenu, vous pouvez repasser dessus.",
    "Il reste des parts de gâteau sur la table des bénévoles.",
    "On cherche deux personnes pour tester une interface sur téléphone, ça prend dix minutes.",
    "Les coussins de la salle de repos sont libres si quelqu'un veut faire une sieste.",
    "Attention, l'imprimante 3D chauffe : ne posez rien à côté.",
    "Qui veut goûter la soupe maison ? Il y en a pour tout le monde.",
    "Petite visio avec les autres villes à 23 h dans la grande salle.",
    "Le tableau blanc du fond est libre pour vos schémas.",
    "Un chargeur USB-C a été oublié près de l'entrée, il attend son propriétaire.",
)

TEAM_LINES: tuple[str, ...] = (
    "J'ai poussé mes changements sur la branche principale, tu peux relire ?",
    "Le formulaire marche enfin sur mobile. Je passe aux messages d'erreur.",
    "On se fait un point de cinq minutes pour répartir la suite ?",
    "J'ai corrigé le bug d'affichage, c'était une histoire de marge négative.",
    "Les tests passent tous, je m'attaque à la page d'accueil.",
    "Quelqu'un peut préparer deux ou trois captures pour la présentation de demain ?",
    "J'ai simplifié le modèle de données, c'est beaucoup plus lisible comme ça.",
    "Je regarde pourquoi la recherche est lente, je soupçonne un index manquant.",
    "Bonne nouvelle : la démo tient en moins de cinq minutes.",
    "Je fais une pause café, je reprends la carte juste après.",
    "J'ai ajouté un texte d'aide sous chaque champ, dites-moi si c'est clair.",
    "Le déploiement de test est en ligne, le lien est dans le README.",
)

PROGRESS_LINES: dict[Stage, tuple[str, ...]] = {
    Stage.EXPLORING: (
        "Parcours utilisateur dessiné au tableau blanc, on attaque les premiers écrans.",
        "Entretien avec une association partenaire : on a revu nos priorités.",
        "Liste des fonctionnalités triée : le strict nécessaire pour la démo d'abord.",
    ),
    Stage.BUILDING: (
        "Première version du formulaire en ligne, les données arrivent bien en base.",
        "La carte affiche nos premiers points, l'import des données ouvertes fonctionne.",
        "Connexion entre l'interface et l'API terminée.",
        "Écran principal intégré, reste la navigation sur mobile.",
        "Import des données en place, le nettoyage avance bien.",
    ),
    Stage.TESTING: (
        "Premiers tests avec deux personnes de la salle : trois corrections à faire.",
        "Test d'accessibilité au lecteur d'écran, deux boutons à reprendre.",
        "On teste sur de vrais téléphones, ça tient la route.",
        "Relecture des textes terminée, on corrige les derniers bugs.",
    ),
    Stage.DEMO_READY: (
        "Démo répétée deux fois et chronométrée : prête pour le jury.",
        "Version de démonstration figée, on ne touche plus à rien (promis).",
    ),
}

CLAIM_LINES: tuple[str, ...] = (
    "J'arrive ! Je suis à {city}, on se fait un appel ?",
    "Je prends ce swap ! Ici {city}, j'ai déjà croisé ce problème. Tu peux me montrer ton code ?",
    "Salut depuis {city} ! Je regarde ça avec toi, tu es dispo pour un partage d'écran ?",
    "Je m'en occupe. Je suis à {city}, je t'appelle en visio dans deux minutes ?",
)

FOLLOW_UP_LINES: tuple[str, ...] = (
    "Tu as pu tester ma piste ? Sinon on reprend ensemble, je suis encore là.",
    "Je te propose de commencer par un exemple minimal, on y verra plus clair.",
    "Dis-moi si tu veux que je relise le message d'erreur complet.",
)

HELP_LINES: tuple[str, ...] = (
    "Je regarde ! Ici {city}, ça me rappelle un souci qu'on a eu l'an dernier.",
    "Je prends, depuis {city}. Tu peux coller la sortie complète ?",
    "Je m'en charge, je suis à {city}. On s'appelle ?",
)

THANKS_LINES: tuple[str, ...] = (
    "Résolu, merci mille fois ! Sans toi, on y serait encore demain matin.",
    "Ça marche ! Merci pour ta patience et tes explications.",
    "Problème réglé en dix minutes, merci la solidarité entre villes !",
)

_SWAP_CORS = """\
Notre interface appelle l'API en local et le navigateur bloque tout :

```text
Access to fetch at 'http://localhost:5000/api/lieux' from origin 'http://localhost:3000'
has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present.
```

L'API est en Flask. Faut-il ajouter un en-tête à la main ou une extension ?"""

_SWAP_DATES = """\
Les dates des événements s'affichent avec une heure de décalage :

```python
from datetime import datetime
debut = datetime.fromisoformat("2017-03-04T20:00:00")
print(debut.astimezone())  # 2017-03-04 21:00:00+01:00 ?!
```

On stocke en UTC ou en heure de Paris ? On s'y perd un peu."""

_SWAP_GIT = """\
Après un `git pull`, impossible de pousser :

```text
! [rejected]        main -> main (non-fast-forward)
error: failed to push some refs
hint: Updates were rejected because the tip of your current branch is behind
```

Nous sommes quatre sur la même branche. Rebase ou merge ? On a peur de tout casser."""

_SWAP_CSV = """\
Notre export CSV s'ouvre mal dans le tableur : tout tient dans la première colonne.

```python
with open("export.csv", "w") as f:
    ecrivain = csv.writer(f)
    ecrivain.writerows(lignes)
```

Les accents sont aussi cassés sous Windows. Une idée ?"""

_SWAP_FLEX = """\
Sur mobile, nos cartes de projets débordent de l'écran :

```css
.cartes { display: flex; }
.carte  { width: 400px; }
```

On voudrait qu'elles passent les unes sous les autres sur petit écran, sans tout réécrire."""

_SWAP_SERIAL = """\
Le moniteur série n'affiche que des caractères bizarres :

```text
⸮⸮⸮x⸮⸮⸮⸮f⸮⸮
```

```cpp
void setup() { Serial.begin(115200); }
void loop() { Serial.println(analogRead(A0)); delay(500); }
```

La carte est un clone de Nano. Le câble ? Le pilote ?"""

NEW_SWAPS: tuple[SwapIdea, ...] = (
    SwapIdea(
        "Flask : le navigateur bloque nos appels (CORS)",
        ("python", "flask", "javascript"),
        "Grande salle, table près du radiateur",
        _SWAP_CORS,
    ),
    SwapIdea(
        "Une heure de décalage sur toutes nos dates",
        ("python", "datetime"),
        "Salle du fond, à côté du tableau blanc",
        _SWAP_DATES,
    ),
    SwapIdea(
        "git : push refusé après un pull, on a peur de tout casser",
        ("git",),
        "Mezzanine, table ronde",
        _SWAP_GIT,
    ),
    SwapIdea(
        "Export CSV illisible dans le tableur",
        ("python", "csv", "encodage"),
        "Près de l'entrée, table 4",
        _SWAP_CSV,
    ),
    SwapIdea(
        "CSS : nos cartes débordent sur mobile",
        ("css", "responsive"),
        "Salle polyvalente, côté fenêtres",
        _SWAP_FLEX,
    ),
    SwapIdea(
        "Arduino : le moniteur série n'affiche que des symboles",
        ("arduino", "c++"),
        "Atelier, établi du milieu",
        _SWAP_SERIAL,
    ),
)
