"""Reads of the store pages and the store API: products of any status with their stock, variants
by code, options, categories, inventory and its ledger."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from ..models import (
    Category,
    InventoryItem,
    OptionType,
    OptionValue,
    Product,
    ProductImage,
    StockMovement,
    Variant,
)
from ..search import corrected_query, corrections
from ..types import StoreRef
from ._common import as_int, clean_query, ordering, text_query

STORE_SORTS = {
    "newest": ("-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
    "title": ("title", "id"),
    "sku": ("sku", "id"),
    "price_asc": ("price", "id"),
    "price_desc": ("-price", "-id"),
    "stock_asc": ("stock", "id"),
}


def product_list(*, store: StoreRef, filters: dict[str, Any] | None = None, sort: str = "newest") -> QuerySet[Product]:
    """Products of the store for the back office: any status, with stock totals."""
    filters = filters or {}
    qs = Product.objects.filter(store_id=store.id).annotate(
        stock=Coalesce(Sum("variants__inventory__quantity"), 0),
        variant_count=Count("variants", distinct=True),
    )
    text = clean_query(filters.get("q"))
    if text:
        exact = (
            Q(sku__iexact=text)
            | Q(gtin=text)
            | Q(
                pk__in=Variant.objects.filter(store_id=store.id)
                .filter(Q(barcode=text) | Q(sku__iexact=text))
                .values("product_id")
            )
        )
        condition = Q(search_vector=text_query(text, get_language())) | exact
        corrected = corrected_query(text, get_language(), corrections(store_id=store.id, text=text))
        if corrected is not None:
            condition |= Q(search_vector=corrected[0])
        qs = qs.filter(condition)
    if filters.get("status") in Product.Status.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("category"):
        qs = qs.filter(categories__pk=as_int(filters["category"]))
    if filters.get("brand"):
        qs = qs.filter(brand=str(filters["brand"]).replace("\x00", "")[:120])
    if filters.get("stock") == "out":
        qs = qs.filter(stock__lte=0)
    elif filters.get("stock") == "low":
        # a subquery, not a join: a join would multiply the stock sums above
        qs = qs.filter(
            Exists(
                InventoryItem.objects.filter(
                    variant__product=OuterRef("pk"), quantity__lte=F("reserved") + F("low_stock_threshold")
                )
            )
        )
    order = ordering(STORE_SORTS.get(sort, STORE_SORTS["newest"]))
    return qs.order_by(*order).prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
    )


def product_get(*, store: StoreRef, product_id: int | str) -> Product:
    product = (
        Product.objects.filter(store_id=store.id, pk=as_int(product_id))
        .prefetch_related(
            "categories",
            Prefetch(
                "variants",
                queryset=Variant.objects.select_related("inventory").prefetch_related(
                    # with their options' names (the product form shows "Size: XL")
                    Prefetch("option_values", queryset=OptionValue.objects.select_related("option_type"))
                ),
            ),
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
        )
        .first()
    )
    if product is None:
        raise NotFound(_("No such product in this store."))
    return product


def product_get_for_update(*, store: StoreRef, product_id: int | str) -> Product:
    """A product of the store as a service changes it: the row alone, nothing prefetched."""
    product = Product.objects.filter(store_id=store.id, pk=product_id).first()
    if product is None:
        raise NotFound(_("No such product in this store."))
    return product


def variant_get(*, store: StoreRef, variant_id: int) -> Variant:
    """A variant of the store with its product and stock row."""
    variant = Variant.objects.filter(store_id=store.id, pk=variant_id).select_related("inventory", "product").first()
    if variant is None:
        raise NotFound(_("No such variant in this store."))
    return variant


def variant_lookup(*, store: StoreRef, code: str) -> Variant:
    """A variant by SKU or barcode (the till's scanner)."""
    code = (code or "").strip()
    variant = (
        Variant.objects.filter(store_id=store.id)
        .filter(Q(sku__iexact=code) | Q(barcode=code))
        .select_related("product", "inventory")
        .first()
    )
    if not code or variant is None:
        raise NotFound(_("No product with this SKU or barcode."))
    return variant


def brand_list(*, store: StoreRef) -> list[str]:
    return list(
        Product.objects.filter(store_id=store.id)
        .exclude(brand="")
        .values_list("brand", flat=True)
        .distinct()
        .order_by("brand")
    )


def option_type_list(*, store: StoreRef) -> list[OptionType]:
    """The store's option types in order, each with its values."""
    return list(OptionType.objects.filter(store_id=store.id).prefetch_related("values").order_by("position", "id"))


def option_type_get(*, store: StoreRef, option_type_id: int | str) -> OptionType:
    """One option type of the store with its values."""
    option_type = (
        OptionType.objects.filter(store_id=store.id, pk=as_int(option_type_id)).prefetch_related("values").first()
    )
    if option_type is None:
        raise NotFound(_("No such option in this store."))
    return option_type


def category_get(
    *, store: StoreRef, category_id: int | str | None = None, slug: str | None = None, active_only: bool = False
) -> Category:
    qs = Category.objects.filter(store_id=store.id)
    if active_only:
        qs = qs.filter(is_active=True)
    category = qs.filter(slug=slug).first() if slug is not None else qs.filter(pk=as_int(category_id)).first()
    if category is None:
        raise NotFound(_("No such category."))
    return category


def inventory_list(*, store: StoreRef, low_only: bool = False, q: str = "") -> QuerySet[InventoryItem]:
    qs = InventoryItem.objects.filter(variant__store_id=store.id).select_related("variant__product")
    if low_only:
        qs = qs.filter(quantity__lte=F("reserved") + F("low_stock_threshold"))
    q = clean_query(q)
    if q:
        qs = qs.filter(Q(variant__sku__icontains=q) | Q(variant__barcode=q) | Q(variant__product__title__icontains=q))
    return qs.order_by("variant__product__title", "variant__position", "variant_id")


def movement_list(*, store: StoreRef, variant_id: int | None = None, limit: int = 50) -> QuerySet[StockMovement]:
    qs = StockMovement.objects.filter(item__variant__store_id=store.id).select_related("item__variant")
    if variant_id:
        qs = qs.filter(item__variant_id=variant_id)
    return qs.order_by("-created_at", "-id")[:limit]
