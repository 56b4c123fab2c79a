"""What the orders app needs to know of the variants a cart holds or an order sells: the current
price, VAT, stock, whether it is for sale, and the texts to copy onto an order line. A constant
number of queries for any number of variants."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.db.models.functions import Upper

from ..models import Product, ProductImage, Variant
from ..types import StoreRef


@dataclass(frozen=True)
class SaleVariant:
    variant_id: int
    product_id: int
    product_slug: str
    product_title: str  # in the active language
    variant_title: str  # "Blue / M", empty for a product without options
    sku: str
    gtin: str
    price: Decimal  # incl. VAT
    vat_rate: Decimal
    weight_grams: int | None
    for_sale: bool  # the product is active (published)
    available: int  # on hand minus reserved
    category_ids: frozenset[int] = field(default_factory=frozenset)
    image: ProductImage | None = None


def _sale_variant(variant: Variant) -> SaleVariant:
    product = variant.product
    images = product.images.all()
    inventory = getattr(variant, "inventory", None)
    return SaleVariant(
        variant_id=variant.pk,
        product_id=product.pk,
        product_slug=product.slug,
        product_title=product.title,
        variant_title=" / ".join(value.value for value in variant.option_values.all()),
        sku=variant.sku,
        gtin=variant.barcode or product.gtin,
        price=variant.effective_price,
        vat_rate=product.vat_rate,
        weight_grams=variant.weight_grams if variant.weight_grams is not None else product.weight_grams,
        for_sale=product.status == Product.Status.ACTIVE,
        available=inventory.available if inventory is not None else 0,
        category_ids=frozenset(category.pk for category in product.categories.all()),
        image=images[0] if images else None,
    )


def _base(store: StoreRef):
    return (
        Variant.objects.filter(store_id=store.id)
        .select_related("product", "inventory")
        .prefetch_related(
            "option_values",
            "product__categories",
            Prefetch(
                "product__images",
                queryset=ProductImage.objects.filter(status=ProductImage.Status.READY).order_by(
                    "-is_primary", "position", "id"
                ),
            ),
        )
    )


def variants_for_sale(*, store: StoreRef, variant_ids: Iterable[int]) -> dict[int, SaleVariant]:
    """{variant_id: SaleVariant} of those ids that are variants of the store (others are left out)."""
    ids = {int(variant_id) for variant_id in variant_ids}
    if not ids:
        return {}
    return {variant.pk: _sale_variant(variant) for variant in _base(store).filter(pk__in=ids)}


def variants_for_sale_by_code(*, store: StoreRef, codes: Iterable[str]) -> dict[str, SaleVariant]:
    """{code: SaleVariant} for SKUs (any case) or barcodes, as the till scans them; unknown codes
    are left out."""
    wanted = {str(code).strip() for code in codes if str(code).strip()}
    if not wanted:
        return {}
    upper = {code.upper() for code in wanted}
    found = list(_base(store).annotate(sku_upper=Upper("sku")).filter(Q(sku_upper__in=upper) | Q(barcode__in=wanted)))
    result: dict[str, SaleVariant] = {}
    for code in wanted:
        for variant in found:
            if variant.sku.upper() == code.upper() or variant.barcode == code:
                result[code] = _sale_variant(variant)
                break
    return result
