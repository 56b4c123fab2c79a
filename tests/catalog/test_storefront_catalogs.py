"""Storefront pages over catalogs each test builds: none at all, a long one that pages, a hostile
title, and catalogs of growing size whose pages cost the same number of queries."""

from __future__ import annotations

import pytest

from apps.catalog import services
from apps.tenancy.models import Merchant

from .factories import fake_image, product
from .storefront_html import card_titles, jsonld, page

# --- Home -----------------------------------------------------------------------------------------


def test_home_without_products_has_a_helpful_empty_state(tenant_a):
    html = page(tenant_a.client(), "/")
    assert "Our shop is opening soon" in html and "/accounts/signup/" in html
    staff = page(tenant_a.client(tenant_a.owner()), "/")
    assert "Our shop is opening soon" in staff and 'href="/store/ALPHA/"' in staff


def test_home_without_the_catalog_module(tenant_a):
    Merchant.objects.filter(pk=tenant_a.merchant.pk).update(disabled_modules=["catalog"])
    client = tenant_a.client()
    assert "Our shop is opening soon" in page(client, "/")
    page(client, "/search/", status=404)
    assert "<loc>" in page(client, "/sitemap.xml")


# --- Product and search pages --------------------------------------------------------------------


def test_structured_data_cannot_break_out_of_its_script(tenant_a):
    with tenant_a:
        product(tenant_a.store, sku="XSS", title={"en": "</script><script>alert(1)</script>"}, slug="xss")
    html = page(tenant_a.client(), "/p/xss/")
    assert "<script>alert(1)" not in html
    assert jsonld(html)["name"] == "</script><script>alert(1)</script>"


def test_pagination_past_the_end_shows_the_last_page(tenant_a):
    with tenant_a:
        for n in range(30):
            product(tenant_a.store, sku=f"P{n:02d}", title={"en": f"Widget {n:02d}"}, price=f"{n + 1}.00")
    client = tenant_a.client()
    first = card_titles(page(client, "/search/?sort=price_asc"))
    assert len(first) == 24 and first[0] == "Widget 00"
    last = card_titles(page(client, "/search/?sort=price_asc&page=2"))
    assert last == [f"Widget {n:02d}" for n in range(24, 30)]
    assert card_titles(page(client, "/search/?sort=price_asc&page=999")) == last
    assert card_titles(page(client, "/search/?sort=price_asc&page=99999999999999999999")) == last
    assert card_titles(page(client, "/search/?sort=price_asc&page=abc")) == first
    assert card_titles(page(client, "/search/?sort=price_asc&page=")) == first
    html = page(client, "/search/?sort=price_asc&page=999")
    assert '<link rel="canonical" href="http://alpha.testserver.local/search/?page=2">' in html
    assert 'rel="prev" href="?sort=price_asc"' in html


# --- Query counts ---------------------------------------------------------------------------------


def _catalog_of(tenant, n: int) -> None:
    with tenant:
        store = tenant.store
        shelf = services.category_create(store=store, actor=None, name={"en": "Shelf"})
        size = services.option_type_get_or_create(store=store, name="Size", values=["S", "M"])
        values = list(size.values.all())
        for i in range(n):
            item = product(
                store, sku=f"Q{i}", title={"en": f"Item {i}"}, is_featured=i % 2 == 0, category_ids=[shelf.pk]
            )
            fake_image(item)
        for i, value in enumerate(values):
            services.variant_create(
                store=store, product=item, actor=None, sku=f"Q-V{i}", option_value_ids=[value.pk], stock=i
            )
            fake_image(item, primary=False, position=2 + i)


# search_path, featured + their images, newest + their images, categories
HOME_QUERIES = 6
# search_path, category tree, facets (brands with prices, in-stock and total counts; categories), page,
# images (the count comes with the facets)
CATEGORY_QUERIES = 6
# search_path, product, categories, variants with stock, option values, option types, images, categories
PRODUCT_QUERIES = 8


@pytest.mark.parametrize("n", [3, 30])
def test_query_counts_do_not_grow_with_the_catalog(tenant_a, queries, n):
    _catalog_of(tenant_a, n)
    client = tenant_a.client()
    last = f"/p/item-{n - 1}/"
    for path, expected in (("/", HOME_QUERIES), ("/c/shelf/", CATEGORY_QUERIES), (last, PRODUCT_QUERIES)):
        got = queries.of_get(client, path, cold=True)  # misses the catalog cache, not the host's
        assert got.count == expected, (path, got.sql)
