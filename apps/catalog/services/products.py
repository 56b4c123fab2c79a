"""Products: create, change, delete. Every write validates, is atomic, refreshes the search
document of what it touched and bumps the store's catalog version after commit (cache.py), so
storefront listings follow."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypedDict

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.core.audit import audit_record

from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import Category, InventoryItem, Product, Variant
from ..pricing import VatRate
from ..search import product_search_refresh
from ..texts import LANGS, Texts, text_field, texts_clean, texts_of, texts_set
from ..types import Actor, PriceInput, StoreRef
from ._common import clean_prices, integrity_conflict, invalid, sku_check_free, validate_model
from .stock import stock_open

TRANSLATED = ("title", "description", "seo_title", "seo_description")
PLAIN_FIELDS = (
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
)


class ProductData(TypedDict, total=False):
    """What product_create and product_update take; every key optional (a product needs a SKU, a
    price and a title in some language). Prices as sent: the service parses them."""

    sku: str
    gtin: str
    brand: str
    slug: str
    status: str
    price: PriceInput
    compare_at_price: PriceInput | None
    cost_price: PriceInput | None
    vat_rate: Decimal | str
    weight_grams: int | None
    is_featured: bool
    title: Texts
    description: Texts
    seo_title: Texts
    seo_description: Texts


def _split(data: ProductData) -> tuple[dict[str, Any], dict[str, Texts]]:
    """The plain fields of `data` and its translated texts, checked; unknown keys are dropped."""
    values = {field: data[field] for field in PLAIN_FIELDS if field in data}
    texts = {field: texts_clean(data[field], field=field) for field in TRANSLATED if field in data}
    return values, texts


def _changed_columns(values: dict[str, Any], texts: dict[str, Texts]) -> list[str]:
    """What an update changed, for the audit log: fields, and texts by column ("title_fr")."""
    return sorted([*values, *(f"{field}_{lang}" for field, given in texts.items() for lang in given)])


def _unique_slug(store: StoreRef, base: str, *, exclude: int | None = None) -> str:
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


def _default_title(product: Product, store: StoreRef) -> str:
    return getattr(product, f"title_{store.language}", "") or next(
        (getattr(product, f"title_{lang}") for lang in LANGS if getattr(product, f"title_{lang}", "")), product.sku
    )


def _check_title(store: StoreRef, product: Product) -> None:
    if not any(texts_of(product, "title").values()):
        raise invalid(text_field("title", store.language), _("Enter a title."))


def _categories_of(store: StoreRef, category_ids: Iterable[int]) -> list[Category]:
    ids = {int(pk) for pk in category_ids or []}
    found = list(Category.objects.filter(store_id=store.id, pk__in=ids))
    if len(found) != len(ids):
        raise invalid("categories", _("Unknown category."))
    return found


def price_range_refresh(product_ids: Iterable[int]) -> None:
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
def product_create(
    *,
    store: StoreRef,
    actor: Actor | None,
    data: ProductData,
    category_ids: Iterable[int] | None = None,
    stock: int = 0,
) -> Product:
    """A product with its default variant (carrying the product's SKU) and its opening stock."""
    values, texts = _split(data)
    clean_prices(values)
    values.setdefault("vat_rate", VatRate.STANDARD)
    sku = (values.get("sku") or "").strip()
    if not sku:
        raise invalid("sku", _("Enter a SKU."))
    values["sku"] = sku
    sku_check_free(store, sku)
    product = Product(store_id=store.id, **values)
    for field, given in texts.items():
        texts_set(product, field, given)
    _check_title(store, product)
    product.slug = _unique_slug(store, values.get("slug") or _default_title(product, store) or sku)
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


def _clean_new_sku(store: StoreRef, product: Product, values: dict[str, Any]) -> None:
    """A SKU being changed: stripped, given, and not another product's or variant's."""
    if "sku" not in values:
        return
    values["sku"] = (values["sku"] or "").strip()
    if not values["sku"]:
        raise invalid("sku", _("Enter a SKU."))
    if values["sku"].upper() != product.sku.upper():
        sku_check_free(store, values["sku"], exclude_product=product.pk)


def _published_if_activated(product: Product, *, was_active: bool) -> None:
    """A product activated for the first time is published now."""
    if product.status == Product.Status.ACTIVE and not was_active and product.published_at is None:
        product.published_at = timezone.now()


@transaction.atomic
def product_update(
    *,
    store: StoreRef,
    product: Product,
    actor: Actor | None,
    data: ProductData,
    category_ids: Iterable[int] | None = None,
) -> Product:
    """Change the fields given in `data` (the languages given of its texts); `category_ids`, when
    given, are all of its categories."""
    values, texts = _split(data)
    clean_prices(values)
    _clean_new_sku(store, product, values)
    old_sku = product.sku
    was_active = product.status == Product.Status.ACTIVE
    for field, value in values.items():
        setattr(product, field, value)
    for field, given in texts.items():
        texts_set(product, field, given)
    if "slug" in values:
        product.slug = _unique_slug(store, values["slug"] or _default_title(product, store), exclude=product.pk)
    _check_title(store, product)
    _published_if_activated(product, was_active=was_active)
    validate_model(product, exclude=["store", "title"])
    try:
        with transaction.atomic():
            product.save()
            if "sku" in values and values["sku"] != old_sku:
                # the default variant carries the product's SKU
                Variant.objects.filter(product=product, sku=old_sku).update(sku=values["sku"])
    except IntegrityError as exc:
        raise integrity_conflict(exc) from None
    if category_ids is not None:
        product.categories.set(_categories_of(store, category_ids))
    product_search_refresh(product_ids=[product.pk])
    if "price" in values:
        price_range_refresh([product.pk])
    audit_record(
        actor=actor,
        action="catalog.product_update",
        target=product.sku,
        store=store,
        data={"fields": _changed_columns(values, texts)},
    )
    catalog_changed(store.id)
    return product


@transaction.atomic
def product_delete(*, store: StoreRef, product: Product, actor: Actor | None) -> None:
    sku = product.sku
    product.delete()
    audit_record(actor=actor, action="catalog.product_delete", target=sku, store=store)
    catalog_changed(store.id)
