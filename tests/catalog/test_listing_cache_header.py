"""X-Listing-Cache: with LISTING_CACHE_HEADER on (the benchmarks' servers), listing pages say
whether their catalog fragment came from the cache; off by default."""

from __future__ import annotations

import pytest

from apps.catalog import services

from .factories import product

HEADER = "X-Listing-Cache"


@pytest.fixture
def listed(tenant_a):
    with tenant_a:
        kitchen = services.category_create(store=tenant_a.store, actor=None, name={"en": "Kitchen"})
        product(tenant_a.store, title={"en": "Iron frying pan"}, category_ids=[kitchen.pk])
    return tenant_a


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


@pytest.mark.parametrize("path", ["/", "/c/kitchen/", "/search/", "/search/?q=pan"])
def test_header_says_miss_then_hit(listed, settings, path):
    settings.LISTING_CACHE_HEADER = True
    client = listed.client()
    assert get(client, path)[HEADER] == "miss"
    assert get(client, path)[HEADER] == "hit"
    # a parameter the page ignores is still part of the key: a new value is a miss
    busted = f"{path}{'&' if '?' in path else '?'}utm_id=1"
    assert get(client, busted)[HEADER] == "miss"
    assert get(client, busted)[HEADER] == "hit"


def test_a_product_page_has_no_header(listed, settings):
    settings.LISTING_CACHE_HEADER = True
    assert HEADER not in get(listed.client(), "/p/iron-frying-pan/")


@pytest.mark.parametrize("path", ["/", "/c/kitchen/", "/search/"])
def test_no_header_by_default(listed, path):
    client = listed.client()
    for _ in range(2):  # neither on a miss nor on a hit
        assert HEADER not in get(client, path)
