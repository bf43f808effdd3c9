"""The demo event's sample content: projects, people, bug swaps, chat and team progress.

Tables only, read by ``nuittui.server.demo``, which builds the contract objects
from them. References are by position: a person's team and a progress update's
project index ``PROJECTS``; a ``team:<n>`` channel names the n-th project.
"""

from __future__ import annotations

from nuittui.models import Stage

# --- Projects: 26 over seven cities and six themes; the index is what teams and channels refer to ----

_DEM, _OUT, _DON = "democratie-numerique", "outils-du-collectif", "donnees-du-citoyen"
_EDU, _VIL, _CAM = "education-au-numerique", "ville-accessible-et-durable", "vie-de-nos-campagnes"

FROM_THE_PRESS = frozenset({"Signothèque", "Capteurs océanographiques open source", "Cinq ans à l'Élysée"})
"""The projects the 2017 article names: real, so not marked as sample data."""

# fmt: off
PROJECTS: list[tuple[str, str, int, str, str, str, list[str]]] = [
    # (city, theme, max team size, title, summary, description, skills needed)
    ("lyon", _DEM, 8, "Budget participatif ouvert",  # 0
     "Proposer, discuter et voter les projets du budget participatif de son arrondissement.",
     "Plusieurs mairies d'arrondissement lancent un budget participatif, mais les idées circulent sur "
     "papier et par courriel. Ce projet propose une plateforme libre où chaque habitant dépose une idée, "
     "la commente et la soutient. Les services municipaux y publient ensuite l'avancement des projets "
     "retenus.",
     ["python", "django", "design", "accessibilité"]),
    ("lyon", _OUT, 6, "Caisse commune",  # 1
     "Un catalogue partagé du matériel que les associations d'un quartier peuvent se prêter.",
     "Vidéoprojecteurs, barnums, sonos : chaque association achète du matériel qui dort la moitié de "
     "l'année. Caisse commune recense ce que chacun possède et gère réservations et retours. L'objectif "
     "du week-end est une première version utilisable par les cinq associations partenaires.",
     ["javascript", "node.js", "base de données", "design"]),
    ("lyon", _VIL, 7, "Carte des seuils",  # 2
     "Cartographier ensemble l'accessibilité des commerces et des lieux publics.",
     "Une marche de dix centimètres suffit à fermer une boutique à une personne en fauteuil. Avec Carte "
     "des seuils, chacun photographie une entrée et décrit son accessibilité depuis son téléphone. Les "
     "données sont versées sous licence ouverte dans OpenStreetMap.",
     ["javascript", "leaflet", "openstreetmap", "accessibilité"]),
    ("lyon", _EDU, 6, "Code en médiathèque",  # 3
     "Des kits d'ateliers de programmation prêts à l'emploi pour les médiathèques.",
     "Les bibliothécaires veulent proposer des ateliers de code mais manquent de supports. Le projet "
     "rassemble des séances clés en main, du jeu débranché à Scratch puis à Python, avec fiches "
     "d'animation et matériel à imprimer. Deux médiathèques de la métropole testent les kits.",
     ["pédagogie", "scratch", "python", "rédaction"]),
    ("lyon", _DON, 5, "Mes données, ma demande",  # 4
     "Un générateur de courriers pour exercer son droit d'accès à ses données personnelles.",
     "La loi Informatique et Libertés permet à chacun de demander quelles données une organisation "
     "détient sur lui, mais peu de gens savent s'y prendre. Ce service guide l'utilisateur, rédige la "
     "lettre adaptée et rappelle les délais de réponse. Un annuaire collaboratif recense les adresses "
     "des responsables de traitement.",
     ["python", "flask", "droit", "rédaction"]),
    ("paris", _DEM, 8, "Vigie des votes",  # 5
     "Suivre simplement les votes de son député à l'Assemblée nationale.",
     "Les scrutins publics sont en données ouvertes, mais difficiles à lire pour le grand public. Vigie "
     "des votes les relie à chaque circonscription et résume chaque texte en quelques lignes. Une alerte "
     "par courriel prévient quand son député a voté.",
     ["python", "data", "xml", "design"]),
    ("paris", _DON, 8, "L'air de ma rue",  # 6
     "Croiser les mesures officielles de qualité de l'air avec celles de micro-capteurs citoyens.",
     "Les stations officielles sont rares et loin de la plupart des rues. Le projet assemble des "
     "micro-capteurs de particules à bas coût et compare leurs mesures aux données publiques. Une carte "
     "montre où l'air est le plus chargé, heure par heure.",
     ["arduino", "python", "data", "cartographie"]),
    ("paris", _OUT, 6, "Agenda des assos",  # 7
     "Un agenda commun où les associations d'un arrondissement publient leurs événements.",
     "Les associations d'un même quartier organisent souvent leurs soirées le même jour sans le savoir. "
     "Cet agenda partagé accepte la saisie en ligne et l'import de calendriers existants. Il produit une "
     "lettre hebdomadaire et un affichage pour les panneaux de la mairie.",
     ["php", "javascript", "ical", "design"]),
    ("paris", _EDU, 6, "Décodeurs en herbe",  # 8
     "Des ateliers pour apprendre aux lycéens à vérifier une information en ligne.",
     "En pleine campagne électorale, les fausses informations circulent vite. Décodeurs en herbe propose "
     "des exercices interactifs : retrouver la source d'une image, lire un graphique trompeur, repérer "
     "un faux site. Le professeur suit la progression de sa classe.",
     ["javascript", "pédagogie", "design", "rédaction"]),
    ("toulouse", _VIL, 8, "Signothèque",  # 9
     "Une bibliothèque en ligne de vidéos en langue des signes, pour les personnes sourdes ou muettes.",
     "Signothèque rassemble des contenus en langue des signes française : contes, informations des "
     "services publics, vocabulaire technique. Chaque vidéo est sous-titrée et indexée par thème et par "
     "signe. L'équipe veut permettre aux associations de déposer et partager leurs propres vidéos.",
     ["javascript", "vidéo", "lsf", "accessibilité", "python"]),
    ("toulouse", _CAM, 6, "Circuit court",  # 10
     "Trouver les producteurs, AMAP et marchés de plein vent autour de chez soi.",
     "Dans les villages du Lauragais, les producteurs vendent en direct mais se font peu connaître. "
     "Circuit court recense fermes, AMAP et marchés sur une carte, avec les jours de vente et les "
     "produits de saison. Les producteurs mettent leur fiche à jour par SMS.",
     ["python", "sms", "cartographie", "design"]),
    ("toulouse", _DON, 6, "Cantine ouverte",  # 11
     "Publier les menus des cantines scolaires et la provenance de leurs produits.",
     "Les parents veulent savoir ce que mangent leurs enfants et d'où viennent les produits. Cantine "
     "ouverte propose un format de données simple pour les menus et un site pour les consulter. Une "
     "commune pilote publie déjà ses menus dans un tableur.",
     ["data", "open data", "python", "design"]),
    ("toulouse", _EDU, 5, "Premiers clics",  # 12
     "Accompagner les seniors dans leurs démarches en ligne, pas à pas.",
     "De plus en plus de démarches administratives se font uniquement en ligne. Premiers clics propose "
     "des parcours guidés pour créer une adresse électronique, déclarer ses revenus ou prendre "
     "rendez-vous. Les bénévoles des maisons de quartier s'en servent comme support d'atelier.",
     ["pédagogie", "html", "accessibilité", "rédaction"]),
    ("rennes", _DON, 8, "Capteurs océanographiques open source",  # 13
     "Des capteurs libres et bon marché pour mesurer température, salinité et turbidité de l'eau de mer.",
     "Les instruments océanographiques coûtent des milliers d'euros et restent réservés aux laboratoires. "
     "Ce projet conçoit des sondes open source à base d'Arduino, que plaisanciers, pêcheurs ou écoles "
     "peuvent fabriquer et mettre à l'eau. Les mesures sont publiées en données ouvertes pour la "
     "recherche participative.",
     ["arduino", "électronique", "c++", "data", "impression 3d"]),
    ("rennes", _CAM, 7, "Covoit' du pays",  # 14
     "Un covoiturage de proximité pour les trajets quotidiens entre bourgs et villes moyennes.",
     "Hors des grands axes, les plateformes de covoiturage trouvent peu d'équipages. Covoit' du pays "
     "mise sur les trajets courts et réguliers : marché, collège, gare, travail. Les mairies relaient "
     "les annonces et chaque commune matérialise un point de rencontre.",
     ["python", "postgis", "android", "design"]),
    ("rennes", _OUT, 6, "Outilthèque",  # 15
     "Prêter et emprunter des outils entre voisins, de la perceuse à l'échelle.",
     "Une perceuse ne sert que quelques minutes dans toute sa vie. L'Outilthèque permet à un immeuble "
     "ou à un quartier de mettre ses outils en commun, avec réservation et rappel de retour. Un carnet "
     "d'entretien évite les mauvaises surprises.",
     ["javascript", "react", "node.js", "design"]),
    ("montpellier", _DEM, 10, "Cinq ans à l'Élysée",  # 16
     "Un jeu qui simule les programmes présidentiels sur cinq ans, entre économie et développement durable.",
     "À quelques semaines de l'élection présidentielle, les programmes se résument souvent à des "
     "slogans. Dans ce jeu, on applique les mesures d'un programme et on observe leurs effets année "
     "après année sur le budget, l'emploi et l'environnement. Les hypothèses du modèle sont publiques "
     "et discutables, pour que chacun comprenne ce qui se cache derrière les chiffres.",
     ["python", "économie", "game design", "javascript", "data"]),
    ("montpellier", _VIL, 6, "Vélo serein",  # 17
     "Signaler les points dangereux pour les cyclistes et suivre leur traitement.",
     "Carrefours mal conçus, bandes cyclables interrompues, voitures garées sur la piste : les cyclistes "
     "connaissent les points noirs mieux que personne. Vélo serein leur permet de les signaler en deux "
     "gestes depuis un téléphone. Les signalements sont transmis à la collectivité, qui répond publiquement.",
     ["javascript", "leaflet", "openstreetmap", "design"]),
    ("montpellier", _CAM, 5, "Terres à transmettre",  # 18
     "Mettre en relation agriculteurs proches de la retraite et jeunes qui veulent s'installer.",
     "Dans l'arrière-pays, beaucoup d'exploitations n'ont pas de repreneur alors que des jeunes cherchent "
     "des terres. Terres à transmettre recense les fermes à reprendre et les projets d'installation, et "
     "facilite une première rencontre. Les associations agricoles locales relaient les annonces.",
     ["php", "symfony", "design", "rédaction"]),
    ("montpellier", _EDU, 6, "Club code collège",  # 19
     "Un club de programmation clé en main pour les enseignants de collège.",
     "La programmation entre dans les cours de mathématiques et de technologie, mais beaucoup "
     "d'enseignants se sentent démunis. Club code collège propose une progression sur l'année, des défis "
     "à résoudre en équipe et un espace où les élèves partagent leurs créations. Tout est sous licence "
     "libre.",
     ["pédagogie", "scratch", "python", "javascript"]),
    ("bruxelles", _DEM, 7, "Interpellation citoyenne",  # 20
     "Déposer et suivre une interpellation citoyenne au conseil communal.",
     "Les communes bruxelloises permettent aux habitants d'interpeller directement leur conseil "
     "communal, mais la procédure reste méconnue. Le projet explique les règles, aide à rédiger "
     "l'interpellation et rassemble les soutiens nécessaires. Les réponses du conseil sont archivées.",
     ["javascript", "vue.js", "droit", "design"]),
    ("bruxelles", _OUT, 6, "Repair café connecté",  # 21
     "Planifier les repair cafés et garder la mémoire des réparations réussies.",
     "Chaque mois, des bénévoles réparent gratuitement grille-pain, vélos et vêtements. Repair café "
     "connecté gère les inscriptions pour éviter les files d'attente et consigne chaque réparation. Les "
     "pannes fréquentes deviennent des fiches partagées entre quartiers.",
     ["python", "django", "base de données", "design"]),
    ("bruxelles", _VIL, 7, "Quartiers à pied",  # 22
     "Des itinéraires piétons praticables, avec trottoirs abaissés, bancs et toilettes publiques.",
     "Pour une personne âgée ou une famille avec poussette, le trajet le plus court n'est pas toujours "
     "le plus praticable. Quartiers à pied calcule des itinéraires qui tiennent compte des trottoirs, "
     "des pentes et des bancs. Les habitants complètent la carte lors de marches exploratoires.",
     ["python", "openstreetmap", "routage", "accessibilité"]),
    ("geneve", _DON, 6, "Subventions en clair",  # 23
     "Voir où vont les subventions publiques de sa commune.",
     "Les communes publient la liste de leurs subventions, souvent dans des PDF difficiles à exploiter. "
     "Subventions en clair extrait ces données, les harmonise et les présente par domaine et par "
     "bénéficiaire. Des graphiques simples montrent leur évolution d'une année à l'autre.",
     ["python", "data", "d3.js", "pdf"]),
    ("geneve", _DEM, 8, "Votations expliquées",  # 24
     "Des fiches claires et neutres sur chaque objet soumis au vote populaire.",
     "Plusieurs fois par an, les Genevois votent sur des objets parfois très techniques. Votations "
     "expliquées résume chaque objet, présente les arguments des deux camps et renvoie aux textes "
     "officiels. Des bénévoles de sensibilités différentes relisent chaque fiche.",
     ["rédaction", "javascript", "design", "accessibilité"]),
    ("geneve", _CAM, 5, "Marché des alpages",  # 25
     "Commander fromages et produits de montagne directement aux exploitations d'alpage.",
     "L'été, les producteurs d'alpage sont loin de leurs clients et vendent surtout aux randonneurs. "
     "Marché des alpages regroupe les commandes par village et organise des points de retrait en "
     "plaine. Les producteurs gèrent leurs stocks depuis un téléphone, même avec une connexion faible.",
     ["javascript", "pwa", "node.js", "logistique"]),
]
# fmt: on


