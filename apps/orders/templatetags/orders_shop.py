"""Amounts and VAT rates on the shop's cart, checkout and order pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()

SYMBOLS = {"EUR": "€"}
SYMBOL_FIRST = {"en"}


@register.filter
def money(amount, currency: str = "EUR") -> str:
    """An amount in the active language's format: "€1,234.50" in English, "1.234,50 €" in German."""
    if amount in (None, ""):
        return ""
    value = number_format(Decimal(amount), 2, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency, currency)
    if (get_language() or "en")[:2] in SYMBOL_FIRST:
        return f"{symbol}{value}"
    return f"{value}\N{NO-BREAK SPACE}{symbol}"


@register.filter
def percent(rate) -> str:
    """A VAT rate without trailing zeros: "17.00" -> "17", "5.50" -> "5,5"."""
    if rate in (None, ""):
        return ""
    rate = Decimal(rate).normalize()
    if rate == rate.to_integral():
        rate = rate.quantize(Decimal(1))
    return number_format(rate, use_l10n=True)
