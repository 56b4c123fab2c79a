"""The catalog on a store's domain, over one small shop built once for the module: home, category,
product, search, SEO, cache and isolation. Pages over catalogs a test builds itself (empty, large,
growing): test_storefront_catalogs.py."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest
from django.conf import settings

from apps.catalog import services
from apps.catalog.models import Product

from ..conftest import _tenant
from .factories import fake_image, product
from .storefront_html import card_titles, jsonld, page


@pytest.fixture(scope="module")
def shop_rows(module_db) -> dict[str, tuple[type, int]]:
    """A small catalog: a category tree, products in every status, a product with variants; built
    once for the module. The model and id of the objects tests name."""
    with module_db(), _tenant("a") as tenant:
        store = tenant.store
        kitchen = services.category_create(store=store, actor=None, name={"en": "Kitchen", "fr": "Cuisine"})
        cookware = services.category_create(store=store, actor=None, name={"en": "Cookware"}, parent_id=kitchen.pk)
        pans = services.category_create(store=store, actor=None, name={"en": "Pans"}, parent_id=cookware.pk)
        garden = services.category_create(store=store, actor=None, name={"en": "Garden"})
        torch = product(
            store,
            sku="TORCH",
            title={"en": "Crème brûlée torch", "fr": "Chalumeau à crème brûlée"},
            description={"en": "Caramelise sugar in seconds.\nRefillable."},
            brand="Flamo",
            gtin="4006381333931",
            price="24.90",
            compare_at_price="29.90",
            is_featured=True,
            stock=2,
            category_ids=[kitchen.pk],
        )
        pan = product(
            store,
            sku="PAN",
            title={"en": "Iron frying pan"},
            brand="Flamo",
            price="45.00",
            stock=0,
            category_ids=[pans.pk],
        )
        product(store, sku="RAKE", title={"en": "Leaf rake"}, brand="Greeny", price="15.00", category_ids=[garden.pk])
        product(store, sku="DRAFT", title={"en": "Secret draft pan"}, status="draft", category_ids=[pans.pk])
        product(store, sku="OLD", title={"en": "Archived pan"}, status="archived", category_ids=[pans.pk])
        size = services.option_type_get_or_create(store=store, name="Size", values=["S", "M"])
        tee = product(store, sku="TEE", title={"en": "Chef tee"}, price="20.00", stock=0, vat_rate="8.00")
        small, medium = size.values.get(value="S"), size.values.get(value="M")
        default = tee.variants.get()
        services.variant_update(store=store, variant=default, actor=None, data={"option_value_ids": [small.pk]})
        services.variant_create(
            store=store, product=tee, actor=None, sku="TEE-M", price="22.50", option_value_ids=[medium.pk], stock=4
        )
        fake_image(torch)
    named = {"torch": torch, "pan": pan, "tee": tee, "kitchen": kitchen, "pans": pans}
    return {name: (type(obj), obj.pk) for name, obj in named.items()}


@pytest.fixture
def shop(shop_rows, tenant_a):
    """Merchant A with the shop's catalog; `objects` read afresh for each test."""
    with tenant_a:
        tenant_a.objects = {name: model.objects.get(pk=pk) for name, (model, pk) in shop_rows.items()}
    return tenant_a


# --- Home -----------------------------------------------------------------------------------------


def test_home_shows_featured_new_products_and_categories(shop):
    html = page(shop.client(), "/")
    assert "Crème brûlée torch" in html and "Iron frying pan" in html and "Leaf rake" in html
    assert "Secret draft pan" not in html and "Archived pan" not in html
    assert 'href="/c/kitchen/"' in html and 'href="/c/garden/"' in html
    assert 'href="/c/pans/"' not in html  # only top-level categories on the home page
    assert card_titles(html).count("Crème brûlée torch") == 1  # featured, so not repeated under new arrivals
    assert '<link rel="canonical" href="http://alpha.testserver.local/">' in html