# --- People: invented participants, most in a team of their own city ---------------------------------

# fmt: off
PEOPLE: list[tuple[str, str, str, tuple[str, ...], int | None]] = [
    # (handle, display name, city, skills, team: project index or None)
    ("camille-lyon", "Camille R.", "lyon", ("python", "django", "animation"), 0),
    ("hugo-lyon", "Hugo M.", "lyon", ("javascript", "design"), 0),
    ("lea-lyon", "Léa M.", "lyon", ("node.js", "javascript", "base de données"), 1),
    ("ines-lyon", "Inès B.", "lyon", ("javascript", "leaflet", "openstreetmap"), 2),
    ("mehdi-lyon", "Mehdi A.", "lyon", ("arduino", "c++", "python"), 2),
    ("julien-lyon", "Julien P.", "lyon", ("pédagogie", "scratch"), 3),
    ("thomas-lyon", "Thomas G.", "lyon", ("python", "flask", "droit"), 4),
    ("sarah-lyon", "Sarah K.", "lyon", ("design", "accessibilité", "ux"), None),
    ("chloe-paris", "Chloé L.", "paris", ("python", "data", "xml"), 5),
    ("manon-paris", "Manon D.", "paris", ("design", "rédaction"), 5),
    ("nadia-paris", "Nadia H.", "paris", ("python", "pandas", "data"), 6),
    ("karim-paris", "Karim S.", "paris", ("arduino", "électronique"), 6),
    ("antoine-paris", "Antoine V.", "paris", ("javascript", "pédagogie"), 8),
    ("lucas-paris", "Lucas F.", "paris", ("php", "javascript", "ical"), None),
    ("amelie-toulouse", "Amélie D.", "toulouse", ("lsf", "vidéo", "accessibilité"), 9),
    ("baptiste-toulouse", "Baptiste C.", "toulouse", ("python", "django"), 9),
    ("yasmine-toulouse", "Yasmine E.", "toulouse", ("javascript", "html", "css"), 9),
    ("romain-toulouse", "Romain T.", "toulouse", ("python", "sms", "cartographie"), 10),
    ("claire-toulouse", "Claire N.", "toulouse", ("data", "open data", "tableur"), 11),
    ("elodie-toulouse", "Élodie V.", "toulouse", ("accessibilité", "css", "rgaa"), None),
    ("gwen-rennes", "Gwenaëlle P.", "rennes", ("arduino", "électronique", "impression 3d"), 13),
    ("yann-rennes", "Yann L.", "rennes", ("c++", "arduino"), 13),
    ("morgane-rennes", "Morgane K.", "rennes", ("data", "python", "océanographie"), 13),
    ("erwan-rennes", "Erwan J.", "rennes", ("python", "postgis", "sql"), 14),
    ("solene-rennes", "Solène B.", "rennes", ("react", "javascript", "design"), None),
    ("pauline-montpellier", "Pauline S.", "montpellier", ("économie", "game design"), 16),
    ("mathis-montpellier", "Mathis R.", "montpellier", ("python", "numpy"), 16),
    ("anais-montpellier", "Anaïs T.", "montpellier", ("javascript", "phaser", "design"), 16),
    ("sofiane-montpellier", "Sofiane B.", "montpellier", ("javascript", "leaflet"), 17),
    ("laure-montpellier", "Laure G.", "montpellier", ("php", "symfony"), 18),
    ("bastien-montpellier", "Bastien M.", "montpellier", ("pédagogie", "scratch", "python"), None),
    ("maxime-bruxelles", "Maxime D.", "bruxelles", ("javascript", "vue.js"), 20),
    ("aurelie-bruxelles", "Aurélie G.", "bruxelles", ("droit", "rédaction"), 20),
    ("nathan-bruxelles", "Nathan V.", "bruxelles", ("python", "django", "sql"), 21),
    ("fatou-bruxelles", "Fatou N.", "bruxelles", ("openstreetmap", "python", "accessibilité"), 22),
    ("quentin-bruxelles", "Quentin L.", "bruxelles", ("python", "pandas", "sql"), None),
    ("lucie-geneve", "Lucie F.", "geneve", ("python", "data", "d3.js"), 23),
    ("david-geneve", "David M.", "geneve", ("rédaction", "css", "javascript"), 24),
    ("noemie-geneve", "Noémie C.", "geneve", ("javascript", "pwa"), 25),
    ("simon-geneve", "Simon B.", "geneve", ("python", "numpy", "économie"), None),
]
# fmt: on


