"""Prices and VAT. Prices are stored and shown including VAT (what a consumer pays); the VAT
share is derived from the rate. Luxembourg's rates: 17 % standard, 14 % intermediate, 8 % reduced,
3 % super-reduced."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


class VatRate:
    STANDARD = Decimal("17.00")
    INTERMEDIATE = Decimal("14.00")
    REDUCED = Decimal("8.00")
    SUPER_REDUCED = Decimal("3.00")
    choices = [
        (STANDARD, _("17 % (standard)")),
        (INTERMEDIATE, _("14 % (intermediate)")),
        (REDUCED, _("8 % (reduced)")),
        (SUPER_REDUCED, _("3 % (super-reduced)")),
    ]
    values = [value for value, _label in choices]


def vat_included(price_incl: Decimal, rate: Decimal | str) -> Decimal:
    """The VAT contained in a price that includes it."""
    rate = Decimal(str(rate))
    net = price_incl / (Decimal(1) + rate / Decimal(100))
    return (price_incl - net).quantize(CENT, rounding=ROUND_HALF_UP)


def price_excl(price_incl: Decimal, rate: Decimal | str) -> Decimal:
    return (price_incl - vat_included(price_incl, rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_price(value) -> Decimal:
    """A price from user input: a number with at most two decimals, not negative. Raises ValueError."""
    try:
        price = Decimal(str(value).strip().replace(",", "."))
    except Exception:
        raise ValueError("not a number") from None
    # the range first: quantize() raises on numbers too long for the context (1e300)
    if not price.is_finite() or price < 0 or price >= Decimal("10000000000") or price != price.quantize(CENT):
        raise ValueError("out of range")
    return price
