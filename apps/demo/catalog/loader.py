"""Write a demo catalogue into a store through the catalog's services, so that search documents,
the stock ledger, audit rows, catalog versions and image renditions come out as they would for a
merchant typing it in. Safe to run again: products are matched by SKU and only missing ones are
added; categories by parent and English name; option types by English name."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Upper
from django.utils import translation
from django_tenants.utils import tenant_context

from apps.catalog import services
from apps.catalog.models import Category, OptionType, OptionValue, Product, ProductImage, StockMovement
from apps.core.errors import ApplicationError
from apps.core.modules import JobQueue
from apps.tenancy.models import Store

from . import CATALOGS
from .images import product_card
from .spec import Catalog, CategorySpec, Numbering, OptionSpec, ProductSpec, VariantSpec

NOTE_RECEIVED = "Opening stock (demo data)"
NOTE_SOLD = "Sold out (demo data)"
PROGRESS_EVERY = 20  # products between two progress lines


@dataclass
class LoadReport:
    store: str
    catalog: str
    created: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    variants: int = 0
    images: int = 0
    renditions: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        text = (
            f"{self.store}: {self.created} products added ({self.variants} variants, {self.images} images), "
            f"{self.skipped} already there"
        )
        if self.renditions:
            text += f", renditions of {self.renditions} images made"
        if self.failed:
            text += f", {len(self.failed)} failed ({', '.join(self.failed[:3])})"
        return f"{text} in {self.seconds:.1f} s"


@dataclass
class OptionIds:
    option_type: OptionType
    values: dict[str, int]  # value key -> OptionValue id


def categories_ensure(*, store, specs: tuple[CategorySpec, ...], actor=None) -> dict[str, Category]:
    """The catalogue's category tree in the store, created where missing."""
    found: dict[str, Category] = {}

    def walk(nodes: tuple[CategorySpec, ...], parent: Category | None) -> None:
        for spec in nodes:
            category = Category.objects.filter(store_id=store.id, parent=parent, name_en=spec.names["en"]).first()
            if category is None:
                category = services.category_create(
                    store=store,
                    actor=actor,
                    name=spec.names,
                    parent_id=parent.pk if parent else None,
                    description=spec.descriptions or None,
                )
            found[spec.key] = category
            walk(spec.children, category)

    walk(specs, None)
    return found


def options_ensure(*, store, specs: tuple[OptionSpec, ...]) -> dict[str, OptionIds]:
    """Option types and values in the store, with their translations filled in where empty."""
    result = {}
    for spec in specs:
        option_type = services.option_type_get_or_create(
            store=store, name=spec.names["en"], values=[v.names["en"] for v in spec.values]
        )
        if _fill(option_type, "name", spec.names):
            option_type.save()
        by_name = {v.value_en: v for v in OptionValue.objects.filter(option_type=option_type)}
        ids = {}
        for value_spec in spec.values:
            value = by_name[value_spec.names["en"]]
            if _fill(value, "value", value_spec.names):
                value.save()
            ids[value_spec.key] = value.pk
        result[spec.key] = OptionIds(option_type, ids)
    return result


def _fill(instance, field_name: str, texts: dict[str, str]) -> bool:
    changed = False
    for lang, text in texts.items():
        if not getattr(instance, f"{field_name}_{lang}", None):
            setattr(instance, f"{field_name}_{lang}", text)
            changed = True
    return changed