# --- Bug swaps: Markdown bodies with code, a few already claimed from another city -------------------

_SWAP_VIDEO = """\
Sur la page d'une vidéo, Chrome la lit sans souci mais Firefox affiche un cadre gris. La console dit :

```text
HTTP "Content-Type" of "video/quicktime" is not supported.
Load of media resource http://localhost:8000/media/conte-01.mp4 failed.
```

Les fichiers viennent d'un iPhone (des `.mov` renommés en `.mp4`). Faut-il tout réencoder avec
ffmpeg ? Si oui, avec quels réglages pour que les signes restent lisibles (les mains bougent vite) ?"""

_SWAP_PROBE = """\
Notre sonde de température étanche répond `-127.00` à chaque lecture, même à l'air libre.

```cpp
#include <OneWire.h>
#include <DallasTemperature.h>

OneWire bus(2);
DallasTemperature sondes(&bus);

void setup() { Serial.begin(9600); sondes.begin(); }

void loop() {
  sondes.requestTemperatures();
  Serial.println(sondes.getTempCByIndex(0));  // toujours -127.00
  delay(1000);
}
```

Câblage : fil jaune sur la broche 2, rouge sur le 5 V, noir à la masse. Il nous manque quelque chose ?"""

_SWAP_BUDGET = """\
La simulation tourne bien deux ans, puis plante dès qu'une mesure prend effet la troisième année :

```text
Traceback (most recent call last):
  File "simulation.py", line 88, in <module>
    resultats = simuler(programme, annees=5)
  File "simulation.py", line 61, in simuler
    recettes = budget[annee]["recettes"] + effet_mesures(programme, annee)
KeyError: 2020
```

`budget` vient de `budget_2017.csv`, qui ne couvre que 2017 à 2019. Plutôt que de saisir les années
manquantes à la main, on aimerait les projeter proprement : une idée avec pandas ?"""

