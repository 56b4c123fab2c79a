"""Reading one feed value: prices in the ways merchants write them, availability words in
English, French and German, GTINs, URLs, weights and HTML descriptions. Each reader returns the
clean value or raises BadValue with a plain reason."""

from __future__ import annotations

import html
import re
from decimal import Decimal, InvalidOperation

import nh3
from django.utils.translation import gettext as _

AVAILABILITY = {
    "in_stock": (
        "in stock",
        "in_stock",
        "instock",
        "available",
        "en stock",
        "disponible",
        "auf lager",
        "lieferbar",
        "verfügbar",
        "sofort lieferbar",
        "vorrätig",
    ),
    "out_of_stock": (
        "out of stock",
        "out_of_stock",
        "outofstock",
        "sold out",
        "soldout",
        "discontinued",
        "rupture de stock",
        "en rupture de stock",
        "épuisé",
        "epuise",
        "indisponible",
        "non disponible",
        "nicht auf lager",
        "nicht lieferbar",
        "nicht verfügbar",
        "ausverkauft",
    ),
    "preorder": ("preorder", "pre-order", "pre order", "précommande", "precommande", "vorbestellung", "vorbestellbar"),
    "backorder": ("backorder", "back order", "en réapprovisionnement", "sur commande", "nachbestellung"),
}
AVAILABILITY_WORDS = {word: key for key, words in AVAILABILITY.items() for word in words}
CURRENCY = re.compile(r"[A-Za-z]{3}")
SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP"}
NUMBER = re.compile(r"^-?[0-9][0-9.,' ]*$")
WEIGHT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([a-zA-Z]*)\s*$")
WEIGHT_UNITS = {"": 1, "g": 1, "gr": 1, "kg": 1000, "lb": 453.592, "lbs": 453.592, "oz": 28.3495}
MAX_PRICE = Decimal("9999999999.99")
# the usual shape, "12.50 EUR", read without the general rules
PRICE_FAST = re.compile(r"([0-9]{1,10}(?:\.[0-9]{1,2})?) ?([A-Z]{3})?")
CENT = Decimal("0.01")
URL_STARTS = ("https://", "http://", "HTTP://", "HTTPS://")


class BadValue(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _number(text: str) -> Decimal:
    text = text.replace(" ", "").replace("'", "").replace("\u00a0", "")
    comma, dot = text.rfind(","), text.rfind(".")
    if comma >= 0 and dot >= 0:  # the last one separates the decimals: 1.234,50 / 1,234.50
        thousands = "." if comma > dot else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif comma >= 0:  # 12,50 is decimal; 1,234 and 1,234,567 are thousands
        decimals = text[comma + 1 :]
        text = text.replace(",", ".") if text.count(",") == 1 and len(decimals) in (1, 2) else text.replace(",", "")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return Decimal(text)


def price_read(value: str) -> tuple[Decimal, str]:
    """(amount, currency) of "12.50 EUR", "12,50 EUR", "EUR 12.50", "€12.50", "1.234,50"."""
    fast = PRICE_FAST.fullmatch(value)
    if fast:
        return Decimal(fast.group(1)).quantize(CENT), fast.group(2) or "EUR"
    text = value.strip()
    currency = ""
    for symbol, code in SYMBOLS.items():
        if symbol in text:
            text, currency = text.replace(symbol, " "), code
    found = CURRENCY.search(text)
    if found:
        currency = found.group(0).upper()
        text = text[: found.start()] + text[found.end() :]
    text = text.strip()
    if not text or not NUMBER.match(text):
        raise BadValue(_("not a price"))
    try:
        amount = _number(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise BadValue(_("not a price")) from None
    if amount < 0:
        raise BadValue(_("a price cannot be negative"))
    if amount > MAX_PRICE:
        raise BadValue(_("the price is too large"))
    return amount, currency or "EUR"


def availability_read(value: str) -> str:
    found = AVAILABILITY_WORDS.get(value)
    if found is not None:
        return found
    word = " ".join(value.strip().lower().split())
    if not word:
        return "in_stock"
    found = AVAILABILITY_WORDS.get(word) or AVAILABILITY_WORDS.get(word.replace("_", " "))
    if found is None:
        raise BadValue(_("unknown availability"))
    return found


def gtin_read(value: str) -> str:
    digits = value.strip().replace(" ", "").replace("-", "")
    if not digits:
        return ""
    if not digits.isdigit() or not 8 <= len(digits) <= 14:
        raise BadValue(_("a GTIN has 8 to 14 digits"))
    return digits


def url_read(value: str) -> str:
    url = value.strip()
    if not url:
        return ""
    if not url.startswith(URL_STARTS) or " " in url or len(url) > 1000:
        raise BadValue(_("not a web address (http:// or https://)"))
    return url


def urls_read(value: str) -> list[str]:
    return [url_read(part) for part in value.split(",") if part.strip()][:10]


def weight_read(value: str) -> int | None:
    """Grams of "250 g", "0,25 kg", "1.5 lb" (None when empty or unreadable: not a reason to
    refuse a product)."""
    number, _space, unit = value.partition(" ")
    if unit == "g" and number.isdigit():
        return min(int(number), 2_000_000_000)
    found = WEIGHT.match(value)
    if not found or found.group(2).lower() not in WEIGHT_UNITS:
        return None
    grams = float(found.group(1).replace(",", ".")) * WEIGHT_UNITS[found.group(2).lower()]
    return min(round(grams), 2_000_000_000)


def text_read(value: str) -> str:
    """Plain text of a description that may hold HTML."""
    if "<" not in value and "&" not in value:
        return value.strip()
    return html.unescape(nh3.clean(value, tags=set())).strip()