def product_load(
    *,
    store,
    spec: ProductSpec,
    categories: dict[str, Category],
    options: dict[str, OptionIds],
    actor=None,
    renditions: bool = False,
) -> tuple[Product, int, int]:
    """One product with its variants, stock and pictures, in one transaction. Returns the product,
    its number of variants and of images."""
    data = {
        "sku": spec.sku,
        "gtin": spec.gtin,
        "brand": spec.brand,
        "price": spec.price,
        "compare_at_price": spec.compare_at_price,
        "cost_price": spec.cost_price,
        "vat_rate": spec.vat_rate,
        "weight_grams": spec.weight_grams,
        "is_featured": spec.featured,
        "status": spec.status,
        "title": spec.titles,
        "description": spec.descriptions,
    }
    with transaction.atomic():
        product = services.product_create(
            store=store, actor=actor, data=data, category_ids=[categories[key].pk for key in spec.categories]
        )
        default = product.variants.get()
        pairs: list[tuple[int, VariantSpec]]
        if spec.variants:
            # No service sets a product's option types; the variants carry the values.
            product.option_types.set([options[key].option_type for key in spec.options])
            first, *rest = spec.variants
            services.variant_update(
                store=store,
                variant=default,
                actor=actor,
                data={
                    "sku": first.sku,
                    "barcode": first.barcode,
                    "price": first.price,
                    "option_value_ids": _value_ids(first, options),
                },
            )
            pairs = [(default.pk, first)]
            for variant_spec in rest:
                variant = services.variant_create(
                    store=store,
                    product=product,
                    actor=actor,
                    sku=variant_spec.sku,
                    barcode=variant_spec.barcode,
                    price=variant_spec.price,
                    option_value_ids=_value_ids(variant_spec, options),
                )
                pairs.append((variant.pk, variant_spec))
        else:
            pairs = [(default.pk, VariantSpec(sku=spec.sku, options={}, stock=spec.stock, sold=spec.sold))]
        for variant_id, variant_spec in pairs:
            received = variant_spec.stock + (variant_spec.sold if not variant_spec.stock else 0)
            if received:
                services.stock_adjust(
                    store=store,
                    variant_id=variant_id,
                    delta=received,
                    reason=StockMovement.Reason.RECEIVED,
                    actor=actor,
                    note=NOTE_RECEIVED,
                )
            if received and not variant_spec.stock:  # sold out: the ledger shows where it went
                services.stock_adjust(
                    store=store,
                    variant_id=variant_id,
                    delta=-received,
                    reason=StockMovement.Reason.SOLD,
                    actor=actor,
                    note=NOTE_SOLD,
                )
        for view in range(spec.images):
            upload = ContentFile(product_card(spec, store.name, view), name=f"{product.slug}-{view + 1}.jpg")
            image = services.image_add(
                store=store,
                product=product,
                actor=actor,
                upload=upload,
                alt_text={"en": _alt(spec.titles["en"], view)},
                renditions_lane=JobQueue.BACKFILL,  # demo pictures: after everyone else's work
            )
            # The other languages' alt texts of the image just added (services.image_update would read
            # the row again and bump the catalog version once more for the same change).
            ProductImage.objects.filter(pk=image.pk).update(
                **{f"alt_text_{lang}": _alt(title, view) for lang, title in spec.titles.items() if lang != "en"}
            )
            if renditions:
                services.renditions_make(image=image)
    return product, len(pairs), spec.images


def _alt(title: str, view: int) -> str:
    return title if view == 0 else f"{title} ({view + 1})"


def _value_ids(spec: VariantSpec, options: dict[str, OptionIds]) -> list[int]:
    return [options[key].values[value] for key, value in spec.options.items()]


def catalog_load(
    *,
    store,
    catalog: Catalog,
    count: int,
    seed: int = 7,
    actor=None,
    renditions: bool = False,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Make sure the store holds the first `count` products of the catalogue (run in the store's
    merchant schema). The same seed and store code always give the same products."""
    started = time.perf_counter()
    report = LoadReport(store=store.code, catalog=catalog.key)
    with translation.override("en"):  # option types and values are matched by their English names
        categories = categories_ensure(store=store, specs=catalog.categories, actor=actor)
        options = options_ensure(store=store, specs=catalog.options)
        existing = set(
            Product.objects.filter(store_id=store.id).annotate(upper=Upper("sku")).values_list("upper", flat=True)
        )
        rng = random.Random(f"{seed}:{store.code}")
        if progress:
            progress(f"{store.code}: {count} {catalog.key} products to check, {len(existing)} in the store")
        skus = []
        for index, spec in enumerate(itertools.islice(catalog.generate(rng, Numbering(store.code)), count), 1):
            skus.append(spec.sku)
            if spec.sku.upper() in existing:
                report.skipped += 1
                continue
            try:
                _product, variants, images = product_load(
                    store=store, spec=spec, categories=categories, options=options, actor=actor, renditions=renditions
                )
            except ApplicationError as exc:  # e.g. a merchant already uses one of the variant SKUs
                report.failed.append(f"{spec.sku}: {exc.message}")
                continue
            report.created += 1
            report.variants += variants
            report.images += images
            report.renditions += images if renditions else 0
            if progress and (index % PROGRESS_EVERY == 0 or index == count):
                progress(f"{store.code}: {index}/{count} products")
        if renditions:  # pictures of an earlier run still waiting for a worker
            waiting = ProductImage.objects.filter(
                product__store_id=store.id, product__sku__in=skus, status=ProductImage.Status.PROCESSING
            ).select_related("product")
            for image in waiting:
                services.renditions_make(image=image)
                report.renditions += 1
    report.seconds = time.perf_counter() - started
    return report


def store_load(
    *,
    code: str,
    kind: str,
    count: int,
    seed: int = 7,
    renditions: bool = False,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """catalog_load for the store with this code, in its merchant's schema."""
    store = Store.objects.select_related("merchant").get(code=code)
    with tenant_context(store.merchant):
        return catalog_load(
            store=store, catalog=CATALOGS[kind], count=count, seed=seed, renditions=renditions, progress=progress
        )
