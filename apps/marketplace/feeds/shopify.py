"""A Shopify product CSV export read as feed rows. A product is a run of rows with the same
Handle: its first row carries the title, description, vendor, type and first image; every row
with a price is a variant (Option1..3 values, Variant SKU, Variant Price, ...). Rows with only an
image add to the product's images. item_group_id is the handle; the feed id is the variant's SKU,
or the handle and its option values."""

from __future__ import annotations

from collections.abc import Iterator

from .checks import Refused, checked
from .values import weight_read

COLOUR_NAMES = {"color", "colour", "couleur", "farbe"}
SIZE_NAMES = {"size", "taille", "größe", "groesse", "grösse"}


def _cell(values: list[str], index: dict[str, int], name: str) -> str:
    i = index.get(name)
    return values[i].strip() if i is not None and i < len(values) else ""


def _options(values: list[str], index: dict[str, int], product: dict) -> list[tuple[str, str]]:
    options = []
    for n in (1, 2, 3):
        value = _cell(values, index, f"option{n} value")
        name = _cell(values, index, f"option{n} name") or product["option_names"].get(n, "")
        if name:
            product["option_names"][n] = name
        if value and value != "Default Title":
            options.append((name.lower(), value))
    return options


def _product(values: list[str], index: dict[str, int], handle: str) -> dict:
    return {
        "handle": handle,
        "title": _cell(values, index, "title"),
        "description": _cell(values, index, "body (html)"),
        "brand": _cell(values, index, "vendor"),
        "product_type": _cell(values, index, "type") or _cell(values, index, "product category"),
        "image": _cell(values, index, "image src"),
        "option_names": {},
    }


def _variant(values: list[str], index: dict[str, int], product: dict) -> dict:
    options = _options(values, index, product)
    sku = _cell(values, index, "variant sku")
    price = _cell(values, index, "variant price")
    compare = _cell(values, index, "variant compare at price")
    quantity = _cell(values, index, "variant inventory qty")
    google = {
        "id": sku or "-".join([product["handle"], *(value for _name, value in options)]),
        "price": price,
        "sale_price": "",
        "availability": "out of stock" if quantity.lstrip("-").isdigit() and int(quantity) <= 0 else "in stock",
        "gtin": _cell(values, index, "variant barcode").lstrip("'"),
        "link": "",
        "image_link": _cell(values, index, "variant image") or product["image"],
        "additional_image_link": "",
    }
    if compare and compare != price:
        google["price"], google["sale_price"] = compare, price
    item = {
        "feed_id": google["id"],
        "item_group_id": product["handle"][:100],
        "title": " – ".join([product["title"], *(value for _name, value in options)]) if options else product["title"],
        "description": product["description"],
        "brand": product["brand"],
        "mpn": "",
        "condition": "new",
        "color": next((v for n, v in options if n in COLOUR_NAMES), ""),
        "size": next((v for n, v in options if n in SIZE_NAMES), ""),
        "product_type": product["product_type"],
        "google_product_category": "",
        "weight_grams": weight_read(_cell(values, index, "variant grams")),
    }
    return {"google": google, "item": item}


def shopify_rows(reader: Iterator[list[str]], index: dict[str, int]) -> Iterator[tuple[int, dict]]:
    """(row number, item dict or Rejected) for every variant row, in the order of the file."""
    product: dict | None = None
    for number, values in enumerate(reader, start=2):
        handle = _cell(values, index, "handle")
        if not handle:
            continue
        if product is None or product["handle"] != handle:
            product = _product(values, index, handle)
        if not _cell(values, index, "variant price") and not _cell(values, index, "variant sku"):
            continue  # an image row
        built = _variant(values, index, product)
        try:
            yield number, checked(number, built["item"], lambda name, g=built["google"]: g.get(name, ""))
        except Refused as refused:
            yield number, refused.rejected
