"""French catalogue of the Welcome, Projects, Schedule and Cities screens: English source → French."""

CATALOGUE: dict[str, str] = {
    # welcome
    "Try the demo": "Essayer la démo",
    "Start the demo event": "Lancer l'événement de démonstration",
    "Connect": "Se connecter",
    "Register with the join code and connect": "S'inscrire avec le code d'accès et se connecter",
    "Looking for the event at this address…": "Recherche de l'événement à cette adresse…",
    "{event} — {count} cities": "{event} — {count} villes",
    "Connecting…": "Connexion…",
    "Welcome to the Nuit du Code Citoyen": "Bienvenue à la Nuit du Code Citoyen",
    "48 hours, several cities, one app. Connect to your city's server, or look around first.": (
        "48 heures, plusieurs villes, une application. Connectez-vous au serveur de votre ville, "
        "ou faites d'abord un tour."
    ),
    "No event found there yet: {reason}": "Aucun événement trouvé à cette adresse pour l'instant : {reason}",
    "Connect to my city": "Me connecter à ma ville",
    "A whole event on this machine: seven cities, 26 projects, people chatting and posting bug swaps. "
    "Nothing leaves your computer.": (
        "Tout un événement sur cette machine : sept villes, 26 projets, des gens qui discutent et "
        "postent des bug swaps. Rien ne sort de votre ordinateur."
    ),
    "Server URL": "Adresse du serveur",
    "Join code": "Code d'accès",
    "the code shown at the venue": "le code affiché sur place",
    "Handle": "Pseudo",
    "letters, digits, - and _, e.g. ada": "lettres, chiffres, - et _, par ex. ada",
    "Display name": "Nom affiché",
    "how others see you": "comme les autres vous verront",
    "City": "Ville",
    "Skills (comma-separated)": "Compétences (séparées par des virgules)",
    "choose your city": "choisissez votre ville",
    "your city's id, e.g. lyon": "l'identifiant de votre ville, par ex. lyon",
    "Enter the join code given at your venue.": "Saisissez le code d'accès donné sur place.",
    "A handle is 2 to 32 lowercase letters, digits, - or _, starting with a letter or digit.": (
        "Un pseudo compte de 2 à 32 minuscules, chiffres, - ou _, et commence par une lettre ou un chiffre."
    ),
    "Enter a display name (at most 64 characters).": "Saisissez un nom affiché (64 caractères au plus).",
    "Choose your city.": "Choisissez votre ville.",
    "Skills: at most 20, each at most 32 characters.": (
        "Compétences : 20 au plus, de 32 caractères au plus chacune."
    ),
    # projects
    "1 project": "1 projet",
    "{count} projects": "{count} projets",
    "My city / all": "Ma ville / toutes",
    "Show my city's projects only, or every city's": (
        "Montrer les projets de ma ville seulement, ou ceux de toutes les villes"
    ),
    "Themes": "Thèmes",
    "Move to the list of themes": "Aller à la liste des thèmes",
    "{theme} — {scope} (c to change)": "{theme} — {scope} (c pour changer)",
    "1 looking": "1 recrute",
    "{count} looking": "{count} recrutent",
    "my city": "ma ville",
    "all cities": "toutes les villes",
    "my team": "mon équipe",
    "looking for members": "cherche des membres",
    "No project in this theme here.": "Aucun projet de ce thème ici.",
    # a project
    "joining… (pending)": "arrivée… (en attente)",
    "leaving… (pending)": "départ… (en attente)",
    "Back": "Retour",
    "Back to the list of projects": "Retour à la liste des projets",
    "Join": "Rejoindre",
    "Join this project's team": "Rejoindre l'équipe de ce projet",
    "Leave": "Quitter",
    "Leave this project's team": "Quitter l'équipe de ce projet",
    "Nobody yet: be the first!": "Personne pour l'instant : soyez le premier ou la première !",
    "No progress update yet.": "Aucune nouvelle de l'équipe pour l'instant.",
    "Joining…": "Arrivée…",
    "Join the team": "Rejoindre l'équipe",
    "Leaving…": "Départ…",
    "Leave the team": "Quitter l'équipe",
    "team {count}/{size}": "équipe {count}/{size}",
    "sample project": "projet d'exemple",
    "You are already in this team.": "Vous êtes déjà dans cette équipe.",
    "{team} is full ({size} members).": "{team} est complet ({size} membres).",
    "Leave your team first: {team}": "Quittez d'abord votre équipe : {team}",
    "You are not in this team.": "Vous n'êtes pas dans cette équipe.",
    "This project is not in the cache yet.": "Ce projet n'est pas encore dans le cache local.",
    "This team is looking for members": "Cette équipe cherche des membres",
    "Skills needed": "Compétences recherchées",
    "Brought by {who}": "Porté par {who}",
    "print an iCalendar file for your phone's calendar: your city's items and everyone's": (
        "écrire un fichier iCalendar pour l'agenda de votre téléphone : le programme de votre ville "
        "et celui de tous"
    ),
    "the event is not in the cache yet: run `nuit-tui sync` online first": (
        "l'événement n'est pas encore dans le cache : lancez d'abord `nuit-tui sync` en ligne"
    ),
    "Links": "Liens",
    "refused by the server": "refusé par le serveur",
    "Could not join the team": "Impossible de rejoindre l'équipe",
    "Could not leave the team": "Impossible de quitter l'équipe",
    "(you)": "(vous)",
    "Team": "Équipe",
    "Latest progress": "Dernières avancées",
    "You joined {team}": "Vous avez rejoint {team}",
    "You left {team}": "Vous avez quitté {team}",
    "Not saved": "Non enregistré",
    # schedule
    "{weekday} {day} {month}": "{weekday} {day} {month}",
    "Monday": "lundi",
    "Tuesday": "mardi",
    "Wednesday": "mercredi",
    "Thursday": "jeudi",
    "Friday": "vendredi",
    "Saturday": "samedi",
    "Sunday": "dimanche",
    "January": "janvier",
    "February": "février",
    "March": "mars",
    "April": "avril",
    "May": "mai",
    "June": "juin",
    "July": "juillet",
    "August": "août",
    "September": "septembre",
    "October": "octobre",
    "November": "novembre",
    "December": "décembre",
    "Scope": "Vue",
    "Show my city's schedule, the one for everyone, or every city's": (
        "Montrer le programme de ma ville, celui de tout le monde, ou celui de chaque ville"
    ),
    "Now": "Maintenant",
    "Scroll to the present time": "Revenir à l'heure actuelle",
    "Schedule — {scope} (c to change) — times in {zone}": (
        "Programme — {scope} (c pour changer) — fuseau horaire {zone}"
    ),
    "My city": "Ma ville",
    "Everyone": "Pour tous",
    "All cities": "Toutes les villes",
    "No schedule yet.": "Pas encore de programme.",
    "jury": "jury",
    "now {time}": "maintenant {time}",
    # cities
    "Updates": "Nouvelles",
    "Move to the list of team updates": "Aller à la liste des nouvelles des équipes",
    "exploring": "exploration",
    "building": "construction",
    "testing": "tests",
    "demo ready": "prêt pour la démo",
    "{minutes} min": "{minutes} min",
    "Participants": "Participants",
    "Teams": "Équipes",
    "Active projects": "Projets actifs",
    "Swaps open": "Swaps ouverts",
    "Swaps resolved": "Swaps résolus",
    "Median to claim": "Attente médiane",
    "Cities — live figures": "Villes — chiffres en direct",
    "Latest team updates": "Dernières nouvelles des équipes",
    "No team update yet.": "Aucune nouvelle des équipes pour l'instant.",
}
