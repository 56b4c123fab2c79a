"""The catalog benchmark's data: one store with 50,000 products (``--products``), written in bulk.

A service call per product would take most of an hour, so the rows go in with ``bulk_create`` in
batches: a category tree of a few hundred nodes (departments, the demo catalogues' categories
below them, a category per brand below those), products with texts in English, French and German
taken from the demo catalogues' vocabulary (apps/demo/catalog), one variant each and three colour
variants for a fifth of them, an inventory row per variant (some sold out, some low), the product
to category links, and one primary picture each (a dozen real pictures, made through
services.image_add and renditions_make, shared by all products). The search documents are then
filled by ``apps.catalog.search.product_search_refresh`` in batches, as the services would, and the
tables vacuumed and analysed, as autovacuum would soon after such a load.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from .common import log

STORE_CODE = "CATBENCH"
BATCH = 2000
SHARED_PICTURES = 12

Tr = dict[str, str]


@dataclass(frozen=True)
class Line:
    """One kind of product: where it goes, how its texts and price are made."""

    department: str
    category: str
    make: Callable[[random.Random], tuple[Tr, str, Tr]]  # -> titles, brand, descriptions
    price: tuple[float, float]
    vat: Decimal
    brands: tuple[str, ...]  # one category per brand below the line's category (empty: none)
    colours: bool


def _lines() -> list[Line]:
    from apps.demo.catalog import books, fashion, gadgets, home
    from apps.demo.catalog.spec import BOOKS_VAT, GOODS_VAT

    lines: list[Line] = []

    def gadget(kind, brands):
        def make(rng):
            brand = rng.choice(brands)
            model = f"{rng.choice(gadgets.MODEL_LINES)} {rng.choice(gadgets.MODEL_SUFFIXES)}"
            feats = rng.sample(kind.features, k=min(2, len(kind.features)))
            titles = {
                "en": f"{brand} {model} {kind.noun['en']}",
                "fr": f"{kind.noun['fr']} {brand} {model}",
                "de": f"{kind.noun['de']} {brand} {model}",
            }
            return titles, brand, {lang: f"{titles[lang]}: {feats[0][lang]}, {feats[-1][lang]}." for lang in titles}

        return make

    for department, kinds, brands in (
        ("electronics", gadgets.ELECTRONICS_KINDS, gadgets.ELECTRONICS_BRANDS),
        ("gadgets", gadgets.GADGET_KINDS, gadgets.GADGET_BRANDS),
    ):
        for kind in kinds:
            colours = kind.option is not None and kind.option.key == "colour"
            lines.append(Line(department, kind.category, gadget(kind, brands), kind.price, GOODS_VAT, brands, colours))

    def household(kind):
        def make(rng):
            collection, brand = rng.choice(home.COLLECTIONS), rng.choice(home.BRANDS)
            feats = rng.sample(kind.features, k=min(2, len(kind.features)))
            titles = {
                "en": f"{collection} {kind.noun['en']}",
                "fr": f"{kind.noun['fr']} {collection}",
                "de": f"{kind.noun['de']} {collection}",
            }
            return titles, brand, {lang: f"{brand}. {feats[0][lang]}; {feats[-1][lang]}." for lang in titles}

        return make

    for kind in home.KINDS:
        colours = any(option.key == "colour" for option, _values in kind.axes)
        lines.append(Line("home", kind.category, household(kind), kind.price, GOODS_VAT, home.BRANDS, colours))

    def garment(item):
        def make(rng):
            name, brand = rng.choice(fashion.NAMES[item.gender]), rng.choice(fashion.BRANDS)
            stuff = fashion.MATERIALS[rng.choice(item.materials)].names
            titles = {
                "en": f"{name} {stuff['en']} {item.noun['en']}",
                "fr": f"{item.noun['fr']} {name} en {stuff['fr']}",
                "de": f"{item.noun['de']} {name} aus {stuff['de']}",
            }
            origin = rng.choice(fashion.ORIGINS)
            return titles, brand, {lang: f"{titles[lang]}, {brand}. {origin[lang]}" for lang in titles}

        return make

    for item in fashion.GARMENTS:
        lines.append(Line("fashion", item.category, garment(item), item.price, GOODS_VAT, fashion.BRANDS, True))

    def book(genre):
        def make(rng):
            lang = rng.choice(("en", "fr", "de"))
            title = books.TITLES[genre](rng, lang)
            author = rng.choice(books.AUTHORS[lang])
            blurb = rng.choice(books.BLURBS[genre])
            return {"en": title, "fr": title, "de": title}, author, dict(blurb)

        return make

    for genre in books.TITLES:
        lines.append(Line("books", genre, book(genre), (9.9, 34.9), BOOKS_VAT, (), False))
    return lines


DEPARTMENTS = {
    "electronics": {"en": "Electronics", "fr": "Électronique", "de": "Elektronik"},
    "gadgets": {"en": "Gadgets", "fr": "Gadgets", "de": "Gadgets"},
    "home": {"en": "Home", "fr": "Maison", "de": "Wohnen"},
    "fashion": {"en": "Fashion", "fr": "Mode", "de": "Mode"},
    "books": {"en": "Books", "fr": "Livres", "de": "Bücher"},
}


def ensure_store():
    """The bench merchant and its store (created once per bench database)."""
    from apps.onboarding.services import merchant_signup
    from apps.tenancy.models import Store

    store = Store.objects.filter(code=STORE_CODE).select_related("merchant").first()
    if store is None:
        _merchant, store, _owner, _token = merchant_signup(
            company="Catalog Bench S.A.",
            store_name="Catalog Bench Store",
            store_code=STORE_CODE,
            owner_name="Catalog Owner",
            email="owner@catalog-bench.example",
            password="Bench-catalog-Passw0rd!",
            send_welcome=False,
            email_confirmed=True,
            onboarded=True,  # a bench store is set up: its pages are not the wizard
        )
        store = Store.objects.select_related("merchant").get(pk=store.pk)
    return store


def _categories(store, lines: list[Line]) -> dict[tuple, int]:
    """Departments > demo categories > brands; returns (department, key[, brand]) -> id."""
    from django.utils.text import slugify

    from apps.catalog.models import Category
    from apps.demo.catalog import CATALOGS

    taken: set[str] = set()

    def slug(name: str) -> str:
        base, n = slugify(name)[:120] or "category", 2
        value = base
        while value in taken:
            value, n = f"{base}-{n}", n + 1
        taken.add(value)
        return value

    def create(rows: list[tuple[tuple, Tr, int | None, str]]) -> dict[tuple, int]:
        objects = []
        for position, (_key, names, parent_id, slug_source) in enumerate(rows):
            category = Category(store_id=store.id, parent_id=parent_id, slug=slug(slug_source), position=position)
            for lang, text in names.items():
                setattr(category, f"name_{lang}", text)
            objects.append(category)
        Category.objects.bulk_create(objects)
        return {row[0]: obj.pk for row, obj in zip(rows, objects, strict=True)}

    ids = create([((dept,), names, None, names["en"]) for dept, names in DEPARTMENTS.items()])
    level: list[tuple[tuple, Tr, int | None, str]] = []
    children: list[tuple[tuple, object]] = []
    for dept in DEPARTMENTS:  # each department holds the demo catalogue of the same name
        for spec in CATALOGS[dept].categories:
            level.append(((dept, spec.key), spec.names, ids[(dept,)], f"{dept} {spec.names['en']}"))
            children.extend(((dept, spec.key), child) for child in spec.children)
    ids.update(create(level))
    ids.update(
        create(
            [
                ((parent[0], child.key), child.names, ids[parent], f"{parent[0]} {child.names['en']}")
                for parent, child in children
            ]
        )
    )
    brand_rows, seen = [], set()
    for line in lines:
        for brand in line.brands:
            key = (line.department, line.category, brand)
            if key not in seen:
                seen.add(key)
                names = {"en": brand, "fr": brand, "de": brand}
                brand_rows.append((key, names, ids[(line.department, line.category)], f"{line.category} {brand}"))
    ids.update(create(brand_rows))
    return ids


def _pictures(store, products) -> list:
    """A dozen real pictures (upload checks and renditions included), for every product to share."""
    from django.core.files.base import ContentFile

    from apps.catalog import services
    from apps.demo.catalog.images import product_card
    from apps.demo.catalog.spec import CARD_COLOURS, ProductSpec

    pictures = []
    for index, product in enumerate(products[:SHARED_PICTURES]):
        spec = ProductSpec(
            sku=product.sku,
            titles={},
            descriptions={},
            price=product.price,
            vat_rate=product.vat_rate,
            categories=[],
            initials=(product.brand or product.title_en)[:2].upper(),
            caption=product.title_en[:34],
            colours=[CARD_COLOURS[index % len(CARD_COLOURS)]],
            shape=("circle", "rounded", "arch", "shirt")[index % 4],
        )
        upload = ContentFile(product_card(spec, store.name), name="card.jpg")
        image = services.image_add(
            store=store, product=product, actor=None, upload=upload, alt_text={"en": product.title_en}
        )
        pictures.append(services.renditions_make(image=image))
    return pictures


def populate(store, *, products: int, seed: int = 1) -> dict:
    """Fill the store with `products` products (nothing if it has them already)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from django_tenants.utils import tenant_context

    from apps.catalog.cache import catalog_changed
    from apps.catalog.models import (
        Category,
        InventoryItem,
        OptionType,
        OptionValue,
        Product,
        ProductImage,
        Variant,
    )
    from apps.catalog.search import product_search_refresh
    from apps.catalog.services import dangerously_price_range_refresh
    from apps.demo.catalog.spec import COLOURS, gtin13, price_between

    phases: dict[str, float] = {}
    with tenant_context(store.merchant):
        existing = Product.objects.filter(store_id=store.id).count()
        if existing >= products:
            log(f"catalog: {store.code} already has {existing} products (--reuse-db)")
            return {"existing": existing, "created": 0}
        if existing:
            raise RuntimeError(f"{store.code} has {existing} products, fewer than {products}: drop the bench database")
        rng = random.Random(seed)
        lines = _lines()
        started = time.perf_counter()
        with transaction.atomic():
            category_ids = _categories(store, lines)
            colour_type = OptionType.objects.create(store_id=store.id, name_en="Colour", name_fr="Couleur")
            colour_values = [
                OptionValue.objects.create(
                    option_type=colour_type,
                    value_en=names["en"],
                    value_fr=names["fr"],
                    value_de=names["de"],
                    position=i,
                )
                for i, (names, _rgb) in enumerate(COLOURS.values())
            ]
        phases["categories"] = time.perf_counter() - started
        log(f"catalog: {len(category_ids)} categories")

        now = timezone.now()
        mark = time.perf_counter()
        all_ids: list[int] = []
        through = Product.categories.through
        option_through = Product.option_types.through
        value_through = Variant.option_values.through
        for start in range(0, products, BATCH):
            batch: list[Product] = []
            meta: list[tuple[Line, bool]] = []
            for index in range(start, min(start + BATCH, products)):
                line = lines[rng.randrange(len(lines))]
                titles, brand, descriptions = line.make(rng)
                roll = rng.random()
                status = "draft" if roll < 0.05 else "archived" if roll < 0.08 else "active"
                price = price_between(rng, *line.price)
                product = Product(
                    store_id=store.id,
                    sku=f"CB{index:06d}",
                    gtin=gtin13(f"5409{index:08d}") if rng.random() < 0.5 else "",
                    brand=brand,
                    slug=f"{slugify(titles['en'])[:200]}-{index}",
                    status=status,
                    price=price,
                    compare_at_price=(price * Decimal("1.25")).quantize(Decimal("0.01")) if roll > 0.9 else None,
                    vat_rate=line.vat,
                    weight_grams=rng.randint(50, 3000),
                    is_featured=status == "active" and rng.random() < 0.01,
                    published_at=now - timedelta(seconds=rng.uniform(0, 365 * 86400)) if status == "active" else None,
                )
                for lang, text in titles.items():
                    setattr(product, f"title_{lang}", text)
                for lang, text in descriptions.items():
                    setattr(product, f"description_{lang}", text)
                batch.append(product)
                meta.append((line, line.colours and rng.random() < 0.2))
            with transaction.atomic():
                Product.objects.bulk_create(batch)
                variants: list[Variant] = []
                colour_picks: list[OptionValue | None] = []
                links, option_links = [], []
                for product, (line, coloured) in zip(batch, meta, strict=True):
                    leaf = (line.department, line.category)
                    category = (category_ids.get((*leaf, product.brand)) if line.brands else None) or category_ids[leaf]
                    links.append(through(product_id=product.pk, category_id=category))
                    picks = rng.sample(colour_values, 3) if coloured else [None]
                    if coloured:
                        option_links.append(option_through(product_id=product.pk, optiontype_id=colour_type.pk))
                    for position, colour in enumerate(picks):
                        suffix = f"-{colour.value_en.upper().replace(' ', '')[:6]}" if colour else ""
                        variants.append(
                            Variant(
                                store_id=store.id,
                                product_id=product.pk,
                                sku=product.sku + (suffix if position else ""),
                                position=position,
                            )
                        )
                        colour_picks.append(colour)
                through.objects.bulk_create(links)
                option_through.objects.bulk_create(option_links)
                Variant.objects.bulk_create(variants)
                value_through.objects.bulk_create(
                    [
                        value_through(variant_id=v.pk, optionvalue_id=c.pk)
                        for v, c in zip(variants, colour_picks, strict=True)
                        if c is not None
                    ]
                )
                InventoryItem.objects.bulk_create(
                    [InventoryItem(variant_id=v.pk, quantity=_stock(rng)) for v in variants]
                )
            all_ids.extend(p.pk for p in batch)
            if (start // BATCH) % 5 == 4:
                log(f"catalog: {len(all_ids):,} products")
        phases["products, variants, stock"] = time.perf_counter() - mark

        mark = time.perf_counter()
        first = list(Product.objects.filter(store_id=store.id).order_by("id")[:SHARED_PICTURES])
        pictures = _pictures(store, first)
        with_picture = {p.product_id for p in pictures}
        for start in range(0, len(all_ids), BATCH):
            rows = []
            for offset, product_id in enumerate(all_ids[start : start + BATCH]):
                if product_id in with_picture:
                    continue
                picture = pictures[(start + offset) % len(pictures)]
                rows.append(
                    ProductImage(
                        product_id=product_id,
                        token=picture.token,
                        extension=picture.extension,
                        original=picture.original.name,
                        width=picture.width,
                        height=picture.height,
                        position=1,
                        is_primary=True,
                        status=ProductImage.Status.READY,
                        renditions=picture.renditions,
                    )
                )
            ProductImage.objects.bulk_create(rows)
        phases["pictures"] = time.perf_counter() - mark

        mark = time.perf_counter()
        for start in range(0, len(all_ids), BATCH):
            product_search_refresh(product_ids=all_ids[start : start + BATCH])
            dangerously_price_range_refresh(all_ids[start : start + BATCH])
        phases["search documents and price ranges"] = time.perf_counter() - mark

        mark = time.perf_counter()
        with connection.cursor() as cursor:
            # what the stock service keeps up to date on every change, computed once in bulk
            cursor.execute(
                "UPDATE catalog_product p SET available = COALESCE((SELECT SUM(i.quantity - i.reserved) "
                "FROM catalog_variant v JOIN catalog_inventoryitem i ON i.variant_id = v.id "
                "WHERE v.product_id = p.id), 0) WHERE p.store_id = %s",
                [store.id],
            )
            for table in (
                Product._meta.db_table,
                Variant._meta.db_table,
                InventoryItem._meta.db_table,
                Category._meta.db_table,
                through._meta.db_table,
                ProductImage._meta.db_table,
                value_through._meta.db_table,
            ):
                # what autovacuum does soon after such a load: planner statistics, and the
                # visibility map that lets facet queries read their covering index alone
                cursor.execute(f"VACUUM (ANALYZE) {table}")  # noqa: S608 - our own table names
            # write the load's pages out now, not in the middle of a measured round
            cursor.execute("CHECKPOINT")
        phases["analyze"] = time.perf_counter() - mark
        catalog_changed(store.id)
        total = time.perf_counter() - started
        counts = {
            "products": Product.objects.filter(store_id=store.id).count(),
            "active": Product.objects.filter(store_id=store.id, status="active").count(),
            "variants": Variant.objects.filter(store_id=store.id).count(),
            "categories": Category.objects.filter(store_id=store.id).count(),
            "images": ProductImage.objects.filter(product__store_id=store.id).count(),
        }
    log(
        f"catalog: {counts['products']:,} products ({counts['variants']:,} variants, {counts['categories']} "
        f"categories) in {total:.1f} s: " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items())
    )
    return {"created": products, "seconds": total, "phases": phases, "counts": counts}


def _stock(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.08:
        return 0
    if roll < 0.18:
        return rng.randint(1, 4)
    return rng.randint(5, 120)
