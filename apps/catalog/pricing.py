"""Prices and VAT. Prices are stored and shown including VAT (what a consumer pays); the VAT
share is derived from the rate. Luxembourg's rates: 17 % standard, 14 % intermediate, 8 % reduced,
3 % super-reduced."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from apps.core.numbers import decimal_places, parse_decimal

CENT = Decimal("0.01")
# The largest amount the price columns hold (numeric(12, 2)).
MAX_PRICE = Decimal("9999999999.99")


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
    """A price as the services take it: plain decimal notation with "." (apps.core.numbers; the
    page forms read "," before), at most two decimals, not negative, within the price columns.
    Raises ValueError."""
    price = parse_decimal(value)  # NotANumber is a ValueError
    if price < 0 or price > MAX_PRICE or decimal_places(price) > 2:
        raise ValueError("out of range")
    return price
