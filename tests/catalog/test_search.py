from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from apps.catalog import search as search_module
from apps.catalog import selectors, services
from apps.catalog.models import Product, SearchTerm

from .factories import product


@pytest.fixture
def catalog(tenant_a):
    with tenant_a:
        store = tenant_a.store
        product(
            store,
            sku="TORCH",
            title={"en": "Crème brûlée torch", "fr": "Chalumeau à crème brûlée"},
            description={"en": "Caramelise sugar in seconds"},
            brand="Flamo",
            price="24.90",
            stock=2,
        )
        product(
            store,
            sku="PHONES",
            title={"en": "Wireless headphones", "de": "Kabellose Kopfhörer"},
            brand="Sonic",
            price="99.00",
            stock=0,
        )
        product(
            store,
            sku="LAMP",
            title={"en": "Desk lamp"},
            description={"en": "A lamp for the torch-lit desk"},
            brand="Flamo",
            price="45.00",
            stock=7,
        )
        product(store, sku="HIDDEN", title={"en": "Hidden torch"}, status="draft")
    return tenant_a


def search(tenant, q, lang="en", **params):
    with tenant, translation.override(lang):
        listing = selectors.storefront_listing(store=tenant.store, params={"q": q, **params})
        return [p.sku for p in listing.products], listing


def test_accents_do_not_matter(catalog):
    assert search(catalog, "creme brulee")[0] == ["TORCH"]


def test_stemming_in_the_visitors_language(catalog):
    assert search(catalog, "chalumeaux", "fr")[0] == ["TORCH"]
    assert search(catalog, "Kopfhörer", "de")[0] == ["PHONES"]


def test_typos_match_by_trigram(catalog):
    assert search(catalog, "headphnes")[0] == ["PHONES"]


def test_title_ranks_above_description(catalog):
    skus, _ = search(catalog, "torch")
    assert skus[0] == "TORCH" and "LAMP" in skus and "HIDDEN" not in skus


@pytest.mark.parametrize("q", ["'&|!:*()", "torch & | ! :* ()", "(((", "!!!", "a:*", "\\", "' OR 1=1 --", "x" * 500])
def test_operator_soup_never_fails(catalog, q):
    search(catalog, q)  # no exception is the assertion; results may be empty


def test_facets_and_filters(catalog):
    skus, listing = search(catalog, "")
    assert set(skus) == {"TORCH", "PHONES", "LAMP"}
    assert {b["brand"]: b["count"] for b in listing.facets.brands} == {"Flamo": 2, "Sonic": 1}
    assert listing.facets.in_stock == 2
    assert search(catalog, "", brand="Flamo", sort="price_asc")[0] == ["TORCH", "LAMP"]
    assert search(catalog, "", in_stock="1", sort="price_desc")[0] == ["LAMP", "TORCH"]
    assert search(catalog, "", min_price="30", max_price="50")[0] == ["LAMP"]


@pytest.mark.parametrize(
    "params",
    [
        {"min_price": "abc"},
        {"max_price": "-5"},
        {"sort": "bogus"},
        {"brand": "x" * 999},
        {"category": "nope"},
        {"in_stock": "maybe"},
    ],
)
def test_unknown_filter_values_are_ignored(catalog, params):
    skus, _ = search(catalog, "", **params)
    assert len(skus) == (0 if "brand" in params else 3)


def test_store_side_search_finds_exact_sku(catalog):
    with catalog:
        assert [p.sku for p in selectors.product_list(store=catalog.store, filters={"q": "hidden"})] == ["HIDDEN"]
        assert [p.sku for p in selectors.product_list(store=catalog.store, filters={"q": "LAMP"})] == ["LAMP"]


@pytest.mark.parametrize(
    "params", [{"q": "torch\x00"}, {"min_price": "1e999999"}, {"max_price": "9" * 40}, {"brand": "\x00"}]
)
def test_values_postgres_cannot_hold_are_harmless(catalog, params):
    search(catalog, params.pop("q", ""), **params)


# --- Typo correction against the store's vocabulary -------------------------------------------


def terms(tenant) -> set[str]:
    with tenant:
        return set(SearchTerm.objects.filter(store_id=tenant.store.id).values_list("term", flat=True))


def test_vocabulary_holds_title_and_brand_words_folded(catalog):
    words = terms(catalog)
    assert {"creme", "brulee", "torch", "chalumeau", "wireless", "headphones", "kabellose", "flamo"} <= words
    # no short words, numbers or descriptions ("caramelise" is only in a description)
    assert "a" not in words and "caramelise" not in words and not any(w.isdigit() for w in words)


