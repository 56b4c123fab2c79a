import pytest
from django.utils import translation

from apps.catalog import selectors

from .factories import product


@pytest.fixture
def catalog(tenant_a):
    with tenant_a:
        store = tenant_a.store
        product(
            store,
            sku="TORCH",
            title_en="Crème brûlée torch",
            title_fr="Chalumeau à crème brûlée",
            description_en="Caramelise sugar in seconds",
            brand="Flamo",
            price="24.90",
            stock=2,
        )
        product(
            store,
            sku="PHONES",
            title_en="Wireless headphones",
            title_de="Kabellose Kopfhörer",
            brand="Sonic",
            price="99.00",
            stock=0,
        )
        product(
            store,
            sku="LAMP",
            title_en="Desk lamp",
            description_en="A lamp for the torch-lit desk",
            brand="Flamo",
            price="45.00",
            stock=7,
        )
        product(store, sku="HIDDEN", title_en="Hidden torch", status="draft")
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
