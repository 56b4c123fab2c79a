"""What the marketplace needs of the catalog: the store's variants a marketplace line names by GTIN
or SKU (the order sync's matching), and a search for a variant to match an unmatched line by hand.
A constant number of queries for any number of codes; only the given store's variants."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Upper

from ..types import StoreRef
from .sale import SaleVariant, _base, _sale_variant


@dataclass(frozen=True)
class VariantCodes:
    """The store's variants by GTIN (the variant's barcode, else its product's GTIN) and by SKU
    (upper case); a code two variants share goes to the one with the lower id."""

    by_gtin: dict[str, SaleVariant] = field(default_factory=dict)
    by_sku: dict[str, SaleVariant] = field(default_factory=dict)

    def find(self, *, gtin: str, sku: str) -> SaleVariant | None:
        """GTIN first, then SKU."""
        return (self.by_gtin.get(gtin.strip()) if gtin.strip() else None) or (
            self.by_sku.get(sku.strip().upper()) if sku.strip() else None
        )

    def variants(self) -> dict[int, SaleVariant]:
        """{variant_id: SaleVariant} of every variant found (order_record_external's `variants`)."""
        return {variant.variant_id: variant for variant in (*self.by_gtin.values(), *self.by_sku.values())}


def _clean(codes: Iterable[str]) -> set[str]:
    return {str(code).strip() for code in codes if code and str(code).strip()}


def variants_by_codes(*, store: StoreRef, gtins: Iterable[str], skus: Iterable[str]) -> VariantCodes:
    """The store's variants carrying these GTINs (Variant.barcode or Product.gtin) or SKUs (any case)."""
    gtin_set, sku_set = _clean(gtins), {code.upper() for code in _clean(skus)}
    if not gtin_set and not sku_set:
        return VariantCodes()
    condition = Q(pk__in=[])
    if gtin_set:
        condition |= Q(barcode__in=gtin_set) | Q(product__gtin__in=gtin_set)
    if sku_set:
        condition |= Q(sku_upper__in=sku_set)
    found = _base(store).annotate(sku_upper=Upper("sku")).filter(condition).order_by("pk")
    result = VariantCodes()
    for variant in found:
        sale = _sale_variant(variant)
        for code in {variant.barcode, variant.product.gtin} & gtin_set:
            result.by_gtin.setdefault(code, sale)
        if variant.sku.upper() in sku_set:
            result.by_sku.setdefault(variant.sku.upper(), sale)
    return result


def variants_search(*, store: StoreRef, query: str, limit: int = 20) -> list[SaleVariant]:
    """The store's variants whose SKU, barcode, product GTIN or product title holds `query`."""
    text = (query or "").strip()[:100]
    if not text:
        return []
    condition = Q(sku__icontains=text) | Q(barcode=text) | Q(product__gtin=text) | Q(product__title__icontains=text)
    found = _base(store).filter(condition).order_by("product__title", "pk")[:limit]
    return [_sale_variant(variant) for variant in found]