# --- Product page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["secret-draft-pan", "archived-pan", "no-such-thing"])
def test_only_active_products_have_a_page(shop, slug):
    page(shop.client(), f"/p/{slug}/", status=404)


def test_product_page_price_vat_and_availability(shop):
    html = page(shop.client(), "/p/creme-brulee-torch/")
    assert "<h1>Crème brûlée torch</h1>" in html
    assert re.search(r'<del class="price-compare".*€29\.90.*</del>', html, re.S)
    assert '<span class="price-now" x-text="current.price">€24.90</span>' in html
    assert "Price includes 17 % VAT." in html
    assert re.search(r'<span class="badge ok"\s+x-show', html)  # in stock, shown without JavaScript
    assert "Caramelise sugar in seconds.<br>Refillable." in html
    assert 'href="/c/kitchen/"' in html  # breadcrumb


def test_variant_picker_shows_each_variants_price_and_availability(shop):
    html = page(shop.client(), "/p/chef-tee/")
    assert "Price includes 8 % VAT." in html
    assert '<label for="variant-select">Size</label>' in html
    assert re.search(r"<option value=\"\d+\">S — €20\.00 \(out of stock\)</option>", html)
    # the variant in stock is chosen first
    assert re.search(r"<option value=\"\d+\" selected>M — €22\.50</option>", html)
    data = json.loads(re.search(r'<script id="variant-data" type="application/json">(.*?)</script>', html).group(1))
    by_label = {row["label"]: row for row in data.values()}
    assert by_label["S"]["price"] == "€20.00" and by_label["S"]["available"] is False
    assert by_label["M"]["price"] == "€22.50" and by_label["M"]["available"] is True
    chosen_s = page(shop.client(), f"/p/chef-tee/?variant={by_label['S']['id']}")
    assert '<span class="price-now" x-text="current.price">€20.00</span>' in chosen_s
    assert page(shop.client(), "/p/chef-tee/?variant=garbage")  # ignored, not an error


def test_prices_follow_the_visitors_language(shop):
    client = shop.client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = page(client, "/p/creme-brulee-torch/")
    assert "<h1>Chalumeau à crème brûlée</h1>" in html
    assert "24,90\xa0€" in html


def test_gallery_uses_webp_and_jpeg_renditions_with_sizes(shop):
    with shop:
        second = fake_image(shop.objects["torch"], ready=False, primary=False, position=2)
    html = page(shop.client(), "/p/creme-brulee-torch/")
    main = re.search(r"<picture>(.*?)</picture>", html, re.S).group(1)
    assert '<source type="image/webp" srcset="/media/m_alpha/catalog/' in main
    assert "small.webp 320w" in main and "medium.webp 640w" in main and "large.webp 1280w" in main
    assert re.search(r'<img src="/media/\S+/medium\.jpg" srcset="[^"]*large\.jpg 1280w"', main)
    assert 'width="640" height="480"' in main and 'fetchpriority="high"' in main
    # an image whose renditions are not made yet shows its original
    assert f'src="/media/{second.original.name}" width="2000" height="1500"' in html


def test_product_structured_data_canonical_and_open_graph(shop):
    html = page(shop.client(), "/p/creme-brulee-torch/?utm_source=news&gclid=abc&fbclid=x")
    url = "http://alpha.testserver.local/p/creme-brulee-torch/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="product">' in html
    assert '<meta property="og:title" content="Crème brûlée torch">' in html
    assert re.search(r'<meta property="og:image" content="http://alpha\.testserver\.local/media/\S+/large\.jpg">', html)
    assert '<meta name="description" content="Caramelise sugar in seconds. Refillable.">' in html
    data = jsonld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == "Crème brûlée torch" and data["sku"] == "TORCH" and data["gtin13"] == "4006381333931"
    assert data["brand"] == {"@type": "Brand", "name": "Flamo"}
    assert data["image"][0].startswith("http://alpha.testserver.local/media/") and data["image"][0].endswith(".jpg")
    assert data["url"] == url
    assert data["offers"] == {
        "@type": "Offer",
        "price": "24.90",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
        "url": url,
        "itemCondition": "https://schema.org/NewCondition",
    }


