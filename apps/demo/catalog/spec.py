"""What a demo catalogue is made of, and the helpers its generators share: translated texts,
prices ending the way shops price, valid GTIN-13 / ISBN-13 numbers, stock and status mixes."""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from apps.catalog.pricing import VatRate

Tr = dict[str, str]  # language code -> text
RGB = tuple[int, int, int]

BOOKS_VAT = VatRate.SUPER_REDUCED  # 3 %: printed books, e-books and audiobooks in Luxembourg
GOODS_VAT = VatRate.STANDARD  # 17 %: clothes, electronics, home goods


def tr(en: str, fr: str, de: str = "", lb: str = "") -> Tr:
    texts = {"en": en, "fr": fr, "de": de, "lb": lb}
    return {lang: text for lang, text in texts.items() if text}


# --- What a catalogue is -------------------------------------------------------------------------


@dataclass(frozen=True)
class CategorySpec:
    key: str
    names: Tr
    children: tuple[CategorySpec, ...] = ()
    descriptions: Tr = field(default_factory=dict)


@dataclass(frozen=True)
class OptionValueSpec:
    key: str
    names: Tr
    rgb: RGB | None = None


@dataclass(frozen=True)
class OptionSpec:
    key: str
    names: Tr
    values: tuple[OptionValueSpec, ...]

    def value(self, key: str) -> OptionValueSpec:
        return next(v for v in self.values if v.key == key)


@dataclass
class VariantSpec:
    sku: str
    options: dict[str, str]  # option key -> value key
    price: Decimal | None = None  # None: the product's price
    barcode: str = ""
    stock: int = 0
    sold: int = 0


@dataclass
class ProductSpec:
    sku: str
    titles: Tr
    descriptions: Tr
    price: Decimal
    vat_rate: Decimal
    categories: list[str]
    brand: str = ""
    gtin: str = ""
    compare_at_price: Decimal | None = None
    cost_price: Decimal | None = None
    weight_grams: int | None = None
    status: str = "active"
    featured: bool = False
    options: list[str] = field(default_factory=list)
    variants: list[VariantSpec] = field(default_factory=list)  # empty: the default variant only
    stock: int = 0  # of the default variant
    sold: int = 0
    images: int = 1
    # how its picture cards look
    initials: str = ""
    caption: str = ""  # a short line under the initials (the kind of product, the author)
    colours: list[RGB] = field(default_factory=list)  # one background per image
    shape: str = "circle"


@dataclass
class Numbering:
    """SKUs and barcodes of one store: deterministic, unique within the store, and (through a block
    derived from the store code) different from other stores'."""

    store_code: str
    _next: int = 0

    @property
    def prefix(self) -> str:
        letters = "".join(c for c in self.store_code.upper() if c.isalnum())
        return letters[:3] or "DEM"

    @property
    def block(self) -> int:
        return zlib.crc32(self.store_code.upper().encode()) % 1000

    def sku(self, *parts: str) -> str:
        return "-".join((self.prefix, *parts))

    def _serial(self) -> int:
        self._next += 1
        return self._next

    def ean(self) -> str:
        """A GTIN-13 with a Belgian/Luxembourgish GS1 prefix (540-549)."""
        return gtin13(f"54{self.block % 10}{self.block:03d}{self._serial():06d}")

    def isbn(self, language: str) -> str:
        """An ISBN-13 (978 + registration group of the edition's language + publisher + title)."""
        group = {"en": "1", "fr": "2", "de": "3", "lb": "99959"}.get(language, "1")
        body = f"978{group}"
        room = 12 - len(body)
        return gtin13(body + f"{self.block:03d}{self._serial():06d}"[-room:])


@dataclass(frozen=True)
class Catalog:
    key: str
    label: str
    categories: tuple[CategorySpec, ...]
    options: tuple[OptionSpec, ...]
    generate: Callable[[random.Random, Numbering], Iterator[ProductSpec]]

    def option(self, key: str) -> OptionSpec:
        return next(o for o in self.options if o.key == key)


# --- Numbers -------------------------------------------------------------------------------------


