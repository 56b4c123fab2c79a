"""The catalog feed each store publishes for Letzshop: its active products as Google Shopping rows
(one per variant) in one language, at a secret URL per language that Letzshop polls, and the
rotation of that secret.

Rows are built from the products `selectors.export_products` streams in chunks, so a catalog of
50,000 variants is written as it is read. Texts are in the feed's language, else in the store's,
else in any language that has one; prices include VAT; links point at the store's canonical domain.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.html import strip_tags

from apps.catalog import selectors as catalog_selectors
from apps.catalog.templatetags.catalog_storefront import image_url
from apps.catalog.texts import texts_of
from apps.core.audit import audit_record
from apps.tenancy.routing import store_base_url, store_host

from ..models import LetzshopConnection
from ..models.connection import new_feed_token
from ..selectors import export_products

# the languages Letzshop reads, each with a feed of its own
FEED_LANGUAGES = ("fr", "de", "en")
FORMATS = {"tsv": "\t", "csv": ","}
COLUMNS = (
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
    "shipping_weight",
)
# Google Shopping's limits
TITLE_LENGTH = 150
DESCRIPTION_LENGTH = 5000
MAX_ADDITIONAL_IMAGES = 10
# option types whose values are a variant's colour or size, by a word of their name in any language
COLOUR_NAMES = frozenset({"color", "colour", "couleur", "farbe", "faarf", "coloris"})
SIZE_NAMES = frozenset({"size", "taille", "größe", "grösse", "groesse", "gréisst", "pointure"})
ROWS_PER_WRITE = 200  # rows written to the response at once


# --- the connection row and its token -------------------------------------------------------------


def _connection(*, store) -> LetzshopConnection:
    """The store's connection row, made on first use (it holds the feed token)."""
    connection, _created = LetzshopConnection.objects.get_or_create(store_id=store.id)
    return connection


def export_feed_token(*, store) -> str:
    """The secret of the store's feed URLs (made with the connection row on first use)."""
    return _connection(store=store).feed_token


@transaction.atomic
def export_token_rotate(*, store, actor) -> LetzshopConnection:
    """Give the feed a new secret: the old URLs answer 404 from now on."""
    _connection(store=store)
    connection = LetzshopConnection.objects.select_for_update().get(store_id=store.id)
    connection.feed_token = new_feed_token()
    connection.save(update_fields=["feed_token", "updated_at"])
    audit_record(actor=actor, action="marketplace.feed_token_rotate", target=store.code, store=store)
    return connection


def export_base_url(*, store, request=None) -> str:
    """The store's canonical address (its own domain first), keeping the request's scheme and port."""
    return store_base_url(store, request, host=store_host(store))


def export_feed_urls(*, store, request=None, fmt: str = "tsv") -> dict[str, str]:
    """language -> the absolute URL of the store's feed in that language."""
    token = export_feed_token(store=store)
    base = export_base_url(store=store, request=request)
    name = "storefront:letzshop_feed" if fmt == "tsv" else "storefront:letzshop_feed_csv"
    return {lang: base + reverse(name, kwargs={"token": token, "lang": lang}) for lang in FEED_LANGUAGES}


# --- rows -------------------------------------------------------------------------------------------


def _text(instance: Any, field: str, languages: tuple[str, ...]) -> str:
    """The text of `field` in the first of `languages` that has one, else in any language."""
    texts = texts_of(instance, field)
    for lang in (*languages, *texts):
        if texts.get(lang):
            return texts[lang]
    return ""


def _plain(html: str, length: int) -> str:
    return " ".join(strip_tags(html or "").split())[:length]


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount:.2f} {currency or 'EUR'}"


