"""The checks a feed row passes in both formats, and what a refused row records."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .values import BadValue, availability_read, gtin_read, price_read, url_read, urls_read


@dataclass
class Rejected:
    row_number: int
    column: str
    reason: str
    value: str


class Refused(Exception):
    def __init__(self, rejected: Rejected) -> None:
        self.rejected = rejected


def read_value(number: int, column: str, reader, value: str):
    try:
        return reader(value)
    except BadValue as bad:
        raise Refused(Rejected(number, column, bad.reason, value[:300])) from None


def checked(number: int, item: dict, cell) -> dict:
    """The checks both formats share; `cell(name)` gives the raw Google-named values."""
    if not item["feed_id"]:
        raise Refused(Rejected(number, "id", _("the id is missing"), ""))
    if len(item["feed_id"]) > 100:
        raise Refused(Rejected(number, "id", _("the id is longer than 100 characters"), item["feed_id"][:300]))
    if not item["title"]:
        raise Refused(Rejected(number, "title", _("the title is missing"), ""))
    if not cell("price").strip():
        raise Refused(Rejected(number, "price", _("the price is missing"), ""))
    item["price"], item["currency"] = read_value(number, "price", price_read, cell("price"))
    sale = cell("sale_price")
    item["sale_price"] = read_value(number, "sale_price", price_read, sale)[0] if sale.strip() else None
    item["availability"] = read_value(number, "availability", availability_read, cell("availability"))
    item["gtin"] = read_value(number, "gtin", gtin_read, cell("gtin"))
    item["link"] = read_value(number, "link", url_read, cell("link"))
    item["image_link"] = read_value(number, "image_link", url_read, cell("image_link"))
    more = cell("additional_image_link")
    item["additional_image_links"] = read_value(number, "additional_image_link", urls_read, more)
    return item
