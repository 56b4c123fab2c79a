"""A Shopify product CSV export read as feed rows. A product is a run of rows with the same
Handle: its first row carries the title, description, vendor, type and first image; every row
with a price or a SKU is a variant (Option1..3 values, Variant SKU, Variant Price, ...); rows with
only an image are skipped. item_group_id is the handle; the feed id is the variant's SKU, or the
handle and its option values; the title is the product's with the variant's option values."""

from __future__ import annotations

from collections.abc import Iterator

from .checks import Rejected, normalise

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


def _prices(values: list[str], index: dict[str, int]) -> tuple[str, str]:
    """(price, sale price): a "compare at" price above the price makes the price a sale price."""
    price = _cell(values, index, "variant price")
    compare = _cell(values, index, "variant compare at price")
    return (compare, price) if compare and compare != price else (price, "")


def _raw(values: list[str], index: dict[str, int], product: dict) -> tuple[str, ...]:
    """The variant row as raw values in checks.RAW_FIELDS order."""
    options = _options(values, index, product)
    option_values = [value for _name, value in options]
    sku = _cell(values, index, "variant sku")
    price, sale = _prices(values, index)
    quantity = _cell(values, index, "variant inventory qty")
    out = quantity.lstrip("-").isdigit() and int(quantity) <= 0
    return (
        sku or "-".join([product["handle"], *option_values]),
        product["handle"],
        " – ".join([product["title"], *option_values]) if option_values else product["title"],
        product["description"],
        "",
        _cell(values, index, "variant image") or product["image"],
        "",
        "out of stock" if out else "in stock",
        price,
        sale,
        product["brand"],
        _cell(values, index, "variant barcode").lstrip("'"),
        "",
        "new",
        next((v for n, v in options if n in COLOUR_NAMES), ""),
        next((v for n, v in options if n in SIZE_NAMES), ""),
        product["product_type"],
        "",
        _cell(values, index, "variant grams"),
    )


def shopify_rows(reader: Iterator[list[str]], index: dict[str, int]) -> Iterator[tuple[int, tuple | Rejected]]:
    """(row number, normalised row or Rejected) for every variant row, in the order of the file."""
    product: dict | None = None
    for number, values in enumerate(reader, start=2):
        handle = _cell(values, index, "handle")
        if not handle:
            continue
        if product is None or product["handle"] != handle:
            product = _product(values, index, handle)
        if not _cell(values, index, "variant price") and not _cell(values, index, "variant sku"):
            continue  # an image row
        yield number, normalise(number, _raw(values, index, product))