class FeedWriter:
    """Turns products into feed rows in one language, for one store."""

    def __init__(self, *, store, language: str, base: str) -> None:
        self.store = store
        self.languages = (language, store.language)
        self.base = base
        marker = "0slug0"
        self.product_path = reverse("shop:product", kwargs={"slug": marker}).split(marker)
        categories = {c.pk: c for c in catalog_selectors.category_list(store=store)}
        self.category_paths = {pk: self._category_path(categories, c) for pk, c in categories.items()}

    def _category_path(self, categories: dict, category) -> str:
        names, seen = [], set()
        while category is not None and category.pk not in seen:
            seen.add(category.pk)
            names.append(_text(category, "name", self.languages))
            category = categories.get(category.parent_id)
        return " > ".join(reversed(names))

    def _absolute(self, url: str) -> str:
        return f"{self.base}{url}" if url.startswith("/") else url

    def _images(self, product) -> list[str]:
        images = sorted(product.images.all(), key=lambda image: not image.is_primary)  # stable: keeps positions
        urls = (self._absolute(image_url(image, "large", "jpeg")) for image in images)
        return [url for url in urls if url]

    def _options(self, variant) -> dict[str, str]:
        found = {"color": "", "size": ""}
        for value in variant.option_values.all():
            names = {word for name in texts_of(value.option_type, "name").values() for word in name.casefold().split()}
            column = "color" if names & COLOUR_NAMES else "size" if names & SIZE_NAMES else ""
            if column and not found[column]:
                found[column] = _text(value, "value", self.languages)
        return found

    def product_dicts(self, product) -> Iterator[dict[str, str]]:
        """One row per variant (column -> text)."""
        variants = list(product.variants.all())
        before, after = self.product_path
        categories = list(product.categories.all())
        images = self._images(product)
        shared = {
            "item_group_id": product.sku if len(variants) > 1 else "",
            "title": _text(product, "title", self.languages)[:TITLE_LENGTH],
            "description": _plain(_text(product, "description", self.languages), DESCRIPTION_LENGTH),
            "link": f"{self.base}{before}{product.slug}{after}?lang={self.languages[0]}",
            "image_link": images[0] if images else "",
            "additional_image_link": ",".join(images[1 : MAX_ADDITIONAL_IMAGES + 1]),
            "brand": product.brand,
            "condition": "new",
            "product_type": self.category_paths.get(categories[0].pk, "") if categories else "",
        }
        for variant in variants:
            yield {**shared, **self._variant_fields(product, variant)}

    def _variant_fields(self, product, variant) -> dict[str, str]:
        inventory = getattr(variant, "inventory", None)
        price = variant.effective_price
        compare = product.compare_at_price
        on_sale = compare is not None and compare > price
        weight = variant.weight_grams if variant.weight_grams is not None else product.weight_grams
        return {
            "id": variant.sku,
            "availability": "in stock" if inventory is not None and inventory.available > 0 else "out of stock",
            # Google's semantics: `price` is the regular price, `sale_price` what it sells for now
            "price": _money(compare if on_sale else price, product.currency),
            "sale_price": _money(price, product.currency) if on_sale else "",
            "gtin": variant.barcode or product.gtin,
            "mpn": variant.sku,
            "shipping_weight": f"{weight} g" if weight else "",
            **self._options(variant),
        }


def export_rows(*, store, language: str, base: str) -> Iterator[dict[str, str]]:
    """The feed's rows as dicts (column -> text), in product id order."""
    writer = FeedWriter(store=store, language=language, base=base)
    for product in export_products(store=store):
        yield from writer.product_dicts(product)


def export_feed_lines(*, store, language: str, base: str, fmt: str = "tsv") -> Iterator[str]:
    """The feed as text, a few hundred rows at a time: a header row, then one row per variant,
    quoted by the csv module (tab-separated, or comma-separated for `csv`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=FORMATS[fmt], lineterminator="\n")
    writer.writerow(COLUMNS)
    pending = 0
    for row in export_rows(store=store, language=language, base=base):
        writer.writerow([row.get(column, "") for column in COLUMNS])
        pending += 1
        if pending >= ROWS_PER_WRITE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()
