"""The catalog's public storefront API: listings with facets, product pages, languages, search,
the category tree, per store, and a pinned query count."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from apps.catalog import services

from ..accounts.test_api import api
from .store_api import SHOP, make_category, make_product

# --- Storefront API -------------------------------------------------------------------------------


def test_storefront_lists_active_products_only_with_facets(tenant_a):
    # given active, draft and archived products
    shoes = make_category(tenant_a, "Shoes")
    boots = make_category(tenant_a, "Boots", parent=shoes)
    runner = make_product(tenant_a, "SF-1", title="Runner", price="80.00", stock=2, brand="Acme", categories=[shoes.pk])
    boot = make_product(tenant_a, "SF-2", title="Winter boot", price="120.00", brand="Beta", categories=[boots.pk])
    make_product(tenant_a, "SF-3", title="Secret draft", status="draft")
    make_product(tenant_a, "SF-4", title="Old archived", status="archived")
    shop = api(tenant_a)

    # when an anonymous visitor browses the shop
    listing = shop.get(f"{SHOP}/products/")

    # then only active products show, with facets and no back-office data
    assert listing.status_code == 200, listing.content
    body = listing.json()
    assert body["count"] == 2
    assert {(p["id"], p["slug"]) for p in body["results"]} == {(runner.pk, "runner"), (boot.pk, "winter-boot")}
    card = next(p for p in body["results"] if p["slug"] == "runner")
    assert (card["price"], card["in_stock"], card["image"]) == ("80.00", True, None)
    assert "cost_price" not in card and "sku" not in card
    assert {b["brand"] for b in body["facets"]["brands"]} == {"Acme", "Beta"}
    assert (body["facets"]["price_min"], body["facets"]["price_max"], body["facets"]["in_stock"]) == (
        "80.00",
        "120.00",
        1,
    )
    assert body["sort"] == "newest"

    def slugs(**params):
        response = shop.get(f"{SHOP}/products/", params)
        assert response.status_code == 200, (params, response.content)
        return [p["slug"] for p in response.json()["results"]]

    assert slugs(category="shoes") == ["winter-boot", "runner"]  # subcategories included
    assert slugs(category="boots") == ["winter-boot"]
    assert slugs(brand="Acme") == ["runner"]
    assert slugs(min_price="100") == ["winter-boot"]
    assert slugs(max_price="100", sort="price_desc") == ["runner"]
    assert slugs(in_stock="true") == ["runner"]
    assert slugs(q="runer") == ["runner"]
    assert slugs(q="secret") == []
    # unknown values are ignored, as a shop visitor expects
    assert len(slugs(min_price="abc", category="nope", sort="bogus", in_stock="maybe")) == 2
    assert shop.get(f"{SHOP}/products/", {"q": "runner"}).json()["filters"]["q"] == "runner"


def test_storefront_product_page_and_drafts(tenant_a):
    product = make_product(tenant_a, "PAGE-1", title="Lamp", price="30.00", stock=1, description={"en": "Bright"})
    make_product(tenant_a, "PAGE-2", title="Hidden", status="draft")
    with tenant_a:
        services.variant_create(
            store=tenant_a.store, product=product, actor=None, sku="PAGE-1-BIG", price="35.00", stock=0
        )
    shop = api(tenant_a)
    page = shop.get(f"{SHOP}/products/lamp/")
    assert page.status_code == 200, page.content
    body = page.json()
    assert (body["title"], body["description"], body["in_stock"]) == ("Lamp", "Bright", True)
    assert [(v["sku"], v["price"], v["in_stock"]) for v in body["variants"]] == [
        ("PAGE-1", "30.00", True),
        ("PAGE-1-BIG", "35.00", False),
    ]
    hidden = shop.get(f"{SHOP}/products/hidden/")
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"
    assert shop.get(f"{SHOP}/products/no-such-thing/").status_code == 404


def test_storefront_texts_follow_the_language(tenant_a):
    make_product(tenant_a, "LANG-1", title={"en": "Chair", "fr": "Chaise"})
    shop = api(tenant_a)
    assert shop.get(f"{SHOP}/products/chair/", {"lang": "fr"}).json()["title"] == "Chaise"
    assert shop.get(f"{SHOP}/products/chair/", {"lang": "en"}).json()["title"] == "Chair"


def test_storefront_search_says_what_it_corrected(tenant_a):
    make_product(tenant_a, "CORR-1", title="Wireless headphones")
    body = api(tenant_a).get(f"{SHOP}/products/?q=wireles+headphnes").json()
    assert [p["slug"] for p in body["results"]] == ["wireless-headphones"]
    assert (body["count"], body["corrected"]) == (1, "wireless headphones")
    assert api(tenant_a).get(f"{SHOP}/products/?q=wireless").json()["corrected"] == ""


@pytest.mark.parametrize("text", ["'&|!:*()", "!!!", "a:*", "(((", "' OR 1=1 --", "é ß ü", "x" * 500])
def test_storefront_search_with_operators_does_not_fail(tenant_a, text):
    make_product(tenant_a, "Q-1", title="Coffee")
    response = api(tenant_a).get(f"{SHOP}/products/", {"q": text})
    assert response.status_code == 200, response.content


def test_storefront_category_tree_shows_active_categories(tenant_a):
    home = make_category(tenant_a, "Home")
    make_category(tenant_a, "Kitchen", parent=home)
    hidden = make_category(tenant_a, "Hidden")
    make_category(tenant_a, "Under hidden", parent=hidden)
    with tenant_a:
        services.category_update(store=tenant_a.store, category=hidden, actor=None, is_active=False)
    tree = api(tenant_a).get(f"{SHOP}/categories/").json()
    assert tree == [
        {
            "id": home.pk,
            "slug": "home",
            "name": "Home",
            "description": "",
            "children": [{"id": home.pk + 1, "slug": "kitchen", "name": "Kitchen", "description": "", "children": []}],
        }
    ]


@pytest.mark.parametrize("path", ["/products/", "/products/x/", "/categories/"])
def test_storefront_api_is_404_on_the_platform_domain(public_client, path):
    assert public_client.get(f"{SHOP}{path}").status_code == 404


def test_storefront_is_per_store(tenant_a, tenant_b):
    make_product(tenant_a, "ONLY-A", title="Only A")
    assert api(tenant_b).get(f"{SHOP}/products/").json()["count"] == 0
    assert api(tenant_b).get(f"{SHOP}/products/only-a/").status_code == 404


# --- Query counts ---------------------------------------------------------------------------------


def test_storefront_listing_query_count_stays_flat(tenant_a, queries):
    for i in range(3):
        make_product(tenant_a, f"SQ-{i}", stock=i)
    cache.clear()  # cold facets (in tests no commit happens, so the catalog version never moves)
    small = queries.of_get(api(tenant_a), f"{SHOP}/products/")
    for i in range(3, 30):
        make_product(tenant_a, f"SQ-{i}", stock=i)
    cache.clear()
    big = queries.of_get(api(tenant_a), f"{SHOP}/products/")
    # search_path, page, main images: the facets of a listing (with its count) are cached after its
    # first request
    assert small.count == big.count == 3, big.sql
    cache.clear()
    # cold: + 2 facet queries (brands with the price range, in-stock and total counts; categories)
    with queries.exactly(5):
        assert api(tenant_a).get(f"{SHOP}/products/?page_size=5").status_code == 200
