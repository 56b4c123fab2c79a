"""Variants: what is actually sold and stocked. Every product has at least one."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.audit import audit_record
from apps.core.errors import Conflict, ValidationFailed

from .. import limits
from ..cache import catalog_changed
from ..errors import CatalogErrorCode
from ..models import InventoryItem, OptionValue, Product, Variant
from ..types import Actor, PriceInput, StoreRef
from ._common import clean_prices, integrity_conflict, invalid, sku_check_free
from .products import price_range_refresh
from .stock import stock_open


class VariantData(TypedDict, total=False):
    """What variant_update takes; every key optional. `option_value_ids`: all of its values."""

    sku: str
    barcode: str
    price: PriceInput | None
    option_value_ids: Iterable[int]


def _option_values(store: StoreRef, value_ids: Iterable[int]) -> list[OptionValue]:
    ids = {int(pk) for pk in value_ids or []}
    found = list(OptionValue.objects.filter(option_type__store_id=store.id, pk__in=ids))
    if len(found) != len(ids):
        raise invalid("option_value_ids", _("Unknown option value."))
    return found


def _set_option_values(store: StoreRef, variant: Variant, value_ids: Iterable[int]) -> None:
    values = _option_values(store, value_ids)
    try:
        with transaction.atomic():
            variant.option_values.set(values)
    except IntegrityError:  # a value deleted (option_type_update) since it was read above
        raise invalid("option_value_ids", _("Unknown option value.")) from None


@transaction.atomic
def variant_create(
    *,
    store: StoreRef,
    product: Product,
    actor: Actor | None,
    sku: str,
    barcode: str = "",
    price: PriceInput | None = None,
    option_value_ids: Iterable[int] | None = None,
    stock: int = 0,
) -> Variant:
    Product.objects.select_for_update().filter(pk=product.pk).first()  # one count at a time per product
    count = Variant.objects.filter(product_id=product.pk).count()  # not product.variants: it may be prefetched
    if count >= limits.MAX_VARIANTS_PER_PRODUCT:
        raise ValidationFailed(
            ngettext(
                "A product can have at most %(max)d variant.",
                "A product can have at most %(max)d variants.",
                limits.MAX_VARIANTS_PER_PRODUCT,
            )
            % {"max": limits.MAX_VARIANTS_PER_PRODUCT},
            code=CatalogErrorCode.TOO_MANY_VARIANTS,
        )
    sku = (sku or "").strip()
    if not sku:
        raise invalid("sku", _("Enter a SKU."))
    sku_check_free(store, sku)
    own_price = _price(price)
    if stock < 0:
        raise invalid("stock", _("Stock cannot be negative."), CatalogErrorCode.STOCK_NEGATIVE)
    try:
        with transaction.atomic():
            variant = Variant.objects.create(
                store_id=store.id,
                product=product,
                sku=sku,
                barcode=(barcode or "").strip(),
                price=own_price,
                position=count,
            )
            InventoryItem.objects.create(variant=variant, quantity=0)
    except IntegrityError as exc:
        raise integrity_conflict(exc) from None
    stock_open(store=store, variant=variant, quantity=stock, actor=actor)
    if option_value_ids:
        _set_option_values(store, variant, option_value_ids)
    price_range_refresh([product.pk])
    audit_record(
        actor=actor, action="catalog.variant_create", target=variant.sku, store=store, data={"product": product.sku}
    )
    catalog_changed(store.id)
    return variant


def _price(value: PriceInput | None) -> Decimal | None:
    """A variant's own price, parsed; None or "": it sells at the product's price."""
    if value in (None, ""):
        return None
    prices = {"price": value}
    clean_prices(prices)
    return prices["price"]


@transaction.atomic
def variant_update(*, store: StoreRef, variant: Variant, actor: Actor | None, data: VariantData) -> Variant:
    if "sku" in data:
        sku = (data["sku"] or "").strip()
        if not sku:
            raise invalid("sku", _("Enter a SKU."))
        if sku.upper() != variant.sku.upper():
            sku_check_free(store, sku, exclude_variant=variant.pk)
        variant.sku = sku
    if "barcode" in data:
        variant.barcode = (data["barcode"] or "").strip()
    if "price" in data:
        variant.price = _price(data["price"])
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError as exc:
        raise integrity_conflict(exc) from None
    if "option_value_ids" in data:
        _set_option_values(store, variant, data["option_value_ids"])
    if "price" in data:
        price_range_refresh([variant.product_id])
    audit_record(
        actor=actor, action="catalog.variant_update", target=variant.sku, store=store, data={"fields": sorted(data)}
    )
    catalog_changed(store.id)
    return variant


@transaction.atomic
def variant_delete(*, store: StoreRef, variant: Variant, actor: Actor | None) -> None:
    if Variant.objects.filter(product_id=variant.product_id).count() <= 1:
        raise Conflict(_("A product needs at least one variant."), code=CatalogErrorCode.LAST_VARIANT)
    item = InventoryItem.objects.select_for_update().filter(variant=variant).first()
    if item is not None and item.available:
        Product.objects.filter(pk=variant.product_id).update(available=F("available") - item.available)
    sku = variant.sku
    variant.delete()
    price_range_refresh([variant.product_id])
    audit_record(actor=actor, action="catalog.variant_delete", target=sku, store=store)
    catalog_changed(store.id)