def gtin_check_digit(body: str) -> str:
    """The check digit of a GTIN-8/12/13/14 body (weights 3 and 1 from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def gtin13(body12: str) -> str:
    if len(body12) != 12 or not body12.isdigit():
        raise ValueError(f"a GTIN-13 body has 12 digits, not {body12!r}")
    return body12 + gtin_check_digit(body12)


def gtin_valid(code: str) -> bool:
    return code.isdigit() and len(code) in (8, 12, 13, 14) and gtin_check_digit(code[:-1]) == code[-1]


CENT = Decimal("0.01")


def shop_price(value: float, rng: random.Random, endings: tuple[str, ...] = ("90", "95", "99")) -> Decimal:
    """A price as shops set them: 12.90, 24.95, 149.00, 1,290.00."""
    whole = int(value)
    if whole >= 100:
        whole = whole - whole % 10 + rng.choice((4, 9))
        return Decimal(f"{whole}.{rng.choice(('00', '90'))}")
    return Decimal(f"{max(whole, 1)}.{rng.choice(endings)}")


def price_between(
    rng: random.Random, low: float, high: float, endings: tuple[str, ...] = ("90", "95", "99")
) -> Decimal:
    return shop_price(rng.uniform(low, high), rng, endings)


def cost_of(price: Decimal, vat_rate: Decimal, rng: random.Random) -> Decimal:
    """What the merchant paid: 35-60 % of the price without VAT."""
    net = price / (Decimal(1) + vat_rate / Decimal(100))
    return (net * Decimal(str(round(rng.uniform(0.35, 0.6), 2)))).quantize(CENT, rounding=ROUND_HALF_UP)


def compare_at(price: Decimal, rng: random.Random, low: float = 1.15, high: float = 1.4) -> Decimal:
    """A former price above this one (a product on sale)."""
    return shop_price(float(price) * rng.uniform(low, high) + 1, rng)


# --- Mixes every store has -----------------------------------------------------------------------


def status_and_featured(rng: random.Random, *, draft: float = 0.06, archived: float = 0.04, featured: float = 0.08):
    roll = rng.random()
    if roll < draft:
        return "draft", False
    if roll < draft + archived:
        return "archived", False
    return "active", rng.random() < featured


def stock_and_sold(rng: random.Random, *, zero: float = 0.08, low: float = 0.1, high: int = 80) -> tuple[int, int]:
    """(on hand, sold so far): some sold out, some low (at or under the default threshold of 5)."""
    roll = rng.random()
    if roll < zero:
        sold = rng.randint(1, 12)
        return 0, sold
    if roll < zero + low:
        return rng.randint(1, 4), rng.randint(0, 15)
    return rng.randint(6, high), rng.randint(0, 10)


def variants_of(
    rng: random.Random,
    numbers: Numbering,
    *,
    sku: str,
    axes: list[tuple[str, list[str]]],
    price_for: Callable[[dict[str, str]], Decimal | None] | None = None,
    barcodes: float = 0.7,
    high: int = 30,
) -> list[VariantSpec]:
    """One variant per combination of the chosen option values (colour x size ...), each with
    its own SKU, often a barcode, and stock."""
    variants = []
    for combo in itertools.product(*[[(key, value) for value in values] for key, values in axes]):
        options = dict(combo)
        stock, sold = stock_and_sold(rng, high=high)
        suffix = "-".join(value.replace(" ", "").upper()[:6] for _key, value in combo)
        variants.append(
            VariantSpec(
                sku=f"{sku}-{suffix}",
                options=options,
                price=price_for(options) if price_for else None,
                barcode=numbers.ean() if rng.random() < barcodes else "",
                stock=stock,
                sold=sold,
            )
        )
    return variants


def image_count(rng: random.Random) -> int:
    return rng.choices((1, 2, 3), weights=(5, 3, 2))[0]


AND = {"en": "and", "fr": "et", "de": "und", "lb": "an"}


def join_words(items: list[str], lang: str) -> str:
    """ "a, b and c" in the language."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {AND[lang]} {items[-1]}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def initials(text: str) -> str:
    words = [w for w in text.replace("-", " ").split() if w[:1].isalnum()]
    letters = "".join(w[0] for w in words[:2]).upper()
    return letters or "?"


def pick_unique(seen: set, make: Callable[[], tuple], tries: int = 50) -> tuple:
    """Call `make` until its first element is new (titles stay unique while combinations last)."""
    for _ in range(tries):
        value = make()
        if value[0] not in seen:
            seen.add(value[0])
            return value
    return value


# --- Option types several catalogues use ---------------------------------------------------------

