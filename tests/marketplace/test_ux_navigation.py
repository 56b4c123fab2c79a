"""Finding one's way around the marketplace pages: the sidebar's Letzshop entry opens the products,
and every marketplace page shows the same tabs with the current section marked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

BASE = "/store/ALPHA/marketplace/"
TABS = {
    "products": f"{BASE}products/",
    "imports": f"{BASE}imports/",
    "orders": f"{BASE}orders/",
    "feed": f"{BASE}feed/",
    "settings": f"{BASE}settings/",
}


def test_the_sidebar_entry_opens_the_products_page(tenant_a):
    html = tenant_a.client(tenant_a.owner()).get("/store/ALPHA/").content.decode()
    assert f'<a href="{BASE}products/">Letzshop</a>' in html
    assert f'<a href="{BASE}settings/">Letzshop</a>' not in html


@pytest.mark.parametrize(
    ("page", "section", "current"),
    [
        (BASE, "products", "page"),
        (f"{BASE}products/", "products", "page"),
        (f"{BASE}categories/", "products", "true"),
        (f"{BASE}imports/", "imports", "page"),
        (f"{BASE}orders/", "orders", "page"),
        (f"{BASE}feed/", "feed", "page"),
        (f"{BASE}settings/", "settings", "page"),
    ],
)
def test_every_page_shows_the_tabs_with_its_section_marked(tenant_a, page, section, current):
    response = tenant_a.client(tenant_a.member("viewer")).get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="subnav"') == 1
    for name, url in TABS.items():
        marked = f'<a href="{url}" aria-current="{current}">' in html
        assert marked == (name == section), name
        assert f'href="{url}"' in html
