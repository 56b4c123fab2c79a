"""Titles and blurbs of made-up books, in the language of their edition: "Der stille Hafen",
"Le Port oublié", "Death in Vianden", "E Wanter zu Klierf". Articles, genders and the
Luxembourgish n-rule are handled for the words used here, not in general."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from .spec import Tr, tr

# --- Words titles are made of --------------------------------------------------------------------


@dataclass(frozen=True)
class Noun:
    en: str
    fr: str
    fr_g: str  # m / f
    de: str
    de_g: str  # m / f / n


@dataclass(frozen=True)
class Adj:
    en: str
    fr_m: str
    fr_f: str
    de: str  # stem: "still" -> "der stille Hafen"


def _fr_the(noun: str, gender: str) -> str:
    if noun[:1].lower() in "aeiouhéèêîô":
        return f"L'{noun[:1].upper()}{noun[1:]}"
    return f"{'Le' if gender == 'm' else 'La'} {noun[:1].upper()}{noun[1:]}"


def _fr_the_lower(noun: str, gender: str) -> str:
    if noun[:1].lower() in "aeiouhéèêîô":
        return f"l'{noun}"
    return f"{'le' if gender == 'm' else 'la'} {noun}"


def _de_the(gender: str) -> str:
    return {"m": "der", "f": "die", "n": "das"}[gender]


NOUNS = (
    Noun("Harbour", "port", "m", "Hafen", "m"),
    Noun("House", "maison", "f", "Haus", "n"),
    Noun("Garden", "jardin", "m", "Garten", "m"),
    Noun("River", "rivière", "f", "Fluss", "m"),
    Noun("Bridge", "pont", "m", "Brücke", "f"),
    Noun("Island", "île", "f", "Insel", "f"),
    Noun("Letter", "lettre", "f", "Brief", "m"),
    Noun("Valley", "vallée", "f", "Tal", "n"),
    Noun("Orchard", "verger", "m", "Obstgarten", "m"),
    Noun("Station", "gare", "f", "Bahnhof", "m"),
    Noun("Forest", "forêt", "f", "Wald", "m"),
    Noun("Daughter", "fille", "f", "Tochter", "f"),
    Noun("Hour", "heure", "f", "Stunde", "f"),
    Noun("Light", "lumière", "f", "Licht", "n"),
    Noun("Vineyard", "vigne", "f", "Weinberg", "m"),
    Noun("Mill", "moulin", "m", "Mühle", "f"),
)
ADJECTIVES = (
    Adj("Silent", "silencieux", "silencieuse", "still"),
    Adj("Forgotten", "oublié", "oubliée", "vergessen"),
    Adj("Hidden", "caché", "cachée", "verborgen"),
    Adj("Distant", "lointain", "lointaine", "fern"),
    Adj("Blue", "bleu", "bleue", "blau"),
    Adj("Golden", "doré", "dorée", "golden"),
    Adj("Frozen", "gelé", "gelée", "gefroren"),
    Adj("Sleeping", "endormi", "endormie", "schlafend"),
    Adj("Stolen", "volé", "volée", "gestohlen"),
    Adj("Secret", "secret", "secrète", "geheim"),
    Adj("Broken", "brisé", "brisée", "zerbrochen"),
)
# en, fr, de, lb, lb with "vu(n)" (the n-rule), lb with "zu"
PLACES = (
    ("Clervaux", "Clervaux", "Clerf", "Klierf", "vu Klierf"),
    ("Vianden", "Vianden", "Vianden", "Veianen", "vu Veianen"),
    ("Echternach", "Echternach", "Echternach", "Iechternach", "vun Iechternach"),
    ("Remich", "Remich", "Remich", "Réimech", "vu Réimech"),
    ("Wiltz", "Wiltz", "Wiltz", "Wolz", "vu Wolz"),
    ("Esch", "Esch", "Esch", "Esch", "vun Esch"),
    ("Diekirch", "Diekirch", "Diekirch", "Dikrech", "vun Dikrech"),
    ("Luxembourg", "Luxembourg", "Luxemburg", "Lëtzebuerg", "vu Lëtzebuerg"),
    ("Lisbon", "Lisbonne", "Lissabon", "Lissabon", "vu Lissabon"),
    ("Trier", "Trèves", "Trier", "Tréier", "vun Tréier"),
    ("Metz", "Metz", "Metz", "Metz", "vu Metz"),
    ("Venice", "Venise", "Venedig", "Venedeg", "vu Venedeg"),
)
SEASONS = (  # en, fr, de, lb
    ("A Summer in", "Un été à", "Ein Sommer in", "E Summer zu"),
    ("A Winter in", "Un hiver à", "Ein Winter in", "E Wanter zu"),
    ("An Autumn in", "Un automne à", "Ein Herbst in", "En Hierscht zu"),
    ("A Spring in", "Un printemps à", "Ein Frühling in", "E Fréijoer zu"),
)
VENUES = (  # en "Murder at ...", fr "Meurtre ...", de "Mord ..."
    ("the Castle", "au château", "im Schloss"),
    ("the Casemates", "aux casemates", "in den Kasematten"),
    ("the Station", "à la gare", "am Bahnhof"),
    ("the Abbey", "à l'abbaye", "in der Abtei"),
    ("the Grand Hotel", "au Grand Hôtel", "im Grandhotel"),
    ("the Mill", "au moulin", "in der Mühle"),
    ("the Vineyard", "dans les vignes", "im Weinberg"),
)
STARS = ("Kepler", "Vega", "Altair", "Meridian", "Arkadia", "Heliora", "Nyx", "Calyx", "Solenne", "Tethys", "Orion")
ANIMALS = (
    Noun("Fox", "renard", "m", "Fuchs", "m"),
    Noun("Bear", "ours", "m", "Bär", "m"),
    Noun("Owl", "chouette", "f", "Eule", "f"),
    Noun("Hedgehog", "hérisson", "m", "Igel", "m"),
    Noun("Dragon", "dragon", "m", "Drache", "m"),
    Noun("Rabbit", "lapin", "m", "Hase", "m"),
    Noun("Whale", "baleine", "f", "Wal", "m"),
    Noun("Mouse", "souris", "f", "Maus", "f"),
    Noun("Elephant", "éléphant", "m", "Elefant", "m"),
)
ANIMAL_ADJECTIVES = (
    Adj("Brave", "courageux", "courageuse", "mutig"),
    Adj("Sleepy", "endormi", "endormie", "müd"),
    Adj("Curious", "curieux", "curieuse", "neugierig"),
    Adj("Grumpy", "grognon", "grognonne", "grummelig"),
    Adj("Giant", "géant", "géante", "riesig"),
    Adj("Lost", "perdu", "perdue", "verloren"),
)
KIDS = ("Lina", "Max", "Noah", "Emma", "Leo", "Mia", "Ben", "Zoé", "Tom", "Ella", "Luca", "Nina")
TEENS = ("Noor", "Elias", "Jana", "Malik", "Chloé", "Yann", "Ines", "Finn", "Lou", "Aurélie", "Jonas")
HISTORY = (
    ("Luxembourg", "Le Luxembourg", "Luxemburg"),
    ("The Moselle Valley", "La vallée de la Moselle", "Das Moseltal"),
    ("Iron and Steel", "Le fer et l'acier", "Eisen und Stahl"),
    ("The Fortress City", "La ville-forteresse", "Die Festungsstadt"),
    ("The Ardennes", "Les Ardennes", "Die Ardennen"),
    ("The Grand Duchy", "Le Grand-Duché", "Das Großherzogtum"),
    ("The Railways of Luxembourg", "Les chemins de fer luxembourgeois", "Die Eisenbahnen Luxemburgs"),
    ("The Minett", "Le Minett", "Das Minett"),
    ("The House of Nassau", "La maison de Nassau", "Das Haus Nassau"),
    ("The Wine Growers of the Moselle", "Les vignerons de la Moselle", "Die Winzer der Mosel"),
    ("The Castles of the Éislek", "Les châteaux de l'Éislek", "Die Burgen des Öslings"),
)
HISTORY_PATTERNS = (
    ("{}: A Short History", "{} : une brève histoire", "{}: Eine kurze Geschichte"),
    ("{} in the Twentieth Century", "{} au XXe siècle", "{} im 20. Jahrhundert"),
    ("{}, 1839–1914", "{}, 1839-1914", "{}, 1839–1914"),
    ("{}, 1914–1945", "{}, 1914-1945", "{}, 1914–1945"),
    ("{}: People and Places", "{} : lieux et visages", "{}: Menschen und Orte"),
)
REGIONS = (  # en "Recipes from ...", fr "recettes ...", de "Rezepte aus ..."
    ("Luxembourg", "du Luxembourg", "Luxemburg"),
    ("the Moselle", "de la Moselle", "dem Moseltal"),
    ("the Ardennes", "des Ardennes", "den Ardennen"),
    ("Lorraine", "de Lorraine", "Lothringen"),
    ("Alsace", "d'Alsace", "dem Elsass"),
    ("Portugal", "du Portugal", "Portugal"),
    ("Italy", "d'Italie", "Italien"),
)
INGREDIENTS = (  # en "Cooking with ...", fr "Cuisiner ...", de "Kochen mit ..."
    ("Riesling", "le riesling", "Riesling"),
    ("Potatoes", "la pomme de terre", "Kartoffeln"),
    ("Mushrooms", "les champignons", "Pilzen"),
    ("Plums", "les quetsches", "Zwetschgen"),
    ("Game", "le gibier", "Wild"),
    ("Asparagus", "les asperges", "Spargel"),
    ("Vegetables", "les légumes", "Gemüse"),
)
TRAVEL = (  # en, fr, de names, then "in ..." in each
    ("The Mullerthal", "Le Mullerthal", "Das Müllerthal", "the Mullerthal", "dans le Mullerthal", "im Müllerthal"),
    ("The Éislek", "L'Éislek", "Das Ösling", "the Éislek", "dans l'Éislek", "im Ösling"),
    ("The Moselle Valley", "La vallée de la Moselle", "Das Moseltal", "the Moselle Valley",
     "dans la vallée de la Moselle", "im Moseltal"),
    ("The Eifel", "L'Eifel", "Die Eifel", "the Eifel", "dans l'Eifel", "in der Eifel"),
    ("The Vosges", "Les Vosges", "Die Vogesen", "the Vosges", "dans les Vosges", "in den Vogesen"),
    ("The Alps", "Les Alpes", "Die Alpen", "the Alps", "dans les Alpes", "in den Alpen"),
    ("The Minett", "Le Minett", "Das Minett", "the Minett", "dans le Minett", "im Minett"),
)  # fmt: skip
CONCEPTS = (
    ("Quantum Physics", "La physique quantique", "Quantenphysik"),
    ("The Brain", "Le cerveau", "Das Gehirn"),
    ("Climate", "Le climat", "Das Klima"),
    ("Black Holes", "Les trous noirs", "Schwarze Löcher"),
    ("Genetics", "La génétique", "Genetik"),
    ("Mathematics", "Les mathématiques", "Mathematik"),
)
THINGS = (
    ("Trees", "arbres", "Bäume"),
    ("Bees", "abeilles", "Bienen"),
    ("Mushrooms", "champignons", "Pilze"),
    ("Rivers", "rivières", "Flüsse"),
    ("Birds", "oiseaux", "Vögel"),
    ("Stones", "pierres", "Steine"),
)


def _literary(rng: random.Random, lang: str) -> str:
    if lang == "lb" or rng.random() < 0.3:
        season, place = rng.choice(SEASONS), rng.choice(PLACES)
        if lang == "lb":
            if rng.random() < 0.5:
                return f"{season[3]} {place[3]}"
            opening = rng.choice(("Dat Geheimnis", "D'Kanner", "Déi lescht Bréck", "De Summer"))
            return f"{opening} {place[4]}"
        index = {"en": 0, "fr": 1, "de": 2}[lang]
        return f"{season[index]} {place[index]}"
    noun, adj = rng.choice(NOUNS), rng.choice(ADJECTIVES)
    if lang == "fr":
        return f"{_fr_the(noun.fr, noun.fr_g)} {adj.fr_m if noun.fr_g == 'm' else adj.fr_f}"
    if lang == "de":
        return f"{_de_the(noun.de_g).capitalize()} {adj.de}e {noun.de}"
    return f"The {adj.en} {noun.en}"


def _crime(rng: random.Random, lang: str) -> str:
    place, venue = rng.choice(PLACES), rng.choice(VENUES)
    pattern = rng.randrange(4)
    if lang == "lb":
        return rng.choice((f"Doud zu {place[3]}", f"Mord zu {place[3]}", f"D'Affär {place[4]}"))
    if lang == "fr":
        return (f"Mort à {place[1]}", f"Meurtre {venue[1]}", f"L'Affaire de {place[1]}", f"Des ombres sur {place[1]}")[
            pattern
        ]
    if lang == "de":
        return (f"Tod in {place[2]}", f"Mord {venue[2]}", f"Die Akte {place[2]}", f"Schatten über {place[2]}")[pattern]
    return (f"Death in {place[0]}", f"Murder at {venue[0]}", f"The {place[0]} Affair", f"Shadows over {place[0]}")[
        pattern
    ]


def _scifi(rng: random.Random, lang: str) -> str:
    star = rng.choice(STARS)
    pattern = rng.randrange(4)
    if lang == "fr":
        return (f"Le Protocole {star}", f"Les Enfants de {star}", f"La Dernière Lumière de {star}",
                f"Au-delà de {star}")[pattern]  # fmt: skip
    if lang == "de":
        return (f"Das {star}-Protokoll", f"Die Kinder von {star}", f"Das letzte Licht von {star}",
                f"Jenseits von {star}")[pattern]  # fmt: skip
    return (f"The {star} Protocol", f"Children of {star}", f"The Last Light of {star}", f"Beyond {star}")[pattern]


def _history(rng: random.Random, lang: str) -> str:
    index = {"en": 0, "fr": 1}.get(lang, 2)
    return rng.choice(HISTORY_PATTERNS)[index].format(rng.choice(HISTORY)[index])


def _cookery(rng: random.Random, lang: str) -> str:
    if rng.random() < 0.5:
        count, region = rng.choice((50, 60, 75, 100, 120)), rng.choice(REGIONS)
        return {"en": f"{count} Recipes from {region[0]}", "fr": f"{count} recettes {region[1]}"}.get(
            lang, f"{count} Rezepte aus {region[2]}"
        )
    ingredient = rng.choice(INGREDIENTS)
    return {"en": f"Cooking with {ingredient[0]}", "fr": f"Cuisiner {ingredient[1]}"}.get(
        lang, f"Kochen mit {ingredient[2]}"
    )


def _travel(rng: random.Random, lang: str) -> str:
    region = rng.choice(TRAVEL)
    pattern = rng.randrange(3)
    if lang == "fr":
        return (f"Randonnées {region[4]}", f"{region[1]} à vélo", f"{region[1]} : 30 escapades")[pattern]
    if lang == "de":
        return (f"Wandern {region[5]}", f"{region[2]} mit dem Rad", f"{region[2]}: 30 Ausflüge")[pattern]
    return (f"Walking in {region[3]}", f"{region[0]} by Bike", f"{region[0]}: 30 Day Trips")[pattern]


def _science(rng: random.Random, lang: str) -> str:
    if rng.random() < 0.5:
        concept = rng.choice(CONCEPTS)
        return {"en": f"{concept[0]} for Curious Minds", "fr": f"{concept[1]} pour les curieux"}.get(
            lang, f"{concept[2]} für Neugierige"
        )
    things = rng.choice(THINGS)
    return {"en": f"The Secret Life of {things[0]}", "fr": f"La Vie secrète des {things[1]}"}.get(
        lang, f"Das geheime Leben der {things[2]}"
    )


def _picture(rng: random.Random, lang: str) -> str:
    name, animal, adj = rng.choice(KIDS), rng.choice(ANIMALS), rng.choice(ANIMAL_ADJECTIVES)
    if lang == "fr":
        the = _fr_the_lower(animal.fr, animal.fr_g)
        return f"{name} et {the} {adj.fr_m if animal.fr_g == 'm' else adj.fr_f}"
    if lang == "de":
        return f"{name} und {_de_the(animal.de_g)} {adj.de}e {animal.de}"
    return f"{name} and the {adj.en} {animal.en}"


def _young_adult(rng: random.Random, lang: str) -> str:
    name = rng.choice(TEENS)
    pattern = rng.randrange(4)
    if lang == "fr":
        return (f"{name} contre le reste du monde", f"L'Année de {name}", f"Tout ce que {name} n'a jamais dit",
                f"{name}, seize ans")[pattern]  # fmt: skip
    if lang == "de":
        return (f"{name} gegen den Rest der Welt", f"Das Jahr mit {name}", f"Alles, was {name} nie gesagt hat",
                f"{name}, sechzehn")[pattern]  # fmt: skip
    return (f"{name} Against the World", f"The Year of {name}", f"Everything {name} Never Said",
            f"{name}, Sixteen")[pattern]  # fmt: skip


TITLES: dict[str, Callable[[random.Random, str], str]] = {
    "crime": _crime,
    "literary": _literary,
    "scifi": _scifi,
    "history": _history,
    "cookery": _cookery,
    "travel": _travel,
    "science": _science,
    "picture": _picture,
    "youngadult": _young_adult,
}

BLURBS: dict[str, tuple[Tr, ...]] = {
    "crime": (
        tr("A gripping crime novel full of twists, from the first page to the last.",
           "Un polar haletant, plein de rebondissements de la première à la dernière page.",
           "Ein packender Krimi voller Wendungen, von der ersten bis zur letzten Seite."),
        tr("An inspector close to retirement, a case nobody wants, and a town that keeps its secrets.",
           "Un commissaire proche de la retraite, une affaire dont personne ne veut "
           "et une ville qui garde ses secrets.",
           "Ein Kommissar kurz vor der Pension, ein Fall, den keiner will, "
           "und eine Stadt, die ihre Geheimnisse hütet."),
    ),
    "literary": (
        tr("A tender, luminous novel about family, memory and the places we leave.",
           "Un roman tendre et lumineux sur la famille, la mémoire et les lieux que l'on quitte.",
           "Ein zärtlicher, leuchtender Roman über Familie, Erinnerung und die Orte, die wir verlassen."),
        tr("Three generations, one house, and the summer that changed everything.",
           "Trois générations, une maison et l'été qui a tout changé.",
           "Drei Generationen, ein Haus und der Sommer, der alles veränderte."),
    ),
    "scifi": (
        tr("A sweeping space opera about the last colony ship and the people who refuse to give up.",
           "Un grand space opera sur le dernier vaisseau colonial et ceux qui refusent d'abandonner.",
           "Eine mitreißende Space Opera über das letzte Kolonieschiff und die Menschen, die nicht aufgeben."),
        tr("When the signal from the stars finally answers, nothing on Earth is ready.",
           "Quand le signal des étoiles répond enfin, rien sur Terre n'est prêt.",
           "Als das Signal von den Sternen endlich antwortet, ist nichts auf der Erde bereit."),
    ),
    "history": (
        tr("A clear, lively account drawing on archives rarely seen before.",
           "Un récit clair et vivant, nourri d'archives rarement consultées.",
           "Eine klare, lebendige Darstellung auf der Grundlage selten gesehener Archive."),
        tr("Richly illustrated with maps and period photographs.",
           "Richement illustré de cartes et de photographies d'époque.",
           "Reich bebildert mit Karten und historischen Fotografien."),
    ),
    "cookery": (
        tr("Seasonal recipes for every day, tested in a family kitchen.",
           "Des recettes de saison pour tous les jours, testées dans une cuisine familiale.",
           "Saisonale Rezepte für jeden Tag, in einer Familienküche erprobt."),
        tr("From Sunday classics to quick weeknight dinners, with a photograph for every dish.",
           "Des classiques du dimanche aux dîners rapides de la semaine, avec une photo pour chaque plat.",
           "Vom Sonntagsklassiker bis zum schnellen Abendessen, mit einem Foto zu jedem Gericht."),
    ),
    "travel": (
        tr("Routes with maps, walking times and the best places to stop for lunch.",
           "Des itinéraires avec cartes, temps de marche et les meilleures adresses pour déjeuner.",
           "Routen mit Karten, Gehzeiten und den besten Einkehrmöglichkeiten."),
        tr("Thirty outings for every season, by train, bus or on foot.",
           "Trente sorties pour toutes les saisons, en train, en bus ou à pied.",
           "Dreißig Ausflüge für jede Jahreszeit, mit Zug, Bus oder zu Fuß."),
    ),
    "science": (
        tr("Big ideas explained simply, without a single equation too many.",
           "Les grandes idées expliquées simplement, sans une équation de trop.",
           "Große Ideen einfach erklärt, ohne eine Gleichung zu viel."),
    ),
    "picture": (
        tr("A warm picture book about friendship, to read aloud from age 3.",
           "Un album tendre sur l'amitié, à lire à voix haute dès 3 ans.",
           "Ein warmherziges Bilderbuch über Freundschaft, zum Vorlesen ab 3 Jahren."),
        tr("A bedtime story with big, bright pictures, for ages 2 to 5.",
           "Une histoire du soir aux grandes illustrations colorées, de 2 à 5 ans.",
           "Eine Gutenachtgeschichte mit großen, bunten Bildern, für 2 bis 5 Jahre."),
    ),
    "youngadult": (
        tr("A funny, honest coming-of-age novel for readers from 13.",
           "Un roman d'apprentissage drôle et sincère, dès 13 ans.",
           "Ein witziger, ehrlicher Coming-of-Age-Roman ab 13 Jahren."),
    ),
}  # fmt: skip
