"""Reads of the catalog feed a store publishes for Letzshop: its active products with everything a
feed row needs, streamed in chunks; how many variants it holds; what changed last (for ETags);
and whether a feed token is the store's."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Sum

from apps.catalog import selectors as catalog_selectors

from ..models import LetzshopConnection

CHUNK_SIZE = 500
# what a feed row reads of a product, fetched once per chunk however many products it holds
PREFETCH = (
    "variants__inventory",
    "variants__option_values__option_type",
    "images",
    "categories",
)


def export_products(*, store, chunk_size: int = CHUNK_SIZE) -> Iterator[Any]:
    """The store's active (published) products in id order, with their variants (stock and
    options), images and categories prefetched chunk by chunk: a constant number of queries per
    chunk, and never more than one chunk in memory."""
    products = catalog_selectors.visible_products(store=store).order_by("id").prefetch_related(*PREFETCH)
    return products.iterator(chunk_size=chunk_size)


def export_count(*, store) -> dict[str, int]:
    """How many products and rows (variants) the feed holds."""
    counts = catalog_selectors.visible_products(store=store).aggregate(
        products=Count("id", distinct=True), rows=Count("variants")
    )
    return {"products": counts["products"] or 0, "rows": counts["rows"] or 0}


@dataclass(frozen=True)
class Fingerprint:
    """What the feed's ETag and Last-Modified are made of: the newest change of a product, variant,
    stock row, image or category, and counts and id sums that move when a row leaves the feed."""

    last_change: datetime | None
    parts: tuple


def export_fingerprint(*, store) -> Fingerprint:
    products = catalog_selectors.visible_products(store=store)
    head = products.aggregate(changed=Max("updated_at"), n=Count("id"), ids=Sum("id"))
    variants = products.aggregate(
        changed=Max("variants__updated_at"),
        stock=Max("variants__inventory__updated_at"),
        n=Count("variants__id"),
        ids=Sum("variants__id"),
    )
    images = products.aggregate(changed=Max("images__updated_at"), n=Count("images__id"))
    categories = [c.updated_at for c in catalog_selectors.category_list(store=store)]
    dates = [head["changed"], variants["changed"], variants["stock"], images["changed"], *categories]
    known = [d for d in dates if d is not None]
    parts = (
        head["n"],
        head["ids"],
        variants["n"],
        variants["ids"],
        images["n"],
        len(categories),
        *(d.isoformat() if d else "" for d in dates[:4]),
        max(categories).isoformat() if categories else "",
    )
    return Fingerprint(last_change=max(known) if known else None, parts=parts)


def export_token_matches(*, store, token: str) -> bool:
    """Whether `token` is the secret of this store's feed (compared in constant time). A store
    without a connection row has no feed yet."""
    saved = LetzshopConnection.objects.filter(store_id=store.id).values_list("feed_token", flat=True).first()
    return bool(saved) and hmac.compare_digest(saved.encode(), (token or "").encode())
