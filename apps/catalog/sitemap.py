"""The storefront's sitemap by the sitemaps.org protocol.

While every address fits in one file (MAX_URLS), /sitemap.xml is a single urlset: the home page,
the visible categories and the active products. Beyond that it becomes a sitemap index of
/sitemap-<n>.xml pages: the home page and the categories in the first, then the products in id
order, at most MAX_URLS a page.

Where the pages start is worked out in one pass over the store's products (the plan), cached per
catalog version; a page then reads its products as an id range (keyset pagination), so the last
page of a large catalog costs what the first does and nothing is skipped with OFFSET.

The XML is written here rather than by a template: a page of 45,000 addresses takes a tenth of a
second this way and two seconds through the template engine, and every catalog change (a sale
that moves stock is one) makes the next crawler visit render the pages again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from django.core.cache import cache
from django.urls import reverse

from .cache import catalog_version
from .selectors import category_tree, sitemap_chunks, sitemap_entries

# The protocol allows 50,000 URLs (and 50 MB) a file; stay well below.
MAX_URLS = 45_000
PLAN_TIMEOUT = 60 * 60  # the catalog version invalidates; the timeout only frees memory
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

Entry = tuple[str, datetime | None]  # an absolute address and its last change


def sitemap_plan(*, store) -> dict[str, Any]:
    """What the sitemap holds: the visible categories (slug, last change) and the active products
    as chunks of at most MAX_URLS (first and last id, count, last change)."""
    key = f"catalog:sitemap-plan:{store.id}:{catalog_version(store.id)}:{MAX_URLS}"
    plan = cache.get(key)
    if plan is None:
        # the tree leaves out categories below a hidden one, as the pages do
        categories = [
            {"slug": c.slug, "updated_at": c.updated_at} for c, _depth in category_tree(store=store, active_only=True)
        ]
        plan = {"categories": categories, "chunks": sitemap_chunks(store=store, size=MAX_URLS)}
        cache.set(key, plan, PLAN_TIMEOUT)
    return plan


def sitemap_xml(*, store, base: str, page: int | None, catalog: bool = True) -> str | None:
    """The XML of /sitemap.xml (page None) or of /sitemap-<page>.xml, with absolute addresses
    under `base`; None for a page that does not exist. Without the catalog (`catalog` False) the
    sitemap holds the home page alone."""
    if not catalog:
        return _urlset([(f"{base}/", None)]) if page is None else None
    plan = sitemap_plan(store=store)
    categories, chunks = plan["categories"], plan["chunks"]
    latest = _latest([c["lastmod"] for c in chunks] + [c["updated_at"] for c in categories])
    category_path = _slug_path("shop:category")
    # the home page shows the whole catalog, so it changes whenever anything in it does
    first = [(f"{base}/", latest)] + [(f"{base}{category_path(c['slug'])}", c["updated_at"]) for c in categories]
    if len(first) + sum(c["count"] for c in chunks) <= MAX_URLS:
        if page is not None:
            return None  # one file: there are no pages
        products = sitemap_entries(store=store, limit=MAX_URLS) if chunks else []
        return _urlset(first + _product_entries(base, products))
    if page is None:
        pages = [latest] + [chunk["lastmod"] for chunk in chunks]
        addresses = [f"{base}{reverse('shop:sitemap_page', kwargs={'page': n})}" for n in range(1, len(pages) + 1)]
        return _xml("sitemapindex", "sitemap", zip(addresses, pages, strict=True))
    if page == 1:
        return _urlset(first)
    if 2 <= page <= len(chunks) + 1:
        chunk = chunks[page - 2]
        products = sitemap_entries(store=store, first_id=chunk["first_id"], last_id=chunk["last_id"], limit=MAX_URLS)
        return _urlset(_product_entries(base, products))
    return None


def _latest(dates: list[datetime | None]) -> datetime | None:
    return max((d for d in dates if d is not None), default=None)


def _slug_path(name: str) -> Callable[[str], str]:
    """The path of a `<slug>` URL for any slug, reversed once (reverse() for each of 45,000
    products costs half a second). Slugs are ASCII letters, digits and dashes: nothing to quote."""
    marker = "0slug0"
    before, after = reverse(name, kwargs={"slug": marker}).split(marker)
    return lambda slug: f"{before}{slug}{after}"


def _product_entries(base: str, products: list[dict[str, Any]]) -> list[Entry]:
    path = _slug_path("shop:product")
    return [(f"{base}{path(p['slug'])}", p["updated_at"]) for p in products]


def _urlset(entries: Iterable[Entry]) -> str:
    return _xml("urlset", "url", entries)


def _xml(root: str, item: str, entries: Iterable[Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{XMLNS}">']
    for loc, lastmod in entries:
        when = f"<lastmod>{lastmod.astimezone(UTC).isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
        lines.append(f"<{item}><loc>{escape(loc)}</loc>{when}</{item}>")
    lines.append(f"</{root}>\n")
    return "\n".join(lines)
