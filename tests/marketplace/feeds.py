"""Feed imports in tests: files shaped as merchants send them, and running an import through the
job to its end."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.marketplace.models import FeedImport, StagingProduct
from apps.marketplace.services.feeds import feed_import_start

GOOGLE_HEADER = [
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "availability",
    "price",
    "sale_price",
    "brand",
    "gtin",
    "item_group_id",
    "product_type",
]


def google_file(rows: list[list[str]], *, delimiter: str = "\t", header: list[str] | None = None) -> str:
    lines = [delimiter.join(header or GOOGLE_HEADER)]
    lines += [delimiter.join(row) for row in rows]
    return "\n".join(lines) + "\n"


def row(feed_id: str, title: str = "Mug", price: str = "12.50 EUR", **extra: str) -> list[str]:
    values = {
        "id": feed_id,
        "title": title,
        "description": extra.get("description", "A fine thing"),
        "link": "https://example.lu/p",
        "image_link": extra.get("image_link", ""),
        "availability": extra.get("availability", "in stock"),
        "price": price,
        "sale_price": extra.get("sale_price", ""),
        "brand": extra.get("brand", "Brand"),
        "gtin": extra.get("gtin", ""),
        "item_group_id": extra.get("item_group_id", ""),
        "product_type": extra.get("product_type", "Home > Kitchen"),
    }
    return [values[name] for name in GOOGLE_HEADER]


def upload(content: str | bytes, name: str = "feed.tsv", encoding: str = "utf-8") -> SimpleUploadedFile:
    data = content.encode(encoding) if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/plain")


def run_import(
    tenant, capture, *, language="en", url=None, content=None, name="feed.tsv", encoding="utf-8", store=None, actor=None
) -> FeedImport:
    """Start an import and run its job (eagerly, on commit); the import as it ended."""
    with tenant:
        file = upload(content, name, encoding) if content is not None else None
        with capture(execute=True):
            started = feed_import_start(
                store=store or tenant.store, language=language, actor=actor or tenant.owner(), url=url, upload=file
            )
        started.refresh_from_db()
        return started


def staging(tenant, feed_id: str) -> StagingProduct:
    with tenant:
        return StagingProduct.objects.get(store_id=tenant.store.id, feed_id=feed_id)


__all__ = ["io"]