def test_structured_data_of_a_product_with_variants(shop):
    data = jsonld(page(shop.client(), "/p/chef-tee/"))
    assert "gtin13" not in data and "brand" not in data and "image" not in data
    offers = {o["sku"]: o for o in data["offers"]}
    assert offers["TEE"]["availability"] == "https://schema.org/OutOfStock" and offers["TEE"]["price"] == "20.00"
    assert offers["TEE-M"]["availability"] == "https://schema.org/InStock" and offers["TEE-M"]["price"] == "22.50"
    assert offers["TEE-M"]["url"].startswith("http://alpha.testserver.local/p/chef-tee/?variant=")


# --- Category pages -------------------------------------------------------------------------------


def test_category_lists_products_of_its_descendants(shop):
    html = page(shop.client(), "/c/kitchen/")
    assert sorted(card_titles(html)) == ["Crème brûlée torch", "Iron frying pan"]
    assert "<h1>Kitchen</h1>" in html and 'href="/c/cookware/"' in html  # subcategory
    pans = page(shop.client(), "/c/pans/")
    assert card_titles(pans) == ["Iron frying pan"]  # no draft, no archived product
    assert re.search(r'href="/c/kitchen/">Kitchen</a></li>\s*<li><a href="/c/cookware/">Cookware</a>', pans)
    assert '<link rel="canonical" href="http://alpha.testserver.local/c/pans/">' in pans
    page(shop.client(), "/c/nowhere/", status=404)


def test_hidden_category_and_its_children_are_not_shown(shop):
    with shop:
        services.category_update(store=shop.store, category=shop.objects["kitchen"], actor=None, is_active=False)
    page(shop.client(), "/c/kitchen/", status=404)
    page(shop.client(), "/c/pans/", status=404)


def test_category_facets_filters_and_sort(shop):
    client = shop.client()
    html = page(client, "/c/kitchen/")
    assert re.search(r'Flamo</a> <span class="facet-count">2</span>', html)
    assert re.search(r'In stock only <span class="facet-count">1</span>', html)
    assert card_titles(page(client, "/c/kitchen/?sort=price_desc")) == ["Iron frying pan", "Crème brûlée torch"]
    assert card_titles(page(client, "/c/kitchen/?sort=price_asc")) == ["Crème brûlée torch", "Iron frying pan"]
    assert card_titles(page(client, "/c/kitchen/?in_stock=1")) == ["Crème brûlée torch"]
    assert card_titles(page(client, "/c/kitchen/?min_price=30")) == ["Iron frying pan"]
    assert card_titles(page(client, "/c/kitchen/?max_price=30,00")) == ["Crème brûlée torch"]


# --- Search ---------------------------------------------------------------------------------------


def test_search_page_finds_with_accents_and_typos(shop):
    client = shop.client()
    assert card_titles(page(client, "/search/?q=creme+brulee")) == ["Crème brûlée torch"]
    assert card_titles(page(client, "/search/?q=Cr%C3%A8me")) == ["Crème brûlée torch"]
    html = page(client, "/search/?q=fryng+pan")
    assert card_titles(html) == ["Iron frying pan"]
    assert "No results for “fryng pan”. Showing results for “frying pan”." in html
    html = page(client, "/search/?q=pan")
    assert "Secret draft pan" not in html and "Archived pan" not in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_search_without_text_browses_everything(shop):
    html = page(shop.client(), "/search/")
    assert sorted(card_titles(html)) == ["Chef tee", "Crème brûlée torch", "Iron frying pan", "Leaf rake"]
    assert "4 products" in html


