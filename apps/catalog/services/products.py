"""Products: create, change, delete. Every write validates, is atomic, refreshes the search
document of what it touched and bumps the store's catalog version after commit (cache.py), so
storefront listings follow."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import Conflict

from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import Category, InventoryItem, Product, Variant
from ..pricing import VatRate
from ..search import product_search_refresh
from ._common import LANGS, clean_prices, integrity_conflict, invalid, sku_taken, validate_model
from .stock import stock_open

TRANSLATED = ("title", "description", "seo_title", "seo_description")
PRODUCT_FIELDS = {
    "sku",
    "gtin",
    "brand",
    "slug",
    "status",
    "price",
    "compare_at_price",
    "cost_price",
    "vat_rate",
    "weight_grams",
    "is_featured",
    *(f"{field}_{lang}" for field in TRANSLATED for lang in LANGS),
}


def _unique_slug(store, base: str, *, exclude: int | None = None) -> str:
    base = (slugify(base) or "product")[:200]
    taken = set(
        Product.objects.filter(store_id=store.id, slug__startswith=base)
        .exclude(pk=exclude)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _default_title(product: Product, store) -> str:
    return getattr(product, f"title_{store.language}", "") or next(
        (getattr(product, f"title_{lang}") for lang in LANGS if getattr(product, f"title_{lang}", "")), product.sku
    )


def _categories_of(store, category_ids) -> list[Category]:
    ids = {int(pk) for pk in category_ids or []}
    found = list(Category.objects.filter(store_id=store.id, pk__in=ids))
    if len(found) != len(ids):
        raise invalid("categories", _("Unknown category."))
    return found


def price_range_refresh(product_ids) -> None:
    """Recompute what the cheapest and dearest variant of these products sell for (one
    statement; a variant without a price of its own sells for the product's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_product p SET price_min = r.low, price_max = r.high FROM ("
            "  SELECT q.id, min(COALESCE(v.price, q.price)) AS low, max(COALESCE(v.price, q.price)) AS high"
            "  FROM catalog_product q LEFT JOIN catalog_variant v ON v.product_id = q.id"
            "  WHERE q.id = ANY(%s::bigint[]) GROUP BY q.id"
            ") r WHERE p.id = r.id",
            [list(product_ids)],
        )


@transaction.atomic
def product_create(*, store, actor, data: dict[str, Any], category_ids=None, stock: int = 0) -> Product:
    data = {k: v for k, v in data.items() if k in PRODUCT_FIELDS}
    clean_prices(data)
    data.setdefault("vat_rate", VatRate.STANDARD)
    sku = (data.get("sku") or "").strip()
    if not sku:
        raise invalid("sku", _("Enter a SKU."))
    data["sku"] = sku
    if sku_taken(store, sku):
        raise Conflict(
            _("This SKU is already used in this store."),
            code=CatalogErrorCode.SKU_TAKEN,
            fields={"sku": [_("This SKU is already used in this store.")]},
        )
    product = Product(store_id=store.id, **data)
    if not any(getattr(product, f"title_{lang}", "") for lang in LANGS):
        raise invalid(f"title_{store.language}", _("Enter a title."))
    product.slug = _unique_slug(store, data.get("slug") or _default_title(product, store) or sku)
    if product.status == Product.Status.ACTIVE:
        product.published_at = timezone.now()
    validate_model(product, exclude=["store", "slug", "title"])
    if stock < 0:
        raise invalid("stock", _("Stock cannot be negative."), CatalogErrorCode.STOCK_NEGATIVE)
    try:
        with transaction.atomic():
            product.save()
            variant = Variant.objects.create(store_id=store.id, product=product, sku=sku)
            InventoryItem.objects.create(variant=variant, quantity=0)
    except IntegrityError as exc:
        raise integrity_conflict(exc) from None
    stock_open(store=store, variant=variant, quantity=stock, actor=actor)
    if category_ids is not None:
        product.categories.set(_categories_of(store, category_ids))
    product_search_refresh(product_ids=[product.pk])
    price_range_refresh([product.pk])
    audit_record(actor=actor, action="catalog.product_create", target=product.sku, store=store)
    catalog_changed(store.id)
    return product


@transaction.atomic
def product_update(*, store, product: Product, actor, data: dict[str, Any], category_ids=None) -> Product:
    data = {k: v for k, v in data.items() if k in PRODUCT_FIELDS}
    clean_prices(data)
    if "sku" in data:
        data["sku"] = (data["sku"] or "").strip()
        if not data["sku"]:
            raise invalid("sku", _("Enter a SKU."))
        if data["sku"].upper() != product.sku.upper() and sku_taken(store, data["sku"], exclude_product=product.pk):
            raise Conflict(
                _("This SKU is already used in this store."),
                code=CatalogErrorCode.SKU_TAKEN,
                fields={"sku": [_("This SKU is already used in this store.")]},
            )
    old_sku = product.sku
    was_active = product.status == Product.Status.ACTIVE
    for field, value in data.items():
        setattr(product, field, value)
    if "slug" in data:
        product.slug = _unique_slug(store, data["slug"] or _default_title(product, store), exclude=product.pk)
    if not any(getattr(product, f"title_{lang}", "") for lang in LANGS):
        raise invalid(f"title_{store.language}", _("Enter a title."))
    if product.status == Product.Status.ACTIVE and not was_active and product.published_at is None:
        product.published_at = timezone.now()
    validate_model(product, exclude=["store", "title"])
    try:
        with transaction.atomic():
            product.save()
            if "sku" in data and data["sku"] != old_sku:
                # the default variant carries the product's SKU
                Variant.objects.filter(product=product, sku=old_sku).update(sku=data["sku"])
    except IntegrityError as exc:
        raise integrity_conflict(exc) from None
    if category_ids is not None:
        product.categories.set(_categories_of(store, category_ids))
    product_search_refresh(product_ids=[product.pk])
    if "price" in data:
        price_range_refresh([product.pk])
    audit_record(
        actor=actor, action="catalog.product_update", target=product.sku, store=store, data={"fields": sorted(data)}
    )
    catalog_changed(store.id)
    return product


@transaction.atomic
def product_delete(*, store, product: Product, actor) -> None:
    sku = product.sku
    product.delete()
    audit_record(actor=actor, action="catalog.product_delete", target=sku, store=store)
    catalog_changed(store.id)