_SWAP_MARKERS = """\
Depuis qu'on empaquette la carte avec webpack, les tuiles s'affichent mais les marqueurs sont
invisibles. La console :

```text
GET http://localhost:8080/marker-icon.png 404 (Not Found)
GET http://localhost:8080/marker-shadow.png 404 (Not Found)
```

```javascript
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

L.marker([45.764, 4.8357]).addTo(carte).bindPopup('Entrée accessible');
```

Quelqu'un a déjà croisé ça ? On préférerait ne pas copier les images à la main."""

_SWAP_ENCODING = """\
```text
Traceback (most recent call last):
  File "import_stations.py", line 12, in <module>
    stations = pd.read_csv("stations_mesure.csv", sep=";")
  ...
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 27: invalid continuation byte
```

Le fichier vient d'un export de tableur. Avec `encoding="latin-1"` la lecture passe, mais les noms
de stations s'affichent avec des `Ã©` sur la carte finale. On mélange sûrement deux encodages…"""

_SWAP_MIGRATION = """\
Après avoir récupéré la branche d'une collègue, `migrate` refuse de passer :

```text
$ python manage.py migrate
Running migrations:
  Applying reparations.0003_categorie...Traceback (most recent call last):
  ...
django.db.utils.OperationalError: table "reparations_categorie" already exists
```

Nous avons chacun créé une migration `0003` de notre côté. Comment les réconcilier sans perdre les
réparations saisies cet après-midi ?"""

