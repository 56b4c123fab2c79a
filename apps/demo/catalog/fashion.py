"""Clothes, shoes and accessories (FASHIONHUB, and FASHIONOUTLET at last season's prices): every
garment in one to four colours and a run of sizes, one variant (SKU, barcode, stock) per pair."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from .spec import (
    COLOUR,
    GOODS_VAT,
    Catalog,
    CategorySpec,
    Numbering,
    ProductSpec,
    Tr,
    capitalise,
    colour_rgb,
    compare_at,
    cost_of,
    image_count,
    initials,
    pick_unique,
    price_between,
    shop_price,
    simple_option,
    status_and_featured,
    tr,
    variants_of,
)

WOMEN_SIZES = ["XS", "S", "M", "L", "XL"]
MEN_SIZES = ["S", "M", "L", "XL", "XXL"]
SHOE_SIZES = [str(n) for n in range(36, 47)]
SIZE = simple_option("size", tr("Size", "Taille", "Größe"), ["XS", "S", "M", "L", "XL", "XXL"])
SHOE_SIZE = simple_option("shoe_size", tr("Shoe size", "Pointure", "Schuhgröße"), SHOE_SIZES)


@dataclass(frozen=True)
class Material:
    names: Tr  # en: before the noun; fr: after "en"; de: after "aus"
    care: str


MATERIALS = {
    "linen": Material(tr("linen", "lin", "Leinen"), "wash"),
    "cotton": Material(tr("cotton", "coton", "Baumwolle"), "wash"),
    "organic": Material(tr("organic cotton", "coton bio", "Bio-Baumwolle"), "wash"),
    "merino": Material(tr("merino wool", "laine mérinos", "Merinowolle"), "hand"),
    "cashmere": Material(tr("cashmere", "cachemire", "Kaschmir"), "hand"),
    "silk": Material(tr("silk", "soie", "Seide"), "hand"),
    "viscose": Material(tr("viscose", "viscose", "Viskose"), "wash"),
    "denim": Material(tr("denim", "denim", "Denim"), "wash"),
    "wool": Material(tr("wool blend", "laine mélangée", "Wollmischung"), "dry"),
    "leather": Material(tr("leather", "cuir", "Leder"), "wipe"),
    "canvas": Material(tr("canvas", "toile", "Canvas"), "wipe"),
    "corduroy": Material(tr("corduroy", "velours côtelé", "Cord"), "wash"),
    "nylon": Material(tr("recycled nylon", "nylon recyclé", "recyceltem Nylon"), "wash"),
    "gabardine": Material(tr("cotton gabardine", "gabardine de coton", "Baumwollgabardine"), "dry"),
}
CARE = {
    "wash": tr("Machine washable at 30 °C.", "Lavable en machine à 30 °C.", "Bei 30 °C maschinenwaschbar."),
    "hand": tr("Hand wash cold or dry clean.", "Lavage à la main à froid ou nettoyage à sec.",
               "Kalte Handwäsche oder chemische Reinigung."),
    "dry": tr("Dry clean only.", "Nettoyage à sec uniquement.", "Nur chemische Reinigung."),
    "wipe": tr("Wipe clean with a damp cloth.", "Nettoyer avec un chiffon humide.",
               "Mit einem feuchten Tuch reinigen."),
}  # fmt: skip
ORIGINS = (
    tr("Made in Portugal.", "Fabriqué au Portugal.", "Hergestellt in Portugal."),
    tr("Made in Italy.", "Fabriqué en Italie.", "Hergestellt in Italien."),
    tr("Made in Lithuania.", "Fabriqué en Lituanie.", "Hergestellt in Litauen."),
    tr("Made in Romania.", "Fabriqué en Roumanie.", "Hergestellt in Rumänien."),
)
FITS = (
    tr("a relaxed fit", "coupe ample", "lockerer Passform"),
    tr("a regular fit", "coupe droite", "geradem Schnitt"),
    tr("a slim fit", "coupe ajustée", "schmaler Passform"),
)
APPAREL_COLOURS = ("black", "white", "navy", "grey", "beige", "camel", "burgundy", "olive", "sky", "pink", "ecru",
                   "forest", "charcoal", "mustard", "terracotta", "sage")  # fmt: skip


@dataclass(frozen=True)
class Garment:
    key: str
    gender: str  # women, men, unisex
    category: str
    noun: Tr  # en: lower case, after the material; fr, de: as they start a title
    price: tuple[float, float]
    weight: tuple[int, int]
    materials: tuple[str, ...]
    sizes: str = "apparel"  # apparel, shoes, none
    colours: tuple[str, ...] = APPAREL_COLOURS


JEANS = ("denim", "black", "ecru")
GARMENTS = (
    Garment("WDR", "women", "dresses", tr("wrap dress", "Robe portefeuille", "Wickelkleid"), (59, 149), (300, 500),
            ("linen", "viscose", "silk", "cotton")),
    Garment("WSD", "women", "dresses", tr("shirt dress", "Robe chemise", "Hemdblusenkleid"), (59, 129), (300, 450),
            ("cotton", "linen", "denim")),
    Garment("WBL", "women", "tops", tr("blouse", "Blouse", "Bluse"), (39, 89), (150, 250),
            ("silk", "viscose", "cotton", "linen")),
    Garment("WTS", "women", "tops", tr("T-shirt", "T-shirt", "T-Shirt"), (19.95, 39.95), (150, 200), ("organic",)),
    Garment("WJU", "women", "knitwear", tr("jumper", "Pull", "Pullover"), (49, 139), (300, 450),
            ("merino", "cashmere", "cotton")),
    Garment("WCA", "women", "knitwear", tr("cardigan", "Cardigan", "Cardigan"), (59, 149), (300, 450),
            ("merino", "cashmere")),
    Garment("WTR", "women", "trousers", tr("wide-leg trousers", "Pantalon large", "Marlenehose"), (49, 109),
            (300, 500), ("linen", "wool", "viscose")),
    Garment("WJE", "women", "trousers", tr("straight jeans", "Jean droit", "Straight-Jeans"), (59, 99), (500, 700),
            ("denim",), colours=JEANS),
    Garment("WCO", "women", "coats", tr("coat", "Manteau", "Mantel"), (149, 349), (1200, 1800), ("wool", "cashmere")),
    Garment("WTC", "women", "coats", tr("trench coat", "Trench", "Trenchcoat"), (129, 249), (900, 1300),
            ("gabardine",), colours=("beige", "navy", "black", "olive")),
    Garment("MOX", "men", "shirts", tr("Oxford shirt", "Chemise Oxford", "Oxford-Hemd"), (49, 89), (250, 350),
            ("cotton", "organic")),
    Garment("MSH", "men", "shirts", tr("shirt", "Chemise", "Hemd"), (45, 95), (250, 350),
            ("linen", "cotton", "corduroy")),
    Garment("MPO", "men", "tshirts", tr("polo shirt", "Polo", "Poloshirt"), (39, 79), (200, 280),
            ("cotton", "organic")),
    Garment("MTS", "men", "tshirts", tr("T-shirt", "T-shirt", "T-Shirt"), (19.95, 39.95), (160, 220),
            ("organic", "cotton")),
    Garment("MJU", "men", "jumpers", tr("crew-neck jumper", "Pull col rond", "Rundhalspullover"), (59, 149),
            (350, 550), ("merino", "cashmere", "cotton")),
    Garment("MCH", "men", "mtrousers", tr("chinos", "Chino", "Chinohose"), (59, 99), (400, 550),
            ("cotton", "corduroy")),
    Garment("MJE", "men", "mtrousers", tr("slim jeans", "Jean slim", "Slim-Jeans"), (69, 119), (550, 750),
            ("denim",), colours=JEANS),
    Garment("MPA", "men", "jackets", tr("parka", "Parka", "Parka"), (149, 299), (900, 1400), ("nylon", "gabardine"),
            colours=("olive", "navy", "black", "camel")),
    Garment("MOC", "men", "jackets", tr("overcoat", "Pardessus", "Mantel"), (199, 399), (1300, 1900),
            ("wool", "cashmere"), colours=("camel", "charcoal", "navy", "black")),
    Garment("ASC", "unisex", "scarves", tr("scarf", "Écharpe", "Schal"), (29.95, 129), (100, 250),
            ("wool", "cashmere", "cotton"), sizes="none"),
    Garment("ABE", "unisex", "scarves", tr("beanie", "Bonnet", "Mütze"), (24.95, 69), (60, 120),
            ("merino", "cashmere"), sizes="none"),
    Garment("ATO", "unisex", "bags", tr("tote bag", "Cabas", "Shopper"), (39, 189), (400, 900),
            ("leather", "canvas"), sizes="none", colours=("black", "camel", "navy", "ecru", "burgundy")),
    Garment("ABP", "unisex", "bags", tr("backpack", "Sac à dos", "Rucksack"), (69, 189), (700, 1200),
            ("canvas", "nylon", "leather"), sizes="none", colours=("black", "olive", "navy", "camel")),
    Garment("ABT", "unisex", "belts", tr("belt", "Ceinture", "Gürtel"), (39, 89), (150, 250), ("leather",),
            colours=("black", "camel", "burgundy")),
    Garment("SSN", "unisex", "shoes", tr("sneakers", "Baskets", "Sneaker"), (79, 169), (700, 1000),
            ("leather", "canvas"), sizes="shoes", colours=("white", "black", "navy", "ecru")),
    Garment("SCB", "unisex", "shoes", tr("Chelsea boots", "Bottines Chelsea", "Chelsea-Boots"), (119, 229),
            (1000, 1400), ("leather",), sizes="shoes", colours=("black", "camel", "burgundy")),
    Garment("SLO", "unisex", "shoes", tr("loafers", "Mocassins", "Loafer"), (99, 189), (700, 1000), ("leather",),
            sizes="shoes", colours=("black", "camel", "burgundy")),
)  # fmt: skip

NAMES = {
    "women": ("Clara", "Emma", "Léa", "Nora", "Mila", "Sofia", "Lina", "Zoé", "Anna", "Elise", "Jeanne", "Maud"),
    "men": ("Louis", "Max", "Noah", "Léon", "Paul", "Tom", "Luca", "Ben", "Hugo", "Felix", "Jules", "Marc"),
    "unisex": ("Alex", "Sam", "Charlie", "Robin", "Kim", "Jo", "Noa", "Lou", "Eden", "Sacha"),
}
BRANDS = ("Maison Pétrusse", "Atelier Alzette", "Linea Moselle", "Nordkapp Wear", "Urban Loom", "Kirchberg Studio")
MODEL = {
    "women": tr("The model is 1.76 m tall and wears size S.", "Le mannequin mesure 1,76 m et porte une taille S.",
                "Das Model ist 1,76 m groß und trägt Größe S."),
    "men": tr("The model is 1.86 m tall and wears size M.", "Le mannequin mesure 1,86 m et porte une taille M.",
              "Das Model ist 1,86 m groß und trägt Größe M."),
}  # fmt: skip
OUTLET_NOTE = tr(
    "From last season's collection, at outlet prices.",
    "De la collection de la saison passée, à prix outlet.",
    "Aus der Kollektion der letzten Saison, zu Outlet-Preisen.",
)


def _describe(garment: Garment, material: Material, brand: str, rng: random.Random) -> Tr:
    noun, stuff = garment.noun, material.names
    care, origin = CARE[material.care], rng.choice(ORIGINS)
    if garment.sizes == "apparel" and garment.category != "belts":
        fit = rng.choice(FITS)
        text = {
            "en": f"{capitalise(stuff['en'])} {noun['en']} with {fit['en']}, by {brand}.",
            "fr": f"{noun['fr']} en {stuff['fr']}, {fit['fr']}, par {brand}.",
            "de": f"{noun['de']} aus {stuff['de']} mit {fit['de']}, von {brand}.",
        }
    else:
        text = {
            "en": f"{capitalise(stuff['en'])} {noun['en']} by {brand}.",
            "fr": f"{noun['fr']} en {stuff['fr']}, par {brand}.",
            "de": f"{noun['de']} aus {stuff['de']}, von {brand}.",
        }
    extra = MODEL.get(garment.gender) if garment.sizes == "apparel" and rng.random() < 0.5 else None
    return {
        lang: " ".join(part for part in (text[lang], extra[lang] if extra else "", care[lang], origin[lang]) if part)
        for lang in ("en", "fr", "de")
    }


def _sizes(garment: Garment, rng: random.Random) -> tuple[str, list[str]] | None:
    if garment.sizes == "none":
        return None
    if garment.sizes == "shoes":
        start = rng.randint(0, 4)
        return "shoe_size", SHOE_SIZES[start : start + rng.randint(5, 7)]
    if garment.category == "belts":
        return "size", ["S", "M", "L", "XL"]
    scale = WOMEN_SIZES if garment.gender == "women" else MEN_SIZES
    start = rng.randint(0, 1)
    return "size", scale[start : start + rng.randint(4, 5 - start)]


def _generate(outlet: bool):
    def generate(rng: random.Random, numbers: Numbering) -> Iterator[ProductSpec]:
        seen: set = set()
        index = 0
        while True:
            index += 1
            garment = GARMENTS[(index - 1) % len(GARMENTS)] if index <= len(GARMENTS) else rng.choice(GARMENTS)

            def make(garment=garment):
                name = rng.choice(NAMES[garment.gender])
                material_key = rng.choice(garment.materials)
                return (f"{name} {MATERIALS[material_key].names['en']} {garment.noun['en']}", name, material_key)

            title_en, name, material_key = pick_unique(seen, make)
            material = MATERIALS[material_key]
            brand = rng.choice(BRANDS)
            titles = {
                "en": title_en,
                "fr": f"{garment.noun['fr']} {name} en {material.names['fr']}",
                "de": f"{garment.noun['de']} {name} aus {material.names['de']}",
            }
            descriptions = _describe(garment, material, brand, rng)
            price, compare, descriptions = _prices(garment, descriptions, rng, outlet=outlet)
            status, featured = status_and_featured(rng, draft=0.05, archived=0.02 if outlet else 0.05)
            sku = numbers.sku(garment.key, f"{index:04d}")
            colours = sorted(
                rng.sample(garment.colours, k=min(len(garment.colours), rng.choices((1, 2, 3), weights=(3, 4, 2))[0])),
                key=garment.colours.index,
            )
            axes: list[tuple[str, list[str]]] = [("colour", colours)]
            sizes = _sizes(garment, rng)
            if sizes:
                axes.append(sizes)
            spec = ProductSpec(
                sku=sku,
                titles=titles,
                descriptions=descriptions,
                price=price,
                vat_rate=GOODS_VAT,
                categories=[garment.category],
                brand=brand,
                compare_at_price=compare,
                cost_price=cost_of(compare or price, GOODS_VAT, rng),
                weight_grams=rng.randint(*garment.weight),
                status=status,
                featured=featured,
                options=[key for key, _values in axes],
                variants=variants_of(rng, numbers, sku=sku, axes=axes, barcodes=0.9, high=12 if outlet else 25),
                images=image_count(rng),
                initials=initials(f"{name} {garment.noun['en']}"),
                caption=capitalise(garment.noun["en"]),
                shape="shirt" if garment.sizes == "apparel" and garment.category != "belts" else "circle",
            )
            spec.colours = _card_colours(colours, spec.images)
            if outlet:
                _sell_out_last_sizes(spec, rng)
            yield spec

    return generate


def _prices(garment, descriptions: dict, rng: random.Random, *, outlet: bool) -> tuple:
    """Price, compare-at price and descriptions: outlet items are marked down and say so."""
    price = price_between(rng, *garment.price, endings=("95", "00", "90"))
    compare = None
    if outlet:
        compare = price
        price = shop_price(float(price) * rng.uniform(0.4, 0.7), rng, endings=("95", "99"))
        descriptions = {lang: f"{text} {OUTLET_NOTE[lang]}" for lang, text in descriptions.items()}
    elif rng.random() < 0.1:
        compare = compare_at(price, rng)
    return price, compare, descriptions


def _card_colours(colours: list[str], images: int) -> list:
    """One card colour per image: the product's colours, then darker shades of the last."""
    rgbs = [colour_rgb(c) for c in colours]
    while len(rgbs) < images:
        rgbs.append(tuple(max(0, v - 40) for v in rgbs[len(rgbs) - 1]))
    return rgbs[:images]


