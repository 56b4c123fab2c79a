"""The demo stores' guest buyers (the demo customers with accounts come from demo_load) and
believable addresses in Luxembourg and the neighbouring countries."""

from __future__ import annotations

import random

# (first name, last name, country)
GUESTS = (
    ("Claire", "Thill", "LU"), ("Luc", "Kieffer", "LU"), ("Nora", "Hansen", "LU"), ("Yves", "Reding", "LU"),
    ("Mia", "Schroeder", "LU"), ("Ben", "Majerus", "LU"), ("Laura", "Feller", "LU"), ("Jeff", "Steichen", "LU"),
    ("Elise", "Dupont", "BE"), ("Noah", "Peeters", "BE"), ("Hannah", "Schneider", "DE"), ("Felix", "Braun", "DE"),
    ("Camille", "Martin", "FR"), ("Hugo", "Bernard", "FR"), ("Emma", "de Vries", "NL"), ("Luca", "Rossi", "IT"),
    ("Sofia", "Gruber", "AT"), ("Lucas", "Ferreira", "PT"),
)  # fmt: skip
PLACES = {
    "LU": (("1611", "Luxembourg", "rue de la Gare"), ("4002", "Esch-sur-Alzette", "rue de l'Alzette"),
           ("9012", "Ettelbruck", "avenue Salentiny"), ("6460", "Echternach", "place du Marché")),
    "BE": (("6700", "Arlon", "Grand-Rue"), ("1000", "Bruxelles", "rue Neuve")),
    "DE": (("54290", "Trier", "Simeonstraße"), ("66111", "Saarbrücken", "Bahnhofstraße")),
    "FR": (("57000", "Metz", "rue Serpenoise"), ("57100", "Thionville", "rue de Paris")),
    "NL": (("1012", "Amsterdam", "Damrak"),),
    "IT": (("20121", "Milano", "Via Dante"),),
    "AT": (("1010", "Wien", "Kärntner Straße"),),
    "PT": (("1100", "Lisboa", "Rua Augusta"),),
}  # fmt: skip


def address_of(first: str, last: str, country: str, rng: random.Random) -> dict[str, str]:
    postal_code, city, street = rng.choice(PLACES.get(country, PLACES["LU"]))
    return {
        "first_name": first,
        "last_name": last,
        "line1": f"{rng.randrange(1, 120)} {street}",
        "postal_code": postal_code,
        "city": city,
        "country": country,
    }