def test_vocabulary_follows_renamed_products(catalog):
    with catalog:
        torch = Product.objects.get(store_id=catalog.store.id, sku="TORCH")
        services.product_update(store=catalog.store, product=torch, actor=None, data={"title": {"en": "Blowtorch"}})
    assert "blowtorch" in terms(catalog)


def test_corrections_name_the_closest_known_words(catalog):
    with catalog:
        fixes = search_module.corrections(store_id=catalog.store.id, text="Wireles headphnes lamp 42 of")
    assert fixes["wireles"][0] == "wireless" and fixes["headphnes"][0] == "headphones"
    assert set(fixes) == {"wireles", "headphnes"}  # known words, numbers and short words stay as typed


def test_typos_are_corrected_and_said(catalog):
    skus, listing = search(catalog, "wireles headphnes")
    assert skus == ["PHONES"] and listing.corrected == "wireless headphones"
    skus, listing = search(catalog, "desk lamp")
    assert skus == ["LAMP"] and listing.corrected == ""  # nothing to correct


def test_exact_matches_come_before_corrected_ones(catalog):
    with catalog:
        # the vocabulary has title words only: this one stays unknown, yet the text holds it
        product(catalog.store, sku="CASE", title={"en": "Carry case"}, description={"en": "For your headphnes"})
    skus, listing = search(catalog, "headphnes")
    assert skus == ["CASE", "PHONES"] and listing.corrected == "headphones"


def test_another_stores_vocabulary_never_corrects(catalog, tenant_b):
    with tenant_b:
        product(tenant_b.store, sku="B-SPK", title={"en": "Bluetooth speaker"})
        assert search_module.corrections(store_id=tenant_b.store.id, text="blutooth") == {"blutooth": ["bluetooth"]}
    with catalog:
        assert search_module.corrections(store_id=catalog.store.id, text="blutooth") == {"blutooth": []}
    assert search(catalog, "blutooth")[0] == []


def test_store_side_search_corrects_typos_too(catalog):
    with catalog:
        found = selectors.product_list(store=catalog.store, filters={"q": "hedphones"})
        assert [p.sku for p in found] == ["PHONES"]


# --- Paging through results -----------------------------------------------------------------------


def test_search_results_page_in_relevance_order_with_a_known_count(catalog):
    with catalog:
        for i in range(5):
            product(catalog.store, sku=f"T{i}", title={"en": f"Torch model {i}"}, description={"en": "torch " * i})
    with catalog, translation.override("en"):
        listing = selectors.storefront_listing(store=catalog.store, params={"q": "torch"})
        everything = [p.sku for p in listing.products]
        with CaptureQueriesContext(connection) as ctx:
            page = Paginator(listing.products, 3).page(2)
            assert page.paginator.count == len(everything) == 7  # 5 + TORCH + LAMP (description)
            second = [p.sku for p in page.object_list]
        # the page's products and their images; no count query
        assert len(ctx.captured_queries) == 2, [q["sql"] for q in ctx.captured_queries]
    assert second == everything[3:6]
    assert everything[-1] == "LAMP"  # a word in a description ranks below titles


def test_filters_narrow_a_search_and_keep_its_order(catalog):
    with catalog:
        product(catalog.store, sku="T-OUT", title={"en": "Torch torch"}, stock=0, brand="Flamo")
    everything, _ = search(catalog, "torch")
    narrowed, listing = search(catalog, "torch", in_stock="1")
    assert narrowed == [sku for sku in everything if sku != "T-OUT"]
    assert listing.products.count() == len(narrowed)
    assert listing.facets.total == len(everything)  # facets describe the search before filters


def test_facets_count_the_listing_in_one_pass(catalog):
    _, listing = search(catalog, "")
    facets = listing.facets
    assert (facets.total, facets.in_stock) == (3, 2)
    assert (facets.price_min, facets.price_max) == (Decimal("24.90"), Decimal("99.00"))


def test_only_the_most_common_brands_are_facets(catalog, monkeypatch):
    monkeypatch.setattr(selectors.storefront, "FACET_BRANDS", 1)
    _, listing = search(catalog, "")
    assert listing.facets.brands == [{"brand": "Flamo", "count": 2}]


def test_title_sort_follows_the_titles_visitors_read(catalog):
    with catalog:
        # no French title: shown (and sorted) by its English one, whatever the case
        product(catalog.store, sku="ZZ", title={"en": "aardvark plush", "fr": ""})
    skus, _ = search(catalog, "", "fr", sort="title")
    # Chalumeau (fr), Desk lamp (en fallback), Wireless headphones (en fallback), aardvark first
    assert skus == ["ZZ", "TORCH", "LAMP", "PHONES"]
