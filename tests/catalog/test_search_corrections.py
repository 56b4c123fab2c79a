"""A search that falls back to corrected words says so, and a "correction" that is another word
altogether ("phone" inside "xylophone") is no correction."""

from __future__ import annotations

import pytest
from django.utils import translation

from apps.catalog import search as search_module
from apps.catalog import selectors

from ..accounts.test_api import api
from .factories import product
from .store_api import SHOP


@pytest.fixture
def shop(tenant_a):
    with tenant_a:
        product(tenant_a.store, sku="PHONE", title={"en": "Phone case"}, price="12.00")
        product(tenant_a.store, sku="PAN", title={"en": "Iron frying pan"}, price="45.00")
    return tenant_a


def listing(tenant, q):
    with tenant, translation.override("en"):
        found = selectors.storefront_listing(store=tenant.store, params={"q": q})
        return [p.sku for p in found.products], found


def test_typo_distance_counts_keystrokes():
    assert search_module.typo_distance("fryng", "frying") == 1
    assert search_module.typo_distance("spekaer", "speaker") == 1  # two letters swapped
    assert search_module.typo_distance("xylophone", "phone") == 4


def test_a_word_inside_another_is_not_a_correction(shop):
    with shop:
        assert search_module.corrections(store_id=shop.store.id, text="xylophone") == {"xylophone": []}
    skus, found = listing(shop, "xylophone")
    assert skus == [] and found.corrected == "" and not found.corrected_only


def test_a_search_shown_only_for_its_correction_says_so(shop):
    skus, found = listing(shop, "fryng pan")
    assert skus == ["PAN"] and found.corrected == "frying pan" and found.corrected_only
    html = shop.client().get("/search/?q=fryng+pan").content.decode()
    assert "No results for “fryng pan”. Showing results for “frying pan”." in html
    body = api(shop).get(f"{SHOP}/products/?q=fryng+pan").json()
    assert (body["corrected"], body["corrected_only"]) == ("frying pan", True)


def test_no_fallback_page_for_a_word_the_store_does_not_know(shop):
    html = shop.client().get("/search/?q=xylophone").content.decode()
    assert "phone" not in html.lower().replace("xylophone", "")
    assert "Showing results for" not in html and "Including results for" not in html