@pytest.mark.parametrize(
    "query",
    [
        "q=%27%26%7C%21%3A%2A%28%29",  # '&|!:*()
        "q=torch+%26+%7C+%21+%3A*+()",
        "q=(((",
        "q=a%3A*",
        "q=" + "x" * 5000,
        "min_price=1e999999&max_price=NaN",
        "min_price=-1&max_price=1e-999999",
        "min_price=%EF%BC%91%EF%BC%92&max_price=1_000",
        "in_stock=maybe&sort=bogus&page=%EF%BC%91",
        "q=%E2%80%AE%F0%9F%94%A5",
    ],
)
def test_search_never_fails_on_odd_input(shop, query):
    page(shop.client(), f"/search/?{query}")
    page(shop.client(), f"/c/kitchen/?{query}")


@pytest.mark.parametrize("query", ["q=%00", "q=pan%00", "brand=%00&category=%00&sort=%00", "page=%00", "q=%FF"])
def test_search_refuses_text_that_is_not_clean_utf8(shop, query):
    """A NUL character or bytes that are not UTF-8 are refused before the page runs
    (apps.core.middleware.RequestInputMiddleware)."""
    page(shop.client(), f"/search/?{query}", status=400)
    page(shop.client(), f"/c/kitchen/?{query}", status=400)


def test_search_facets_count_and_filter(shop):
    client = shop.client()
    html = page(client, "/search/?q=pan+or+torch+or+rake")
    assert re.search(r'Flamo</a> <span class="facet-count">2</span>', html)
    assert re.search(r'Greeny</a> <span class="facet-count">1</span>', html)
    assert re.search(r'Kitchen</a> <span class="facet-count">1</span>', html)
    assert re.search(r'Pans</a> <span class="facet-count">1</span>', html)
    assert card_titles(page(client, "/search/?q=pan+or+torch+or+rake&brand=Greeny")) == ["Leaf rake"]
    assert sorted(card_titles(page(client, "/search/?category=kitchen"))) == ["Crème brûlée torch", "Iron frying pan"]


# --- Sitemap and robots.txt -----------------------------------------------------------------------


def test_sitemap_lists_home_categories_and_active_products(shop):
    response = shop.client().get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in root.findall("s:url", ns)}
    base = "http://alpha.testserver.local"
    assert {
        f"{base}/",
        f"{base}/c/kitchen/",
        f"{base}/c/pans/",
        f"{base}/c/garden/",
        f"{base}/p/creme-brulee-torch/",
        f"{base}/p/chef-tee/",
    } <= set(urls)
    assert f"{base}/p/secret-draft-pan/" not in urls and f"{base}/p/archived-pan/" not in urls
    assert all(lastmod is not None and re.match(r"\d{4}-\d\d-\d\dT", lastmod.text) for lastmod in urls.values())
    # absolute URLs on the host that was asked
    with shop:
        shop.merchant.domains.create(domain="shop.alpha.lu", store=shop.store, kind="custom", status="active")
    assert (
        b"<loc>http://shop.alpha.lu/p/chef-tee/</loc>" in shop.client(host="shop.alpha.lu").get("/sitemap.xml").content
    )


def test_robots_txt(shop):
    response = shop.client().get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /store/\n" in body and "Disallow: /api/\n" in body
    assert "Sitemap: http://alpha.testserver.local/sitemap.xml" in body


# --- Cache ----------------------------------------------------------------------------------------


def test_listing_cache_follows_product_changes(shop, django_capture_on_commit_callbacks):
    client = shop.client()
    assert "Crème brûlée torch" in page(client, "/c/kitchen/")
    with shop:
        # a change that bypasses the services is not seen: the page comes from the cache
        Product.objects.filter(sku="TORCH").update(title_en="Sneaky title")
    assert "Sneaky title" not in page(client, "/c/kitchen/")
    with shop, django_capture_on_commit_callbacks(execute=True):
        services.product_update(
            store=shop.store, product=shop.objects["torch"], actor=None, data={"title": {"en": "Blowtorch deluxe"}}
        )
    for path in ("/c/kitchen/", "/", "/search/"):
        assert "Blowtorch deluxe" in page(client, path), path