def _sell_out_last_sizes(spec: ProductSpec, rng: random.Random) -> None:
    """Outlet stock: the last sizes, more of them sold out."""
    for variant in spec.variants:
        if rng.random() < 0.25:
            variant.sold += variant.stock
            variant.stock = 0


def _categories() -> tuple[CategorySpec, ...]:
    return (
        CategorySpec(
            "women",
            tr("Women", "Femme", "Damen"),
            (
                CategorySpec("dresses", tr("Dresses", "Robes", "Kleider")),
                CategorySpec("tops", tr("Tops & T-shirts", "Hauts et t-shirts", "Tops & T-Shirts")),
                CategorySpec("knitwear", tr("Knitwear", "Mailles", "Strick")),
                CategorySpec("trousers", tr("Trousers & jeans", "Pantalons et jeans", "Hosen & Jeans")),
                CategorySpec("coats", tr("Coats & trench coats", "Manteaux et trenchs", "Mäntel & Trenchcoats")),
            ),
        ),
        CategorySpec(
            "men",
            tr("Men", "Homme", "Herren"),
            (
                CategorySpec("shirts", tr("Shirts", "Chemises", "Hemden")),
                CategorySpec("tshirts", tr("T-shirts & polos", "T-shirts et polos", "T-Shirts & Polos")),
                CategorySpec("jumpers", tr("Jumpers", "Pulls", "Pullover")),
                CategorySpec("mtrousers", tr("Chinos & jeans", "Chinos et jeans", "Chinos & Jeans")),
                CategorySpec("jackets", tr("Jackets & overcoats", "Parkas et pardessus", "Jacken & Mäntel")),
            ),
        ),
        CategorySpec(
            "accessories",
            tr("Accessories", "Accessoires", "Accessoires"),
            (
                CategorySpec("bags", tr("Bags", "Sacs", "Taschen")),
                CategorySpec("scarves", tr("Scarves & hats", "Écharpes et bonnets", "Schals & Mützen")),
                CategorySpec("belts", tr("Belts", "Ceintures", "Gürtel")),
            ),
        ),
        CategorySpec("shoes", tr("Shoes", "Chaussures", "Schuhe")),
    )


FASHION = Catalog(
    key="fashion",
    label="Fashion",
    categories=_categories(),
    options=(COLOUR, SIZE, SHOE_SIZE),
    generate=_generate(outlet=False),
)
OUTLET = Catalog(
    key="outlet",
    label="Fashion outlet",
    categories=_categories(),
    options=(COLOUR, SIZE, SHOE_SIZE),
    generate=_generate(outlet=True),
)