_SWAP_CONTRAST = """\
L'audit automatique signale nos boutons « Pour » et « Contre » :

```text
Élément : button.vote-pour
Contraste : 2.9:1 (attendu : 4.5:1 pour un texte de 16 px)
Premier plan : #ffffff   Arrière-plan : #3fbf7f
```

On tient à garder un vert et un rouge reconnaissables, sans dépendre uniquement de la couleur.
Quelqu'un qui connaît bien le RGAA pourrait relire nos choix ?"""

_SWAP_POSTGIS = """\
On cherche les trajets qui passent à moins de 2 km d'un bourg :

```sql
SELECT t.id
FROM trajets t
JOIN communes c ON c.nom = 'Montauban-de-Bretagne'
WHERE ST_DWithin(t.trace, c.centre, 2000);
```

Résultat : les 1 200 trajets de la base, même ceux qui partent de Brest. Les géométries sont en
SRID 4326. Est-ce que 2000 est compris comme des degrés ?"""

# fmt: off
SWAPS: list[tuple[str, str | None, str, list[str], str, str]] = [
    # (author, claimed by, title, tags, location, body)
    ("yasmine-toulouse", None, "Les vidéos LSF ne se lancent pas sous Firefox",
     ["video", "ffmpeg", "html"], "Fablab, table du fond près des fenêtres", _SWAP_VIDEO),
    ("yann-rennes", "mehdi-lyon", "Arduino : la sonde DS18B20 renvoie toujours -127 °C",
     ["arduino", "c++", "capteurs"], "Atelier électronique, établi n° 2", _SWAP_PROBE),
    ("mathis-montpellier", "simon-geneve", "KeyError dans la simulation du budget la troisième année",
     ["python", "pandas"], "Amphi B, dernier rang", _SWAP_BUDGET),
    ("ines-lyon", None, "Leaflet : les marqueurs disparaissent depuis le passage à webpack",
     ["javascript", "leaflet", "webpack"], "Mezzanine, côté escalier", _SWAP_MARKERS),
    ("nadia-paris", "quentin-bruxelles", "pandas : UnicodeDecodeError sur le fichier des stations",
     ["python", "pandas", "encodage"], "Grande table sous la verrière", _SWAP_ENCODING),
    ("nathan-bruxelles", None, "Django : migration en échec, « table already exists »",
     ["python", "django", "sqlite"], "Salle de réunion, premier étage", _SWAP_MIGRATION),
    ("david-geneve", None, "Contraste insuffisant signalé par l'audit d'accessibilité",
     ["css", "a11y", "rgaa"], "Salle polyvalente, table 3", _SWAP_CONTRAST),
    ("erwan-rennes", None, "PostGIS : ST_DWithin renvoie tous les trajets de la région",
     ["sql", "postgis"], "Près de la machine à café", _SWAP_POSTGIS),
]
# fmt: on


