"""The storefront sitemap as the catalog grows from nothing: what counts towards the limit of a
file, and query counts that do not grow with the catalog."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from apps.catalog import services, sitemap

from .factories import product
from .sitemap_xml import BASE, NS, entries, xml


def test_an_empty_catalog_still_lists_the_home_page(tenant_a):
    urls = entries(xml(tenant_a.client(), "/sitemap.xml"), "url")
    assert urls == {f"{BASE}/": None}


# --- Query counts -------------------------------------------------------------------------------------

# search_path, the chunks of the products, the category tree, the products of the page
PAGE_QUERIES = 4
# search_path, the chunks of the products, the category tree
INDEX_QUERIES = 3


@pytest.mark.parametrize("n", [3, 30])
def test_query_counts_do_not_grow_with_the_catalog(tenant_a, monkeypatch, queries, n):
    monkeypatch.setattr(sitemap, "MAX_URLS", 2)
    with tenant_a:
        items = [product(tenant_a.store, title={"en": f"Item {i}"}) for i in range(n)]
    client = tenant_a.client()
    last = f"/sitemap-{(n + 1) // 2 + 1}.xml"  # the last page of products
    for path, expected in (("/sitemap.xml", INDEX_QUERIES), (last, PAGE_QUERIES)):
        client.get(path)  # warm the host cache
        caches["default"].clear()
        with queries.exactly(expected) as got:
            response = client.get(path)
        assert response.status_code == 200, path
        assert not any("OFFSET" in sql.upper() for sql in got.sql), path
    assert response.content.count(b"<url>") == 2 - n % 2
    assert f"/p/{items[-1].slug}/".encode() in response.content
    # once the plan is cached, another page needs only its own products
    with queries.exactly(2):
        assert client.get("/sitemap-2.xml").status_code == 200
    # and a cached page none
    with queries.exactly(0):
        assert client.get(last).status_code == 200


def test_the_home_page_and_categories_count_towards_the_limit(tenant_a, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    with tenant_a:
        services.category_create(store=tenant_a.store, actor=None, name={"en": "Kitchen"})
        product(tenant_a.store)
    assert xml(tenant_a.client(), "/sitemap.xml").tag == f"{{{NS}}}urlset"  # home, category, product
    with tenant_a:
        product(tenant_a.store)
    caches["default"].clear()  # the version bumps on commit, which the test's transaction never reaches
    assert xml(tenant_a.client(), "/sitemap.xml").tag == f"{{{NS}}}sitemapindex"
