"""Staging rows for the curation tests, written directly (the feed import fills them in real life)."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from apps.marketplace.cache import staging_changed
from apps.marketplace.models import StagingProduct

_ids = count(1)


def staging_product(store, **fields) -> StagingProduct:
    """A staging product of `store` (call inside its tenant); `title` sets the English title."""
    n = next(_ids)
    title = fields.pop("title", f"Product {n}")
    values = {
        "feed_id": f"F{n:05d}",
        "titles": {"en": title},
        "descriptions": {"en": f"About {title}"},
        "price": Decimal("10.00"),
        "brand": "Acme",
        "product_type": "Home > Kitchen",
        "image_link": f"https://images.example.lu/{n}.jpg",
        **fields,
    }
    values["price"] = Decimal(str(values["price"]))
    values.setdefault(
        "search_text",
        " ".join(
            [
                *values["titles"].values(),
                values["brand"],
                values["feed_id"],
                values.get("gtin", ""),
                values["product_type"],
            ]
        ).lower(),
    )
    product = StagingProduct.objects.create(store_id=store.id, **values)
    staging_changed(store.id)  # as the import does (through feed_imported)
    return product
