"""The storefront sitemap: one urlset while everything fits, else an index of keyset pages."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.catalog import services, sitemap
from apps.catalog.selectors import sitemap_chunks, sitemap_entries
from apps.tenancy.models import Merchant

from .factories import product

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
BASE = "http://alpha.testserver.local"


def xml(client, path: str) -> ElementTree.Element:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ElementTree.fromstring(response.content)


def entries(root: ElementTree.Element, kind: str) -> dict[str, datetime | None]:
    """{loc: lastmod} of a urlset (kind "url") or a sitemap index (kind "sitemap"); every child is
    in the sitemaps.org namespace and nothing else is there."""
    assert all(child.tag == f"{{{NS}}}{kind}" for child in root), [child.tag for child in root]
    found = {}
    for child in root:
        lastmod = child.findtext(f"{{{NS}}}lastmod")
        found[child.findtext(f"{{{NS}}}loc")] = datetime.fromisoformat(lastmod) if lastmod else None
    return found


@pytest.fixture
def catalog(tenant_a):
    """Two visible categories, a hidden one with a child, five active products, a draft and an
    archived one."""
    with tenant_a:
        store = tenant_a.store
        kitchen = services.category_create(store=store, actor=None, name={"en": "Kitchen"})
        services.category_create(store=store, actor=None, name={"en": "Garden"})
        hidden = services.category_create(store=store, actor=None, name={"en": "Hidden"})
        services.category_create(store=store, actor=None, name={"en": "Below hidden"}, parent_id=hidden.pk)
        services.category_update(store=store, category=hidden, actor=None, is_active=False)
        active = [product(store, title={"en": f"Lamp {i}"}, category_ids=[kitchen.pk]) for i in range(5)]
        product(store, title={"en": "Draft lamp"}, status="draft")
        product(store, title={"en": "Archived lamp"}, status="archived")
    tenant_a.active = active
    return tenant_a


def product_locs(items) -> list[str]:
    return [f"{BASE}/p/{item.slug}/" for item in sorted(items, key=lambda p: p.pk)]


# --- One file ---------------------------------------------------------------------------------------


def test_a_catalog_that_fits_is_one_urlset(catalog):
    client = catalog.client()
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS}}}urlset"
    urls = entries(root, "url")
    assert list(urls) == [f"{BASE}/", f"{BASE}/c/kitchen/", f"{BASE}/c/garden/", *product_locs(catalog.active)]
    assert all(lastmod is not None and lastmod.tzinfo is not None for lastmod in urls.values())
    assert urls[f"{BASE}/"] == max(urls.values())  # the home page changes with anything it shows
    # there are no pages to a single file
    for path in ("/sitemap-1.xml", "/sitemap-2.xml"):
        assert client.get(path).status_code == 404, path


def test_an_empty_catalog_still_lists_the_home_page(tenant_a):
    urls = entries(xml(tenant_a.client(), "/sitemap.xml"), "url")
    assert urls == {f"{BASE}/": None}


def test_without_the_catalog_module_only_the_home_page(catalog):
    Merchant.objects.filter(pk=catalog.merchant.pk).update(disabled_modules=["catalog"])
    client = catalog.client()
    assert list(entries(xml(client, "/sitemap.xml"), "url")) == [f"{BASE}/"]
    assert client.get("/sitemap-1.xml").status_code == 404


# --- Index and pages --------------------------------------------------------------------------------


def test_a_large_catalog_becomes_an_index_of_pages(catalog, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)  # home + 2 categories + 5 products do not fit
    client = catalog.client()
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS}}}sitemapindex"
    index = entries(root, "sitemap")
    assert list(index) == [f"{BASE}/sitemap-1.xml", f"{BASE}/sitemap-2.xml", f"{BASE}/sitemap-3.xml"]

    pages = {}
    for loc, lastmod in index.items():
        page = xml(client, loc.removeprefix(BASE))
        assert page.tag == f"{{{NS}}}urlset"
        pages[loc] = entries(page, "url")
        assert 0 < len(pages[loc]) <= 3
        # a page's lastmod in the index is the latest change among its addresses
        assert lastmod == max(pages[loc].values()), loc
    first, *product_pages = pages.values()
    assert list(first) == [f"{BASE}/", f"{BASE}/c/kitchen/", f"{BASE}/c/garden/"]
    assert first[f"{BASE}/"] == max(lastmod for page in pages.values() for lastmod in page.values())
    # products in id order, each exactly once, drafts, archived ones and hidden categories nowhere
    assert [loc for page in product_pages for loc in page] == product_locs(catalog.active)
    assert [len(page) for page in product_pages] == [3, 2]
    everything = " ".join(loc for page in pages.values() for loc in page)
    assert "draft-lamp" not in everything and "archived-lamp" not in everything and "/c/hidden/" not in everything
    assert "/c/below-hidden/" not in everything


def test_pages_follow_the_host_that_was_asked(catalog, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    with catalog:
        catalog.merchant.domains.create(domain="shop.alpha.lu", store=catalog.store, kind="custom", status="active")
    client = catalog.client(host="shop.alpha.lu")
    assert list(entries(xml(client, "/sitemap.xml"), "sitemap"))[0] == "http://shop.alpha.lu/sitemap-1.xml"
    assert all(loc.startswith("http://shop.alpha.lu/p/") for loc in entries(xml(client, "/sitemap-2.xml"), "url"))
    # the platform address keeps its own cached copy
    assert list(entries(xml(catalog.client(), "/sitemap.xml"), "sitemap"))[0] == f"{BASE}/sitemap-1.xml"


@pytest.mark.parametrize(
    "path",
    ["/sitemap-0.xml", "/sitemap-4.xml", "/sitemap-01.xml", "/sitemap-999999.xml", "/sitemap-99999999999999999.xml",
     "/sitemap--1.xml", "/sitemap-x.xml", "/sitemap-.xml", "/sitemap-2.xml/"],
)  # fmt: skip
def test_unknown_pages_are_not_found(catalog, monkeypatch, path):
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    assert catalog.client().get(path).status_code == 404


def test_a_catalog_change_refreshes_the_cached_pages(catalog, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    client = catalog.client()
    assert len(entries(xml(client, "/sitemap.xml"), "sitemap")) == 3
    with catalog, django_capture_on_commit_callbacks(execute=True):
        extra = [product(catalog.store, title={"en": f"Shade {i}"}) for i in range(2)]
    index = entries(xml(client, "/sitemap.xml"), "sitemap")
    assert list(index)[-1] == f"{BASE}/sitemap-4.xml"
    assert list(entries(xml(client, "/sitemap-4.xml"), "url")) == product_locs(extra[1:])
    with catalog, django_capture_on_commit_callbacks(execute=True):
        services.product_update(store=catalog.store, product=extra[1], actor=None, data={"status": "archived"})
    assert client.get("/sitemap-4.xml").status_code == 404


# --- Isolation ----------------------------------------------------------------------------------------


def test_other_stores_and_merchants_never_appear(catalog, tenant_b, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    with tenant_b:
        product(tenant_b.store, title={"en": "Beta secret lamp"})
    with catalog:  # the merchant's other store shares the schema
        product(catalog.stores["ALPHA2"], title={"en": "Alpha two lamp"})
    client = catalog.client()
    bodies = [client.get("/sitemap.xml").content]
    bodies += [client.get(f"/sitemap-{n}.xml").content for n in (1, 2, 3)]
    assert client.get("/sitemap-4.xml").status_code == 404
    assert not any(b"beta-secret-lamp" in body or b"alpha-two-lamp" in body for body in bodies)
    # and the other way round
    beta = tenant_b.client().get("/sitemap.xml").content
    assert b"beta-secret-lamp" in beta and b"lamp-0" not in beta


def test_selectors_look_only_inside_the_store(catalog, tenant_b):
    with tenant_b:
        product(tenant_b.store, title={"en": "Beta secret lamp"})
    with catalog:
        product(catalog.stores["ALPHA2"], title={"en": "Alpha two lamp"})
        chunks = sitemap_chunks(store=catalog.store, size=2)
        rows = sitemap_entries(store=catalog.store, limit=100)
        second = sitemap_entries(
            store=catalog.store, first_id=chunks[1]["first_id"], last_id=chunks[1]["last_id"], limit=2
        )
        other = sitemap_entries(store=catalog.stores["ALPHA2"], limit=100)
    ids = [item.pk for item in sorted(catalog.active, key=lambda p: p.pk)]
    assert [(c["first_id"], c["last_id"], c["count"]) for c in chunks] == [
        (ids[0], ids[1], 2),
        (ids[2], ids[3], 2),
        (ids[4], ids[4], 1),
    ]
    assert [row["id"] for row in rows] == ids
    assert [row["id"] for row in second] == ids[2:4]
    assert [row["slug"] for row in other] == ["alpha-two-lamp"]


# --- Query counts -------------------------------------------------------------------------------------

# search_path, the chunks of the products, the category tree, the products of the page
PAGE_QUERIES = 4
# search_path, the chunks of the products, the category tree
INDEX_QUERIES = 3


@pytest.mark.parametrize("n", [3, 30])
def test_query_counts_do_not_grow_with_the_catalog(tenant_a, monkeypatch, django_assert_num_queries, n):
    monkeypatch.setattr(sitemap, "MAX_URLS", 2)
    with tenant_a:
        items = [product(tenant_a.store, title={"en": f"Item {i}"}) for i in range(n)]
    client = tenant_a.client()
    last = f"/sitemap-{(n + 1) // 2 + 1}.xml"  # the last page of products
    for path, expected in (("/sitemap.xml", INDEX_QUERIES), (last, PAGE_QUERIES)):
        client.get(path)  # warm the host cache
        caches["default"].clear()
        with django_assert_num_queries(expected), CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, path
        assert not any("OFFSET" in query["sql"].upper() for query in ctx.captured_queries), path
    assert response.content.count(b"<url>") == 2 - n % 2
    assert f"/p/{items[-1].slug}/".encode() in response.content
    # once the plan is cached, another page needs only its own products
    with django_assert_num_queries(2):
        assert client.get("/sitemap-2.xml").status_code == 200
    # and a cached page none
    with django_assert_num_queries(0):
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
