"""Catalog data for the Letzshop feed tests, made through the catalog's services."""

from __future__ import annotations

import csv
import io

from apps.catalog import services as catalog
from apps.marketplace.services.export import export_feed_token


def shirt(store, *, sku="SHIRT", compare_at_price=None, stock=(3, 0), category_ids=None, status="active"):
    """A shirt in two colours (Blue in stock, Red sold out), titles in English and French."""
    colour = catalog.option_type_create(
        store=store,
        actor=None,
        name={"en": f"Colour {sku}", "fr": f"Couleur {sku}"},
        values=[{"en": "Blue", "fr": "Bleu"}, {"en": "Red", "fr": "Rouge"}],
    )
    size = catalog.option_type_create(store=store, actor=None, name={"en": f"Size {sku}"}, values=[{"en": "M"}])
    product = catalog.product_create(
        store=store,
        actor=None,
        data={
            "sku": sku,
            "title": {"en": "Linen shirt", "fr": "Chemise en lin"},
            "description": {"en": "<p>Soft <b>linen</b>.</p>", "fr": "<p>Du <b>lin</b> doux.</p>"},
            "price": "40.00",
            "compare_at_price": compare_at_price,
            "brand": "Atelier",
            "gtin": "4006381333931",
            "weight_grams": 250,
            "status": status,
        },
        category_ids=category_ids,
    )
    default = product.variants.get()
    blue, red = colour.values.all()
    [m] = size.values.all()
    for name, value, quantity in (("BLUE", blue, stock[0]), ("RED", red, stock[1])):
        catalog.variant_create(
            store=store,
            product=product,
            actor=None,
            sku=f"{sku}-{name}",
            barcode=f"{sku}-{name}-EAN" if name == "BLUE" else "",
            option_value_ids=[value.pk, m.pk],
            stock=quantity,
        )
    catalog.variant_delete(store=store, variant=default, actor=None)
    return product


def plain(store, sku, category_ids=None, **data):
    payload = {"sku": sku, "title": {"en": sku.title()}, "price": "10.00", "status": "active", **data}
    return catalog.product_create(store=store, actor=None, data=payload, stock=1, category_ids=category_ids)


def feed_path(store, lang="fr", ext="tsv", token=None):
    return f"/feeds/letzshop/{token or export_feed_token(store=store)}/{lang}.{ext}"


def read(response, delimiter="\t") -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body), delimiter=delimiter))
