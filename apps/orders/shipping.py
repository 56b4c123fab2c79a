"""What a shipping method costs for a parcel, and whether it is offered at all."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .models import ShippingMethod


def shipping_quote(method: ShippingMethod, *, weight_grams: int, country: str) -> Decimal | None:
    """The price of `method` for a parcel of `weight_grams` to `country` (an ISO code; ignored for
    pickup), before any free-shipping threshold; None when the method is not offered for it."""
    if not method.is_active:
        return None
    if method.is_pickup:
        return method.price
    if country not in method.countries:
        return None
    if method.kind == ShippingMethod.Kind.WEIGHT:
        return _weight_band(method.weight_rates, weight_grams)
    return method.price


def _weight_band(rates: object, weight_grams: int) -> Decimal | None:
    if not isinstance(rates, list):
        return None
    for band in rates:
        try:
            if weight_grams <= int(band["up_to_grams"]):
                return Decimal(str(band["price"]))
        except (KeyError, TypeError, ValueError, InvalidOperation):
            return None
    return None
