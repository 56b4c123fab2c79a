"""The checks every feed row passes, whatever its format: from the raw values in RAW_FIELDS order
to one normalised row (ROW_FIELDS order, the StagingProduct fields) or a
Rejected line. Written for speed (one call per row, fast paths for the usual shapes): it runs
for every row of feeds of hundreds of thousands of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .values import (
    AVAILABILITY_WORDS,
    URL_STARTS,
    BadValue,
    availability_read,
    gtin_read,
    price_read,
    text_read,
    url_read,
    urls_read,
    weight_read,
)

# the raw values a format gives, in this order (Google Shopping names)
RAW_FIELDS = (
    "id",
    "item_group_id",
    "title",
    "description",
    "link",
    "image_link",
    "additional_image_link",
    "availability",
    "price",
    "sale_price",
    "brand",
    "gtin",
    "mpn",
    "condition",
    "color",
    "size",
    "product_type",
    "google_product_category",
    "weight",
)
ROW_FIELDS = (
    "feed_id",
    "item_group_id",
    "title",
    "description",
    "link",
    "image_link",
    "additional_image_links",
    "availability",
    "price",
    "sale_price",
    "currency",
    "brand",
    "gtin",
    "mpn",
    "condition",
    "color",
    "size",
    "product_type",
    "google_product_category",
    "weight_grams",
)


@dataclass
class Rejected:
    row_number: int
    column: str
    reason: str
    value: str
    # the row's feed id when it has one: a product still in the feed (if refused this time) is
    # never taken for gone
    feed_id: str = ""


def _required(number: int, feed_id: str, title: str, price: str) -> Rejected | None:
    if not feed_id:
        return Rejected(number, "id", _("the id is missing"), "")
    if len(feed_id) > 100:
        return Rejected(number, "id", _("the id is longer than 100 characters"), feed_id[:300])
    if not title:
        return Rejected(number, "title", _("the title is missing"), "", feed_id)
    if not price.strip():
        return Rejected(number, "price", _("the price is missing"), "", feed_id)
    return None


def _reason(number: int, raw: tuple[str, ...]) -> Rejected:
    """Why a row the fast path refused is refused: the first bad value, in column order."""
    (_id, _group, _title, _desc, link, image, more, availability, price, sale, _brand, gtin) = raw[:12]
    checks = (
        ("price", price, price_read),
        ("sale_price", sale, price_read),
        ("availability", availability, availability_read),
        ("gtin", gtin, gtin_read),
        ("link", link, url_read),
        ("image_link", image, url_read),
        ("additional_image_link", more, urls_read),
    )
    for column, value, read in checks:
        try:
            if value or column in ("price", "availability"):
                read(value)
        except BadValue as bad:
            return Rejected(number, column, bad.reason, value[:300], _id)
    raise AssertionError("a refused row has a bad value")  # pragma: no cover


def _url(value: str) -> str:
    if value.startswith(URL_STARTS) and " " not in value and len(value) <= 1000 and not value[-1].isspace():
        return value
    return url_read(value)


def normalise(number: int, raw: tuple[str, ...]) -> tuple | Rejected:
    """One row's raw values (RAW_FIELDS) checked and normalised, or why it is refused. The usual
    values are read inline; anything unusual goes through the readers of values.py, and a row
    that fails is read again by _reason to name its first bad value."""
    (feed_id, group, title, description, link, image, more, availability, price, sale, brand, gtin, mpn) = raw[:13]
    feed_id, title = feed_id.strip(), title.strip()
    if not feed_id or not title or len(feed_id) > 100 or not price.strip():
        missing = _required(number, feed_id, title, price)
        if missing is not None:
            return missing
    try:
        amount, currency = price_read(price)
        sale_amount = price_read(sale)[0] if sale else None
        availability = AVAILABILITY_WORDS.get(availability) or availability_read(availability)
        if gtin and not (gtin.isdigit() and 8 <= len(gtin) <= 14):
            gtin = gtin_read(gtin)
        link = _url(link) if link else ""
        image = _url(image) if image else ""
        images = urls_read(more) if more else []
    except BadValue:
        return _reason(number, raw)
    condition, color, size, product_type, category, weight = raw[13:19]
    return (
        feed_id,
        group.strip()[:100],
        text_read(title)[:1000],
        text_read(description)[:20000],
        link,
        image,
        images,
        availability,
        amount,
        sale_amount,
        currency,
        brand.strip()[:120],
        gtin,
        mpn.strip()[:70],
        condition.strip()[:16],
        color.strip()[:100],
        size.strip()[:100],
        product_type.strip()[:750],
        category.strip()[:750],
        weight_read(weight) if weight else None,
    )