COLOURS: dict[str, tuple[Tr, RGB]] = {
    "black": (tr("Black", "Noir", "Schwarz"), (34, 34, 38)),
    "white": (tr("White", "Blanc", "Weiß"), (236, 233, 226)),
    "navy": (tr("Navy", "Bleu marine", "Marineblau"), (31, 45, 84)),
    "grey": (tr("Grey", "Gris", "Grau"), (128, 130, 134)),
    "charcoal": (tr("Charcoal", "Anthracite", "Anthrazit"), (60, 62, 66)),
    "beige": (tr("Beige", "Beige", "Beige"), (214, 196, 168)),
    "camel": (tr("Camel", "Camel", "Camel"), (193, 154, 107)),
    "burgundy": (tr("Burgundy", "Bordeaux", "Bordeaux"), (110, 28, 44)),
    "olive": (tr("Olive", "Kaki", "Oliv"), (107, 112, 62)),
    "sage": (tr("Sage green", "Vert sauge", "Salbeigrün"), (156, 175, 136)),
    "sky": (tr("Sky blue", "Bleu ciel", "Himmelblau"), (125, 180, 220)),
    "red": (tr("Red", "Rouge", "Rot"), (196, 40, 46)),
    "pink": (tr("Pink", "Rose", "Rosa"), (232, 160, 176)),
    "mustard": (tr("Mustard", "Moutarde", "Senfgelb"), (214, 165, 40)),
    "terracotta": (tr("Terracotta", "Terracotta", "Terrakotta"), (196, 102, 68)),
    "sand": (tr("Sand", "Sable", "Sand"), (222, 205, 175)),
    "ecru": (tr("Ecru", "Écru", "Ecru"), (240, 234, 214)),
    "denim": (tr("Denim blue", "Bleu denim", "Jeansblau"), (72, 98, 140)),
    "forest": (tr("Forest green", "Vert forêt", "Waldgrün"), (34, 85, 60)),
}

COLOUR = OptionSpec(
    "colour",
    tr("Colour", "Couleur", "Farbe"),
    tuple(OptionValueSpec(key, names, rgb) for key, (names, rgb) in COLOURS.items()),
)


def colour_rgb(key: str) -> RGB:
    return COLOURS[key][1]


def simple_option(key: str, names: Tr, values: list[str | tuple[str, Tr]]) -> OptionSpec:
    """An option type whose values are written the same in every language, or given per language."""
    specs = []
    for value in values:
        if isinstance(value, tuple):
            specs.append(OptionValueSpec(value[0], value[1]))
        else:
            specs.append(OptionValueSpec(value, tr(value, value, value)))
    return OptionSpec(key, names, tuple(specs))


# Background colours of picture cards for products without a colour of their own.
CARD_COLOURS: list[RGB] = [
    (38, 70, 83),
    (42, 157, 143),
    (233, 196, 106),
    (244, 162, 97),
    (231, 111, 81),
    (69, 123, 157),
    (29, 53, 87),
    (131, 56, 236),
    (58, 134, 255),
    (255, 0, 110),
    (106, 153, 78),
    (188, 71, 73),
    (96, 108, 56),
    (40, 54, 24),
    (221, 161, 94),
    (188, 108, 37),
]


def card_colours(rng: random.Random, count: int) -> list[RGB]:
    first = rng.randrange(len(CARD_COLOURS))
    return [CARD_COLOURS[(first + 5 * i) % len(CARD_COLOURS)] for i in range(count)]


def goods_spec(
    rng: random.Random,
    numbers: Numbering,
    kind,
    index: int,
    *,
    titles: dict[str, str],
    descriptions: dict[str, str],
    brand: str,
    label: str,
    shape: str,
) -> ProductSpec:
    """What every gadget and home-goods product shares: its price band, standard VAT, numbered
    SKU, state, weight and pictures, and now and then a compare-at price. `kind` brings key,
    category, noun, price and weight."""
    price = price_between(rng, *kind.price)
    status, featured = status_and_featured(rng)
    spec = ProductSpec(
        sku=numbers.sku(kind.key[:3].upper(), f"{index:04d}"),
        titles=titles,
        descriptions=descriptions,
        price=price,
        vat_rate=GOODS_VAT,
        categories=[kind.category],
        brand=brand,
        cost_price=cost_of(price, GOODS_VAT, rng),
        weight_grams=rng.randint(*kind.weight),
        status=status,
        featured=featured,
        images=image_count(rng),
        initials=initials(label),
        caption=capitalise(kind.noun["en"]),
        shape=shape,
    )
    if rng.random() < 0.12:
        spec.compare_at_price = compare_at(price, rng)
    return spec