# --- Chat: all cities, each city, a few teams ("team:<project index>") --------------------------------

# fmt: off
MESSAGES: list[tuple[str, str, str]] = [
    ("camille-lyon", "all", "Bonsoir à toutes les villes ! Ici Lyon : cinq équipes au travail et la soupe "
     "est prête. Qui a le meilleur dîner ce soir ?"),
    ("amelie-toulouse", "all", "Toulouse vous salue ! La Signothèque a tourné ses premières vidéos cet "
     "après-midi, trois contes en langue des signes."),
    ("gwen-rennes", "all", "Rennes ici : notre première sonde trempe dans un seau d'eau salée. Elle "
     "annonce -127 °C, on soupçonne un petit souci… bug swap posté !"),
    ("mehdi-lyon", "all", "@yann-rennes j'ai pris votre swap, c'est un classique du DS18B20. On regarde "
     "votre câblage en visio ?"),
    ("pauline-montpellier", "all", "Montpellier en direct : notre jeu vient de faire exploser la dette "
     "publique en deux ans de mandat. Bug ou programme réaliste ? L'enquête continue."),
    ("maxime-bruxelles", "all", "Bruxelles est dans la place ! Les frites sont arrivées, le code suit."),
    ("david-geneve", "all", "Salut de Genève ! Petite équipe mais motivée. Quelqu'un s'y connaît en RGAA ? "
     "Notre swap sur les contrastes attend preneur."),
    ("chloe-paris", "all", "Paris : la Vigie des votes affiche ses premiers scrutins. Merci à celles et "
     "ceux qui ont relu nos résumés !"),
    ("simon-geneve", "all", "Pas d'équipe pour moi ce soir : si un projet a besoin de Python ou d'économie, "
     "faites signe. Je commence par le swap de Montpellier."),
    ("sarah-lyon", "all", "Designer disponible à Lyon pour relire vos interfaces ou leur accessibilité, "
     "n'hésitez pas."),
    ("quentin-bruxelles", "all", "@nadia-paris je regarde votre souci d'encodage. Je parie sur un fichier "
     "en cp1252 plutôt qu'en latin-1."),
    ("erwan-rennes", "all", "Petit rappel pour la nuit : on boit de l'eau et on dort un peu, même une "
     "heure. Le jury, c'est demain !"),
    ("julien-lyon", "city:lyon", "Le wifi de la mezzanine décroche, branchez-vous sur le second réseau "
     "(code affiché à l'accueil)."),
    ("lea-lyon", "city:lyon", "Il reste des parts de quiche au fond de la grande salle, servez-vous !"),
    ("hugo-lyon", "city:lyon", "Quelqu'un aurait un adaptateur USB-C vers HDMI pour la démo de demain ?"),
    ("lucas-paris", "city:paris", "L'Agenda des assos n'a pas encore d'équipe. J'ai un peu de PHP sous le "
     "coude, qui se lance avec moi ?"),
    ("antoine-paris", "city:paris", "Les crêpes arrivent bientôt en cuisine, gardez-vous un creux."),
    ("claire-toulouse", "city:toulouse", "Cantine ouverte cherche quelqu'un d'à l'aise avec les tableurs "
     "compliqués : des cellules fusionnées partout."),
    ("elodie-toulouse", "city:toulouse", "J'arrive, Claire ! Les cellules fusionnées, c'est ma spécialité "
     "(malheureusement)."),
    ("yann-rennes", "city:rennes", "Le fer à souder de l'atelier est libre, nos soudures sont finies pour "
     "ce soir."),
    ("bastien-montpellier", "city:montpellier", "Club code collège n'a pas encore d'équipe : des "
     "enseignants dans la salle ? On s'y met ensemble ?"),
    ("fatou-bruxelles", "city:bruxelles", "Marche exploratoire demain matin avant le petit-déjeuner pour "
     "tester Quartiers à pied. Qui vient ?"),
    ("noemie-geneve", "city:geneve", "Du fromage d'alpage à goûter sur la table du fond, offert par "
     "l'équipe du Marché des alpages."),
    ("camille-lyon", "team:0", "J'ai poussé le formulaire de dépôt d'idée. Tu peux brancher ton design "
     "dessus ?"),
    ("hugo-lyon", "team:0", "Oui, je m'en occupe après le dessert. Je garde les couleurs de la maquette."),
    ("karim-paris", "team:6", "Deux capteurs de particules sont calibrés ; le troisième donne des valeurs "
     "bizarres près de la fenêtre."),
    ("baptiste-toulouse", "team:9", "L'indexation par signe est prête, il reste la recherche par thème."),
    ("amelie-toulouse", "team:9", "Super ! Je filme encore deux contes et je vous les envoie."),
    ("morgane-rennes", "team:13", "Je prépare la publication des mesures en CSV. On part sur horodatage, "
     "température, salinité ?"),
    ("gwen-rennes", "team:13", "Ajoute la turbidité et l'identifiant de la sonde : on en aura trois "
     "demain."),
    ("mathis-montpellier", "team:16", "Simon, de Genève, m'aide sur le KeyError : on projette les années "
     "manquantes par tendance."),
    ("anais-montpellier", "team:16", "Parfait, je fais l'écran de fin de mandat en attendant."),
]

