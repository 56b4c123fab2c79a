"""Reads of the sitemap: the store's active products in id order, by id range."""

from __future__ import annotations

from typing import Any

from django.db import connection

from ..types import StoreRef
from ._common import visible_products


def sitemap_entries(
    *, store: StoreRef, limit: int, first_id: int = 0, last_id: int | None = None
) -> list[dict[str, Any]]:
    """Id, slug and last change of the store's active products, in id order, from `first_id` to
    `last_id`: a sitemap page reads its chunk as an id range (keyset), never by OFFSET."""
    products = visible_products(store=store).filter(id__gte=first_id)
    if last_id is not None:
        products = products.filter(id__lte=last_id)
    return list(products.order_by("id").values("id", "slug", "updated_at")[:limit])


def sitemap_chunks(*, store: StoreRef, size: int) -> list[dict[str, Any]]:
    """The store's active products cut, in id order, into chunks of at most `size`: each chunk's
    first and last id, its number of products and its latest change. One pass numbers the rows
    (a window function, which the ORM cannot group by), so a sitemap page can later read its
    chunk by id range instead of skipping rows."""
    products = visible_products(store=store).order_by().values("id", "updated_at")
    inner, params = products.query.sql_with_params()  # Django's own SQL; the values stay parameters
    numbered = f"SELECT id, updated_at, (row_number() OVER (ORDER BY id) - 1) / %s AS chunk FROM ({inner}) AS p"  # noqa: S608
    sql = f"SELECT min(id), max(id), count(*), max(updated_at) FROM ({numbered}) AS n GROUP BY chunk ORDER BY chunk"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [size, *params])
        rows = cursor.fetchall()
    return [{"first_id": a, "last_id": b, "count": n, "lastmod": lastmod} for a, b, n, lastmod in rows]
