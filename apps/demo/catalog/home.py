"""Home goods (WIZAHOME): kitchen, living room, bedroom, bathroom and storage, in collections named
after Luxembourg's places; colours, sizes, diameters and scents as variants."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from .spec import (
    COLOUR,
    Catalog,
    CategorySpec,
    Numbering,
    OptionSpec,
    ProductSpec,
    Tr,
    capitalise,
    card_colours,
    colour_rgb,
    goods_spec,
    pick_unique,
    shop_price,
    simple_option,
    stock_and_sold,
    tr,
    variants_of,
)

DIAMETER = simple_option(
    "diameter", tr("Diameter", "Diamètre", "Durchmesser"),
    [("20cm", tr("20 cm", "20 cm", "20 cm")), ("24cm", tr("24 cm", "24 cm", "24 cm")),
     ("28cm", tr("28 cm", "28 cm", "28 cm"))],
)  # fmt: skip
BED_SIZE = simple_option(
    "bed_size", tr("Bed size", "Taille de lit", "Bettgröße"),
    [("140x200", tr("140 × 200 cm", "140 × 200 cm", "140 × 200 cm")),
     ("200x200", tr("200 × 200 cm", "200 × 200 cm", "200 × 200 cm")),
     ("240x220", tr("240 × 220 cm", "240 × 220 cm", "240 × 220 cm"))],
)  # fmt: skip
SCENT = simple_option(
    "scent", tr("Scent", "Parfum", "Duft"),
    [("fig", tr("Fig", "Figue", "Feige")), ("cedar", tr("Cedar", "Cèdre", "Zeder")),
     ("lavender", tr("Lavender", "Lavande", "Lavendel")), ("seasalt", tr("Sea salt", "Sel marin", "Meersalz")),
     ("vetiver", tr("Vetiver", "Vétiver", "Vetiver"))],
)  # fmt: skip
BASKET_SIZE = simple_option("size", tr("Size", "Taille", "Größe"), ["S", "M", "L"])


@dataclass(frozen=True)
class Kind:
    key: str
    category: str
    noun: Tr  # en: follows the collection name; fr, de: start the title
    price: tuple[float, float]
    weight: tuple[int, int]
    features: tuple[Tr, ...]
    axes: tuple[tuple[OptionSpec, tuple[str, ...]], ...] = ()
    step: float = 0.0  # price added per step of the first axis (diameter, bed size, basket size)


F = tr
DISHWASHER = F("dishwasher safe", "passe au lave-vaisselle", "spülmaschinenfest")
WASH40 = F("machine washable at 40 °C", "lavable en machine à 40 °C", "bei 40 °C waschbar")
OEKO = F("OEKO-TEX certified", "certifié OEKO-TEX", "OEKO-TEX-zertifiziert")
HANDMADE = F("each piece slightly different, as it is made by hand", "chaque pièce est unique, car faite à la main",
             "jedes Stück ein Unikat, weil von Hand gefertigt")  # fmt: skip
FSC = F("FSC-certified wood", "du bois certifié FSC", "FSC-zertifiziertes Holz")
EARTHY = ("sage", "sand", "terracotta", "ecru", "charcoal", "white", "mustard", "forest", "navy")

KINDS = (
    Kind("casserole", "cookware", tr("cast-iron casserole", "Cocotte en fonte", "Gusseisen-Bräter"), (89, 189),
         (3500, 6500),
         (F("suitable for every hob, induction included", "compatible avec tous les feux, induction comprise",
            "für alle Herdarten inklusive Induktion"),
          F("enamelled inside and out", "émaillée à l'intérieur comme à l'extérieur", "innen und außen emailliert"),
          F("oven safe to 250 °C", "va au four jusqu'à 250 °C", "backofenfest bis 250 °C")),
         ((DIAMETER, ("20cm", "24cm", "28cm")), (COLOUR, ("red", "navy", "sage", "charcoal"))), 30),
    Kind("pan", "cookware", tr("stainless steel frying pan", "Poêle en inox", "Edelstahlpfanne"), (39, 99),
         (900, 1600),
         (F("a three-ply base that heats evenly", "un fond trois couches qui chauffe uniformément",
            "ein dreilagiger Boden für gleichmäßige Hitze"),
          F("suitable for induction", "compatible induction", "induktionsgeeignet"), DISHWASHER),
         ((DIAMETER, ("24cm", "28cm")),), 10),
    Kind("saucepans", "cookware", tr("saucepan set, 3 pieces", "Set de 3 casseroles", "Topfset, 3-teilig"),
         (79, 199), (3000, 4500),
         (F("glass lids", "des couvercles en verre", "Glasdeckel"),
          F("measuring marks inside", "des graduations intérieures", "Innenskalierung"), DISHWASHER)),
    Kind("plates", "tableware",
         tr("stoneware dinner plates, set of 4", "Assiettes en grès, lot de 4", "Steingut-Teller, 4er-Set"),
         (34.9, 69.9), (2200, 3000),
         (F("a reactive glaze", "un émail réactif", "eine Reaktionsglasur"), DISHWASHER,
          F("microwave safe", "va au micro-ondes", "mikrowellengeeignet")),
         ((COLOUR, ("white", "sage", "sand", "charcoal", "terracotta")),)),
    Kind("mug", "tableware", tr("handmade ceramic mug", "Mug en céramique fait main", "Handgemachte Keramiktasse"),
         (14.9, 24.9), (300, 420), (HANDMADE, DISHWASHER, F("holds 350 ml", "contient 35 cl", "fasst 350 ml")),
         ((COLOUR, ("ecru", "sage", "terracotta", "navy", "mustard")),)),
    Kind("glasses", "tableware",
         tr("Riesling glasses, set of 6", "Verres à Riesling, lot de 6", "Riesling-Gläser, 6er-Set"),
         (29.9, 59.9), (1200, 1800),
         (F("made for the wines of the Moselle", "pensés pour les vins de la Moselle",
            "gemacht für die Weine der Mosel"),
          F("lead-free crystal glass", "du cristallin sans plomb", "bleifreies Kristallglas"), DISHWASHER)),
    Kind("carafe", "tableware", tr("glass carafe 1 l", "Carafe en verre 1 l", "Glaskaraffe 1 l"), (19.9, 39.9),
         (500, 800),
         (F("mouth-blown glass", "du verre soufflé bouche", "mundgeblasenes Glas"),
          F("an oak stopper", "un bouchon en chêne", "ein Korken aus Eiche"), DISHWASHER)),
    Kind("knife", "utensils", tr("chef's knife 20 cm", "Couteau de chef 20 cm", "Kochmesser 20 cm"), (49, 159),
         (180, 260),
         (F("forged German steel", "de l'acier allemand forgé", "geschmiedeter deutscher Stahl"),
          F("an olive-wood handle", "un manche en olivier", "ein Griff aus Olivenholz"),
          F("a lifetime guarantee", "une garantie à vie", "lebenslange Garantie"))),
    Kind("board", "utensils", tr("oak chopping board", "Planche à découper en chêne", "Schneidebrett aus Eiche"),
         (29.9, 69.9), (1200, 2400),
         (FSC, F("a juice groove", "une rigole à jus", "eine Saftrille"),
          F("finished with food-safe oil", "huilée avec une huile alimentaire",
            "mit lebensmittelechtem Öl behandelt"))),
    Kind("cushion", "textiles",
         tr("linen cushion cover 50 × 50 cm", "Housse de coussin en lin 50 × 50 cm",
            "Kissenbezug aus Leinen 50 × 50 cm"),
         (19.9, 39.9), (150, 250),
         (F("washed linen from Lithuania", "du lin lavé de Lituanie", "gewaschenes Leinen aus Litauen"),
          F("a hidden zip", "une fermeture éclair invisible", "ein verdeckter Reißverschluss"), WASH40),
         ((COLOUR, EARTHY),)),
    Kind("throw", "textiles", tr("wool throw", "Plaid en laine", "Wolldecke"), (59, 149), (800, 1400),
         (F("pure new wool", "de la pure laine vierge", "reine Schurwolle"),
          F("130 × 170 cm", "130 × 170 cm", "130 × 170 cm"),
          F("woven in a family mill", "tissé dans une filature familiale", "in einer Familienweberei gewebt")),
         ((COLOUR, ("mustard", "forest", "charcoal", "camel", "burgundy")),)),
    Kind("lamp", "lighting", tr("ceramic table lamp", "Lampe de table en céramique", "Keramik-Tischleuchte"),
         (59, 189), (1500, 3000),
         (F("a linen shade", "un abat-jour en lin", "ein Leinenschirm"),
          F("E27 socket, bulb not included", "douille E27, ampoule non incluse", "E27-Fassung, ohne Leuchtmittel"),
          HANDMADE),
         ((COLOUR, ("white", "sage", "terracotta", "navy")),)),
    Kind("pendant", "lighting", tr("rattan pendant light", "Suspension en rotin", "Rattan-Pendelleuchte"), (79, 199),
         (900, 1800),
         (F("hand-woven rattan", "du rotin tressé à la main", "handgeflochtenes Rattan"),
          F("an adjustable cable", "un câble réglable", "ein verstellbares Kabel"),
          F("a warm, dappled light", "une lumière chaude et tamisée", "ein warmes, gesprenkeltes Licht"))),
    Kind("candle", "decoration", tr("scented candle", "Bougie parfumée", "Duftkerze"), (14.9, 34.9), (250, 500),
         (F("50 hours of burning", "50 heures de combustion", "50 Stunden Brenndauer"),
          F("rapeseed wax and a cotton wick", "cire de colza et mèche en coton", "Rapswachs und Baumwolldocht"),
          F("poured by hand in Luxembourg", "coulée à la main au Luxembourg", "in Luxemburg von Hand gegossen")),
         ((SCENT, ("fig", "cedar", "lavender", "seasalt", "vetiver")),)),
    Kind("vase", "decoration", tr("glass vase", "Vase en verre", "Glasvase"), (19.9, 59.9), (600, 1500),
         (F("recycled glass", "du verre recyclé", "recyceltes Glas"),
          F("30 cm tall", "30 cm de haut", "30 cm hoch"), HANDMADE),
         ((COLOUR, ("sky", "sage", "sand")),)),
    Kind("frame", "decoration",
         tr("oak photo frame 13 × 18 cm", "Cadre photo en chêne 13 × 18 cm", "Bilderrahmen aus Eiche 13 × 18 cm"),
         (14.9, 29.9), (300, 500), (FSC, F("real glass", "un vrai verre", "echtes Glas"),
                                    F("stands or hangs", "se pose ou s'accroche", "zum Stellen oder Hängen"))),
    Kind("duvet", "bedroom",
         tr("cotton sateen duvet cover", "Housse de couette en satin de coton", "Bettbezug aus Baumwollsatin"),
         (49, 99), (900, 1600),
         (F("300 thread count", "300 fils au pouce", "Fadendichte 300"),
          F("a pillowcase included", "une taie d'oreiller incluse", "inklusive Kissenbezug"), OEKO, WASH40),
         ((BED_SIZE, ("140x200", "200x200", "240x220")), (COLOUR, ("white", "sand", "sage", "charcoal"))), 20),
    Kind("sheet", "bedroom", tr("fitted sheet", "Drap-housse", "Spannbettlaken"), (24.9, 44.9), (500, 900),
         (F("deep corners for mattresses up to 30 cm", "bonnets profonds pour matelas jusqu'à 30 cm",
            "tiefe Ecken für Matratzen bis 30 cm"), OEKO, WASH40),
         ((BED_SIZE, ("140x200", "200x200")), (COLOUR, ("white", "sand", "sage"))), 10),
    Kind("towel", "bathroom",
         tr("organic cotton bath towel", "Serviette de bain en coton bio", "Badetuch aus Bio-Baumwolle"),
         (14.9, 34.9), (500, 800),
         (F("600 g/m², soft and absorbent", "600 g/m², douce et absorbante", "600 g/m², weich und saugfähig"),
          OEKO, WASH40),
         ((COLOUR, ("white", "sand", "sage", "navy", "terracotta")),)),
    Kind("bathmat", "bathroom", tr("cotton bath mat", "Tapis de bain en coton", "Badematte aus Baumwolle"),
         (19.9, 39.9), (600, 900), (F("non-slip back", "un dos antidérapant", "rutschfeste Rückseite"), WASH40),
         ((COLOUR, ("white", "sand", "charcoal")),)),
    Kind("soap", "bathroom",
         tr("ceramic soap dispenser", "Distributeur de savon en céramique", "Seifenspender aus Keramik"),
         (14.9, 29.9), (350, 500), (HANDMADE, F("a stainless steel pump", "une pompe en inox", "eine Edelstahlpumpe")),
         ((COLOUR, ("white", "charcoal", "sage")),)),
    Kind("basket", "storage",
         tr("seagrass storage basket", "Panier de rangement en jonc de mer", "Aufbewahrungskorb aus Seegras"),
         (19.9, 39.9), (400, 1200),
         (F("hand-woven seagrass", "du jonc de mer tressé à la main", "handgeflochtenes Seegras"),
          F("sturdy handles", "des poignées solides", "stabile Griffe")),
         ((BASKET_SIZE, ("S", "M", "L")),), 8),
    Kind("boxes", "storage",
         tr("linen storage boxes, set of 3", "Boîtes de rangement en lin, lot de 3",
            "Aufbewahrungsboxen aus Leinen, 3er-Set"),
         (24.9, 44.9), (600, 900),
         (F("fold flat when not in use", "se plient à plat", "flach faltbar"),
          F("fit standard shelves", "s'adaptent aux étagères standard", "passen in Standardregale"))),
)  # fmt: skip

COLLECTIONS = ("Mullerthal", "Ösling", "Pétrusse", "Alzette", "Sûre", "Moselle", "Kirchberg", "Grund", "Clausen",
               "Vianden", "Clervaux", "Beaufort", "Larochette", "Remich", "Wiltz", "Bourscheid")  # fmt: skip
BRANDS = ("Maison Lumen", "Atelier Sûre", "Nordhaus", "Kachel & Co.", "Terre d'Ösling", "Lin & Laine", "Hëllef Home")
CLOSINGS = (
    tr("Designed in Luxembourg.", "Dessiné au Luxembourg.", "In Luxemburg entworfen."),
    tr("Delivered in two working days in Luxembourg.", "Livré en deux jours ouvrés au Luxembourg.",
       "Lieferung in Luxemburg in zwei Werktagen."),
    tr("Packed without plastic.", "Emballé sans plastique.", "Plastikfrei verpackt."),
)  # fmt: skip


def _list(features: list[Tr], lang: str) -> str:
    """Features of mixed grammar read best as a list: "Dishwasher safe; holds 350 ml"."""
    return capitalise((" ; " if lang == "fr" else "; ").join(f[lang] for f in features))


def generate(rng: random.Random, numbers: Numbering) -> Iterator[ProductSpec]:
    seen: set = set()
    index = 0
    while True:
        index += 1
        kind = KINDS[(index - 1) % len(KINDS)] if index <= len(KINDS) else rng.choice(KINDS)

        def make(kind=kind):
            collection = rng.choice(COLLECTIONS)
            return (f"{collection} {kind.noun['en']}", collection)

        title_en, collection = pick_unique(seen, make)
        brand = rng.choice(BRANDS)
        titles = {"en": title_en, "fr": f"{kind.noun['fr']} {collection}", "de": f"{kind.noun['de']} {collection}"}
        features = rng.sample(kind.features, k=min(len(kind.features), rng.choice((2, 3))))
        closing = rng.choice(CLOSINGS)
        descriptions = {
            "en": f"From the {collection} collection by {brand}. {_list(features, 'en')}. {closing['en']}",
            "fr": f"De la collection {collection} de {brand}. {_list(features, 'fr')}. {closing['fr']}",
            "de": f"Aus der Kollektion {collection} von {brand}. {_list(features, 'de')}. {closing['de']}",
        }
        spec = goods_spec(
            rng,
            numbers,
            kind,
            index,
            titles=titles,
            descriptions=descriptions,
            brand=brand,
            label=f"{collection} {kind.noun['en']}",
            shape="arch",
        )
        sku, price = spec.sku, spec.price
        if kind.axes and rng.random() < 0.85:
            axes = []
            for option, values in kind.axes:
                count = rng.randint(min(2, len(values)), min(len(values), 3 if len(kind.axes) > 1 else 5))
                axes.append((option.key, sorted(rng.sample(values, k=count), key=values.index)))
            spec.options = [key for key, _values in axes]
            first_values = kind.axes[0][1]
            chosen_first = axes[0][1]

            def price_for(options, kind=kind, price=price, first_values=first_values, chosen_first=chosen_first):
                key = kind.axes[0][0].key
                steps = first_values.index(options[key]) - first_values.index(chosen_first[0])
                return shop_price(float(price) + kind.step * steps, rng) if kind.step and steps else None

            spec.variants = variants_of(rng, numbers, sku=sku, axes=axes, price_for=price_for, high=30)
            colours = next((values for key, values in axes if key == "colour"), [])
            spec.colours = [colour_rgb(c) for c in colours][: spec.images]
        else:
            spec.stock, spec.sold = stock_and_sold(rng)
        if rng.random() < 0.5:
            spec.gtin = numbers.ean()
        if len(spec.colours) < spec.images:
            spec.colours += card_colours(rng, spec.images - len(spec.colours))
        yield spec


HOME = Catalog(
    key="home",
    label="Home goods",
    categories=(
        CategorySpec(
            "kitchen",
            tr("Kitchen", "Cuisine", "Küche"),
            (
                CategorySpec("cookware", tr("Cookware", "Casseroles et poêles", "Kochgeschirr")),
                CategorySpec("tableware", tr("Tableware", "Arts de la table", "Geschirr & Gläser")),
                CategorySpec("utensils", tr("Knives & utensils", "Couteaux et ustensiles", "Messer & Küchenhelfer")),
            ),
            tr(
                "Cookware and tableware that last for years.",
                "Des ustensiles et de la vaisselle qui durent.",
                "Kochgeschirr und Geschirr, das Jahre hält.",
            ),  # fmt: skip
        ),
        CategorySpec(
            "living",
            tr("Living room", "Salon", "Wohnzimmer"),
            (
                CategorySpec("textiles", tr("Cushions & throws", "Coussins et plaids", "Kissen & Decken")),
                CategorySpec("lighting", tr("Lighting", "Luminaires", "Leuchten")),
                CategorySpec("decoration", tr("Decoration", "Décoration", "Dekoration")),
            ),
        ),
        CategorySpec("bedroom", tr("Bedroom", "Chambre", "Schlafzimmer")),
        CategorySpec("bathroom", tr("Bathroom", "Salle de bain", "Badezimmer")),
        CategorySpec("storage", tr("Storage", "Rangement", "Aufbewahrung")),
    ),
    options=(COLOUR, DIAMETER, BED_SIZE, SCENT, BASKET_SIZE),
    generate=generate,
)