# --- Team progress, in the order posted; a project's stage is that of its latest update --------------

PROGRESS: list[tuple[str, int, Stage, str]] = [
    ("camille-lyon", 0, Stage.EXPLORING, "Besoins recueillis auprès de deux conseils de quartier, "
     "parcours de dépôt d'une idée validé sur papier."),
    ("amelie-toulouse", 9, Stage.EXPLORING, "Premiers contenus choisis : trois contes et le vocabulaire "
     "des démarches en mairie."),
    ("pauline-montpellier", 16, Stage.EXPLORING, "Modèle économique simplifié écrit : budget, emploi et "
     "émissions de CO2 sur cinq ans."),
    ("karim-paris", 6, Stage.EXPLORING, "Capteurs montés ; on compare leurs mesures aux stations "
     "officielles les plus proches."),
    ("claire-toulouse", 11, Stage.EXPLORING, "Format de données des menus défini avec la commune pilote."),
    ("lucie-geneve", 23, Stage.EXPLORING, "Extraction des PDF de subventions : trois années sur cinq "
     "récupérées."),
    ("ines-lyon", 2, Stage.BUILDING, "120 entrées de commerces photographiées cet après-midi, affichage "
     "sur la carte en cours."),
    ("thomas-lyon", 4, Stage.BUILDING, "Trois modèles de courrier rédigés et relus ; le générateur "
     "produit déjà un PDF."),
    ("chloe-paris", 5, Stage.BUILDING, "Import des scrutins publics terminé, premiers résumés en ligne."),
    ("baptiste-toulouse", 9, Stage.BUILDING, "Indexation des vidéos par thème et par signe fonctionnelle."),
    ("romain-toulouse", 10, Stage.BUILDING, "La carte affiche 34 producteurs du Lauragais ; la mise à "
     "jour par SMS est en cours."),
    ("gwen-rennes", 13, Stage.BUILDING, "Premier boîtier étanche imprimé, électronique montée sur deux "
     "sondes."),
    ("anais-montpellier", 16, Stage.BUILDING, "Le premier tour de jeu est jouable dans le navigateur."),
    ("sofiane-montpellier", 17, Stage.BUILDING, "Signalement en deux gestes opérationnel sur mobile."),
    ("maxime-bruxelles", 20, Stage.BUILDING, "Guide de rédaction d'une interpellation terminé, "
     "formulaire en cours."),
    ("morgane-rennes", 13, Stage.TESTING, "Salinité comparée à un instrument de référence : 2 % "
     "d'écart, c'est encourageant."),
    ("david-geneve", 24, Stage.TESTING, "Deux fiches de votation relues par des bénévoles des deux camps."),
]
# fmt: on