def test_stock_changes_refresh_listings(shop, django_capture_on_commit_callbacks):
    client = shop.client()
    assert card_titles(page(client, "/c/kitchen/?in_stock=1")) == ["Crème brûlée torch"]
    with shop, django_capture_on_commit_callbacks(execute=True):
        variant = shop.objects["pan"].variants.get()
        services.stock_adjust(store=shop.store, variant_id=variant.pk, delta=3, reason="received")
    assert sorted(card_titles(page(client, "/c/kitchen/?in_stock=1"))) == ["Crème brûlée torch", "Iron frying pan"]


def test_cache_keeps_languages_and_query_strings_apart(shop):
    client = shop.client()
    assert "Kitchen" in page(client, "/c/kitchen/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = page(client, "/c/kitchen/")
    assert "<h1>Cuisine</h1>" in html and "Chalumeau à crème brûlée" in html
    assert card_titles(page(client, "/c/kitchen/?in_stock=1")) == ["Chalumeau à crème brûlée"]
    assert re.search(r'Cuisine</a> <span class="facet-count">1</span>', page(client, "/search/"))
    assert "24,90\xa0€" in page(client, "/search/")


def test_cached_fragment_holds_nothing_of_the_visitor(shop):
    anonymous = page(shop.client(), "/c/kitchen/")
    signed_in = page(shop.client(shop.customer()), "/c/kitchen/")  # served from the cache
    assert "Sign in" in anonymous and "Sign in" not in signed_in and "My account" in signed_in
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', signed_in)
    assert len(tokens) == 2  # the sign-out and language forms of the layout, none cached
    assert card_titles(anonymous) == card_titles(signed_in)


# --- Isolation ------------------------------------------------------------------------------------


def test_another_merchants_domain_never_shows_the_product(shop, tenant_b):
    client = tenant_b.client()
    page(client, "/p/creme-brulee-torch/", status=404)
    page(client, "/c/kitchen/", status=404)
    for path in ("/", "/search/?q=torch", "/sitemap.xml"):
        assert "creme-brulee-torch" not in page(client, path), path


def test_another_store_of_the_same_merchant_never_shows_the_product(shop):
    client = shop.client(host=shop.stores["ALPHA2"].subdomain)
    page(client, "/p/creme-brulee-torch/", status=404)
    page(client, "/c/kitchen/", status=404)
    for path in ("/", "/search/?q=torch", "/sitemap.xml"):
        assert "creme-brulee-torch" not in page(client, path), path


# --- Query counts ---------------------------------------------------------------------------------


def test_cached_listings_need_no_query(shop, queries):
    client = shop.client()
    for path in ("/", "/c/kitchen/", "/search/?q=pan"):
        got = queries.of_get(client, path)
        assert got.count == 0, (path, got.sql)


# --- Prices of products with variants -------------------------------------------------------------


def test_cards_say_from_the_cheapest_variant(shop):
    client = shop.client()
    html = page(client, "/search/?q=chef")
    assert "From €20.00" in html and "€22.50" not in html
    torch = page(client, "/search/?q=torch")
    assert "From" not in torch and "€24.90" in torch  # one price, no "from"
    # the tee's variants cost 20.00 and 22.50: it sorts and filters by the lowest
    assert card_titles(page(client, "/search/?sort=price_asc")) == [
        "Leaf rake",
        "Chef tee",
        "Crème brûlée torch",
        "Iron frying pan",
    ]
    assert card_titles(page(client, "/search/?min_price=21&max_price=30")) == ["Crème brûlée torch"]


def test_the_storefront_api_gives_the_price_range(shop):
    body = shop.client().get("/api/v1/storefront/catalog/products/?q=chef").json()
    tee = body["results"][0]
    assert (tee["price"], tee["price_min"], tee["price_max"]) == ("20.00", "20.00", "22.50")
