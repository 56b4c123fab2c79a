"""Books (BOOKSTORE: printed, authors as brand, ISBN-13 as SKU and GTIN) and e-books and
audiobooks (BOOKDIGITAL: a Format option, one ISBN per format). A book is one edition in one
language, so its title is that edition's title in every language field; the descriptions are
translated. Luxembourg's super-reduced VAT rate (3 %) applies to books in every format."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal

from .book_titles import BLURBS, TITLES
from .spec import (
    BOOKS_VAT,
    Catalog,
    CategorySpec,
    Numbering,
    OptionSpec,
    OptionValueSpec,
    ProductSpec,
    Tr,
    VariantSpec,
    card_colours,
    cost_of,
    image_count,
    pick_unique,
    price_between,
    status_and_featured,
    stock_and_sold,
    tr,
)

FORMAT = OptionSpec(
    "format",
    tr("Format", "Format", "Format"),
    (
        OptionValueSpec("epub", tr("E-book (EPUB)", "Livre numérique (EPUB)", "E-Book (EPUB)")),
        OptionValueSpec("pdf", tr("E-book (PDF)", "Livre numérique (PDF)", "E-Book (PDF)")),
        OptionValueSpec("audio", tr("Audiobook (MP3)", "Livre audio (MP3)", "Hörbuch (MP3)")),
    ),
)


AUTHORS = {
    "en": ("Eleanor Hart", "James Whitfield", "Olivia Grant", "Samuel Reed", "Hannah Blake", "Daniel Okafor",
           "Priya Nair", "Thomas Ashby", "Grace Holloway", "Oliver Penrose"),
    "fr": ("Camille Laurent", "Julien Moreau", "Hélène Faure", "Antoine Girard", "Claire Dubois", "Mathieu Lefèvre",
           "Sophie Marchand", "Nicolas Bertin", "Élise Roussel", "Lucien Carpentier"),
    "de": ("Katrin Vogel", "Jonas Richter", "Miriam Albrecht", "Stefan Brandt", "Lena Hartmann", "Felix Sommer",
           "Johanna Keller", "Tobias Lang", "Sabine Krüger", "Moritz Engel"),
    "lu": ("Anne Weber", "Marc Thill", "Claire Schmit", "Jean-Paul Kieffer", "Sophie Reding", "Tom Hoffmann",
           "Carole Wagner", "Luc Majerus", "Nathalie Ries", "Jos Feller", "Martine Kayser", "Paul Medinger"),
}  # fmt: skip
NARRATORS = ("Ruth Abbott", "Marc Lenz", "Isabelle Roche", "Georg Weiss", "Amara Osei", "Lynn Klein")
PUBLISHERS = {
    "en": ("Harbour Lane Press", "Northgate Books"),
    "fr": ("Éditions du Pont Adolphe", "Éditions de la Pétrusse"),
    "de": ("Moselverlag", "Verlag Am Glacis"),
    "lb": ("Éditions Guttland", "Éislek Verlag"),
}
EDITION = {  # the edition's language, named in each language
    "en": tr("English edition", "Édition anglaise", "Englische Ausgabe"),
    "fr": tr("French edition", "Édition française", "Französische Ausgabe"),
    "de": tr("German edition", "Édition allemande", "Deutsche Ausgabe"),
    "lb": tr("Luxembourgish edition", "Édition luxembourgeoise", "Luxemburgische Ausgabe"),
}
BINDING = {"paperback": tr("paperback", "broché", "Taschenbuch"), "hardcover": tr("hardcover", "relié", "gebunden")}
PAGES = tr("pages", "pages", "Seiten")


def _pick_language(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# category, weight, (low, high) price of a paperback, hardcover share
PRINT_MIX = (
    ("crime", 15, (9.9, 16.9), 0.2),
    ("literary", 18, (10.9, 19.9), 0.4),
    ("scifi", 8, (10.9, 18.9), 0.25),
    ("history", 8, (19.9, 34.9), 0.7),
    ("cookery", 8, (19.9, 39.9), 0.9),
    ("travel", 7, (14.9, 24.9), 0.2),
    ("science", 6, (12.9, 22.9), 0.5),
    ("picture", 10, (9.9, 16.9), 0.8),
    ("youngadult", 8, (9.9, 16.9), 0.2),
    ("luxembourg", 12, (14.9, 24.9), 0.5),
)
DIGITAL_MIX = (
    ("crime", 18),
    ("literary", 18),
    ("scifi", 14),
    ("history", 8),
    ("science", 8),
    ("travel", 6),
    ("youngadult", 10),
    ("luxembourg", 8),
)


def _book(rng: random.Random, category: str, languages: dict[str, float], seen: set) -> tuple[str, str, str, str]:
    """(title, edition language, genre, author) of a new book."""
    if category == "luxembourg":
        genre = rng.choice(("literary", "literary", "crime"))
        languages = {"lb": 0.4, "de": 0.3, "fr": 0.3}
        authors = AUTHORS["lu"]
    else:
        genre, authors = category, None

    def make():
        lang = _pick_language(rng, languages)
        title = TITLES[genre](rng, "de" if lang == "lb" and genre not in ("literary", "crime") else lang)
        return (title, lang)

    title, lang = pick_unique(seen, make)
    author = rng.choice(authors or AUTHORS["de" if lang == "lb" else lang])
    return title, lang, genre, author


def _titles(title: str, lang: str) -> Tr:
    titles = {"en": title, "fr": title, "de": title}
    if lang == "lb":
        titles["lb"] = title
    return titles


def _print_generate(rng: random.Random, numbers: Numbering) -> Iterator[ProductSpec]:
    seen: set = set()
    categories = [c for c, _w, _p, _h in PRINT_MIX]
    weights = [w for _c, w, _p, _h in PRINT_MIX]
    while True:
        category = rng.choices(categories, weights=weights)[0]
        _c, _w, (low, high), hardcover_share = next(m for m in PRINT_MIX if m[0] == category)
        title, lang, genre, author = _book(rng, category, {"de": 0.4, "fr": 0.3, "en": 0.3}, seen)
        binding = "hardcover" if rng.random() < hardcover_share else "paperback"
        price = price_between(rng, low, high, endings=("00", "90", "95"))
        if binding == "hardcover":
            price = price_between(rng, float(price) * 1.6, float(price) * 1.9, endings=("00", "90", "95"))
        pages = rng.randrange(32, 64, 8) if genre == "picture" else rng.randrange(160, 560, 8)
        publisher, year = rng.choice(PUBLISHERS[lang]), rng.randint(2015, 2025)
        blurb = rng.choice(BLURBS[genre])
        descriptions = {
            code: f"{blurb[code]} {EDITION[lang][code]}, {BINDING[binding][code]}, {pages} {PAGES[code]}. "
            f"{publisher}, {year}."
            for code in ("en", "fr", "de")
        }
        isbn = numbers.isbn(lang)
        status, featured = status_and_featured(rng, draft=0.04, archived=0.04)
        stock, sold = stock_and_sold(rng, high=30)
        images = image_count(rng)
        weight = pages * (3 if binding == "hardcover" else 2) + rng.randint(20, 80)
        yield ProductSpec(
            sku=isbn,
            gtin=isbn,
            titles=_titles(title, lang),
            descriptions=descriptions,
            price=price,
            vat_rate=BOOKS_VAT,
            categories=[category] if category != "luxembourg" else ["luxembourg", genre],
            brand=author,
            cost_price=cost_of(price, BOOKS_VAT, rng),
            weight_grams=weight,
            status=status,
            featured=featured,
            stock=stock,
            sold=sold,
            images=images,
            initials=title,
            caption=author,
            colours=card_colours(rng, images),
            shape="book",
        )


def _digital_generate(rng: random.Random, numbers: Numbering) -> Iterator[ProductSpec]:
    seen: set = set()
    categories = [c for c, _w in DIGITAL_MIX]
    weights = [w for _c, w in DIGITAL_MIX]
    index = 0
    while True:
        index += 1
        category = rng.choices(categories, weights=weights)[0]
        title, lang, genre, author = _book(rng, category, {"en": 0.6, "fr": 0.2, "de": 0.2}, seen)
        formats = rng.choices(
            (["epub"], ["epub", "pdf"], ["epub", "audio"], ["audio"], ["epub", "pdf", "audio"]), weights=(4, 2, 3, 1, 2)
        )[0]
        ebook_price = price_between(rng, 4.99, 14.99, endings=("99",))
        audio_price = price_between(rng, 12.99, 29.99, endings=("99",))
        prices = {"epub": ebook_price, "pdf": ebook_price, "audio": audio_price}
        price = min(prices[f] for f in formats)
        narrator = rng.choice(NARRATORS)
        hours, minutes = rng.randint(3, 16), rng.randint(0, 59)
        blurb = rng.choice(BLURBS[genre])
        parts = {code: [blurb[code], f"{EDITION[lang][code]}."] for code in ("en", "fr", "de")}
        if "epub" in formats or "pdf" in formats:
            parts["en"].append("E-book without DRM, for every reader and app.")
            parts["fr"].append("Livre numérique sans DRM, pour toutes les liseuses et applications.")
            parts["de"].append("E-Book ohne DRM, für alle Reader und Apps.")
        if "audio" in formats:
            parts["en"].append(f"Audiobook read by {narrator}, {hours} h {minutes:02d} min.")
            parts["fr"].append(f"Livre audio lu par {narrator}, {hours} h {minutes:02d}.")
            parts["de"].append(f"Hörbuch, gelesen von {narrator}, {hours} Std. {minutes} Min.")
        sku = numbers.sku("E", f"{index:04d}")
        variants = []
        for fmt in formats:
            licences = 0 if rng.random() < 0.03 else rng.choice((100, 250, 500, 1000))
            variants.append(
                VariantSpec(
                    sku=f"{sku}-{fmt.upper()}",
                    options={"format": fmt},
                    price=prices[fmt] if prices[fmt] != price else None,
                    barcode=numbers.isbn(lang),
                    stock=licences,
                    sold=rng.randint(0, 40),
                )
            )
        status, featured = status_and_featured(rng, draft=0.05, archived=0.03)
        images = image_count(rng)
        cats = [category] if category != "luxembourg" else ["luxembourg", genre]
        if "audio" in formats:
            cats.append("audiobooks")
        yield ProductSpec(
            sku=sku,
            gtin=variants[0].barcode,
            titles=_titles(title, lang),
            descriptions={code: " ".join(text) for code, text in parts.items()},
            price=price,
            vat_rate=BOOKS_VAT,
            categories=cats,
            brand=author,
            cost_price=(price * Decimal("0.45") / (1 + BOOKS_VAT / 100)).quantize(Decimal("0.01")),
            status=status,
            featured=featured,
            options=["format"],
            variants=variants,
            images=images,
            initials=title,
            caption=author,
            colours=card_colours(rng, images),
            shape="book",
        )


LUXEMBOURG = CategorySpec(
    "luxembourg",
    tr("Luxembourgish authors", "Auteurs luxembourgeois", "Luxemburger Autoren", "Lëtzebuerger Auteuren"),
    descriptions=tr(
        "Novels and crime fiction by writers from Luxembourg, in Luxembourgish, German and French.",
        "Romans et polars d'auteurs luxembourgeois, en luxembourgeois, en allemand et en français.",
        "Romane und Krimis von Luxemburger Autorinnen und Autoren, auf Luxemburgisch, Deutsch und Französisch.",
    ),
)
FICTION = CategorySpec(
    "fiction",
    tr("Fiction", "Romans", "Belletristik"),
    (
        CategorySpec("crime", tr("Crime & thrillers", "Polars et thrillers", "Krimis & Thriller")),
        CategorySpec("literary", tr("Literary fiction", "Littérature", "Romane & Erzählungen")),
        CategorySpec(
            "scifi", tr("Science fiction & fantasy", "Science-fiction et fantasy", "Science-Fiction & Fantasy")
        ),
    ),
)

BOOKS = Catalog(
    key="books",
    label="Printed books",
    categories=(
        FICTION,
        CategorySpec(
            "nonfiction",
            tr("Non-fiction", "Documents et essais", "Sachbuch"),
            (
                CategorySpec("history", tr("History", "Histoire", "Geschichte")),
                CategorySpec("cookery", tr("Cookery", "Cuisine", "Kochen & Genießen")),
                CategorySpec("travel", tr("Travel & walking", "Voyages et randonnées", "Reisen & Wandern")),
                CategorySpec("science", tr("Popular science", "Sciences", "Populärwissenschaft")),
            ),
        ),
        CategorySpec(
            "children",
            tr("Children", "Jeunesse", "Kinder & Jugend"),
            (
                CategorySpec("picture", tr("Picture books", "Albums", "Bilderbücher")),
                CategorySpec("youngadult", tr("Young adult", "Romans ados", "Jugendbücher")),
            ),
        ),
        LUXEMBOURG,
    ),
    options=(),
    generate=_print_generate,
)

EBOOKS = Catalog(
    key="ebooks",
    label="E-books and audiobooks",
    categories=(
        FICTION,
        CategorySpec(
            "nonfiction",
            tr("Non-fiction", "Documents et essais", "Sachbuch"),
            (
                CategorySpec("history", tr("History", "Histoire", "Geschichte")),
                CategorySpec("science", tr("Popular science", "Sciences", "Populärwissenschaft")),
                CategorySpec("travel", tr("Travel & walking", "Voyages et randonnées", "Reisen & Wandern")),
            ),
        ),
        CategorySpec("youngadult", tr("Young adult", "Romans ados", "Jugendbücher")),
        CategorySpec(
            "audiobooks",
            tr("Audiobooks", "Livres audio", "Hörbücher"),
            descriptions=tr(
                "Listen on the way to work: every audiobook as MP3, yours to keep.",
                "À écouter sur le chemin du travail : chaque livre audio en MP3, à garder.",
                "Für den Weg zur Arbeit: jedes Hörbuch als MP3, für immer Ihres.",
            ),  # fmt: skip
        ),
        LUXEMBOURG,
    ),
    options=(FORMAT,),
    generate=_digital_generate,
)
