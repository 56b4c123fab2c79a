"""What a merchant changes on a staging product before publishing it (StagingProduct.customisation)
and the price rule: pure functions, no database. The documented shape:

    {"sku": "ABC-1",
     "price_rule": {"kind": "percent" | "fixed", "value": "10", "rounding": "" | "0.90" | "0.99"},
     "titles": {"fr": "...", "de": "..."}, "descriptions": {...},
     "images": ["https://... one of the feed's image URLs", ...],
     "category_ids": [3, 4], "stock": 12, "vat_rate": "17.00"}

Every key is optional; a key left out means "the feed's value" (or the mapping's category)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed
from apps.core.numbers import NotANumber, parse_decimal, parse_integer

from .errors import MarketplaceErrorCode

CENT = Decimal("0.01")
MAX_PRICE = Decimal("9999999999.99")
MAX_STOCK = 1_000_000
SKU_LENGTH = 64
TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 20_000
# Luxembourg's VAT rates, as the catalog takes them (apps.catalog.pricing.VatRate)
VAT_RATES = (Decimal("17.00"), Decimal("14.00"), Decimal("8.00"), Decimal("3.00"))
RULE_KINDS = ("percent", "fixed")
ROUNDINGS = ("", "0.90", "0.99")
KEYS = ("sku", "price_rule", "titles", "descriptions", "images", "category_ids", "stock", "vat_rate")
LANGS = tuple(code for code, _name in settings.LANGUAGES)


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code=MarketplaceErrorCode.CUSTOMISATION_INVALID, fields={field: [message]})


# --- the price rule ---------------------------------------------------------------------------------


def price_round_up(price: Decimal, ending: str) -> Decimal:
    """The first price ending in `ending` ("0.90", "0.99") at or above `price`; "" keeps it."""
    if not ending:
        return price
    cents = Decimal(ending)
    whole = price.to_integral_value(rounding=ROUND_CEILING) - 1
    candidate = whole + cents
    if candidate < price:
        candidate += 1
    return candidate.quantize(CENT)


def price_apply(price: Decimal, rule: Mapping[str, Any] | None) -> Decimal:
    """The price a product sells at: the feed's `price` with the (cleaned) rule applied, rounded to
    the cent, then up to the chosen ending. Never below zero."""
    price = Decimal(price)
    if rule:
        value = Decimal(str(rule.get("value") or 0))
        price = price * (Decimal(100) + value) / Decimal(100) if rule.get("kind") == "percent" else price + value
        price = max(price, Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
        price = price_round_up(price, rule.get("rounding") or "")
    return price.quantize(CENT, rounding=ROUND_HALF_UP)


def price_rule_clean(value: Any, *, field: str = "price_rule") -> dict[str, str] | None:
    """A price rule as stored: {"kind", "value" (a string), "rounding"}; None or {} for none."""
    if value in (None, {}):
        return None
    if not isinstance(value, Mapping):
        raise _invalid(field, _("Give the price rule as kind, value and rounding."))
    kind = value.get("kind")
    if kind not in RULE_KINDS:
        raise _invalid(f"{field}.kind", _("Choose a markup in percent or a fixed amount."))
    try:
        number = parse_decimal(value.get("value"))
    except NotANumber:
        raise _invalid(f"{field}.value", _("Enter a number, e.g. 10 or 2.50.")) from None
    if number.as_tuple().exponent < -2 or abs(number) > Decimal("1000000"):
        raise _invalid(f"{field}.value", _("Enter a number with at most two decimals."))
    if kind == "percent" and number <= Decimal(-100):
        raise _invalid(f"{field}.value", _("A markdown cannot take the price to zero or below."))
    rounding = value.get("rounding") or ""
    if rounding not in ROUNDINGS:
        raise _invalid(f"{field}.rounding", _("Choose no rounding, .90 or .99."))
    return {"kind": kind, "value": str(number), "rounding": rounding}


# --- the customisation ------------------------------------------------------------------------------


def _texts(value: Any, *, field: str, max_length: int) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        raise _invalid(field, _("Give the texts by language."))
    texts = {}
    for lang, text in value.items():
        if lang not in LANGS:
            raise _invalid(f"{field}.{lang}", _("Unknown language."))
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise _invalid(f"{field}.{lang}", _("Enter a text."))
        if len(text.strip()) > max_length:
            raise _invalid(f"{field}.{lang}", _("Ensure this has at most %(n)d characters.") % {"n": max_length})
        if text.strip():
            texts[lang] = text.strip()
    return texts


def _sku(value: Any) -> str:
    if not isinstance(value, str):
        raise _invalid("sku", _("Enter a SKU."))
    value = value.strip()
    if len(value) > SKU_LENGTH:
        raise _invalid("sku", _("Ensure this has at most %(n)d characters.") % {"n": SKU_LENGTH})
    return value


def _stock(value: Any) -> int:
    try:
        stock = parse_integer(value)
    except NotANumber:
        raise _invalid("stock", _("Enter a whole number of 0 or more.")) from None
    if not 0 <= stock <= MAX_STOCK:
        raise _invalid("stock", _("Enter a whole number of 0 or more."))
    return stock


def _vat_rate(value: Any) -> str:
    try:
        rate = parse_decimal(value)
    except NotANumber:
        rate = None
    if rate not in VAT_RATES:
        raise _invalid("vat_rate", _("Choose one of Luxembourg's VAT rates: 17, 14, 8 or 3 %."))
    return str(rate.quantize(CENT))


def _ids(value: Any, *, field: str, known: Iterable[int]) -> list[int]:
    if not isinstance(value, list | tuple):
        raise _invalid(field, _("Give a list of categories."))
    try:
        ids = list(dict.fromkeys(parse_integer(item) for item in value))
    except NotANumber:
        raise _invalid(field, _("Unknown category.")) from None
    if not set(ids) <= set(known):
        raise _invalid(field, _("Unknown category."))
    return ids


def _images(value: Any, *, available: Iterable[str]) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(url, str) for url in value):
        raise _invalid("images", _("Give a list of the feed's image addresses."))
    urls = list(dict.fromkeys(value))
    if not set(urls) <= set(available):
        raise _invalid("images", _("Choose among the feed's images."))
    return urls


def customisation_clean(value: Any, *, category_ids: Iterable[int], image_urls: Iterable[str] = ()) -> dict[str, Any]:
    """The customisation checked and normalised (only the keys given; None or "" drops a key).
    `category_ids`: the store's categories; `image_urls`: the product's feed images."""
    if not isinstance(value, Mapping):
        raise _invalid("customisation", _("Give the changes as an object."))
    unknown = sorted(set(value) - set(KEYS))
    if unknown:
        raise _invalid(unknown[0], _("Unknown field."))
    cleaners = {
        "sku": _sku,
        "price_rule": price_rule_clean,
        "titles": lambda v: _texts(v, field="titles", max_length=TITLE_LENGTH),
        "descriptions": lambda v: _texts(v, field="descriptions", max_length=DESCRIPTION_LENGTH),
        "images": lambda v: _images(v, available=image_urls),
        "category_ids": lambda v: _ids(v, field="category_ids", known=category_ids),
        "stock": _stock,
        "vat_rate": _vat_rate,
    }
    cleaned: dict[str, Any] = {}
    for key, given in value.items():
        if given is None or given == "":
            continue
        result = cleaners[key](given)
        if result not in (None, "", {}):
            cleaned[key] = result
    return cleaned
