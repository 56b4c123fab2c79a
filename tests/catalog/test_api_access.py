"""Who may use the catalog's store API: roles, cost prices, the module switch, and isolation between
stores and merchants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from apps.catalog.models import Product
from apps.core.modules import registry
from apps.core.roles import Role
from apps.tenancy import routing
from apps.tenancy.services import module_set_enabled

from ..accounts.test_api import api, token_for
from .store_api import JSON, SHOP, A, B, client_for, make_category, make_product

# --- Roles ----------------------------------------------------------------------------------------


def test_viewer_reads_but_cannot_write(tenant_a):
    product = make_product(tenant_a, "ROLE-1")
    viewer = client_for(tenant_a, Role.VIEWER)
    assert viewer.get(f"{A}/products/").status_code == 200
    assert viewer.get(f"{A}/products/{product.pk}/").status_code == 200
    for response in (
        viewer.post(f"{A}/products/", {"sku": "V", "title": {"en": "V"}, "price": "1"}, content_type=JSON),
        viewer.patch(f"{A}/products/{product.pk}/", {"price": "2"}, content_type=JSON),
        viewer.post(f"{A}/categories/", {"name": {"en": "V"}}, content_type=JSON),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_cashier_adjusts_stock_but_cannot_edit(tenant_a):
    product = make_product(tenant_a, "ROLE-2", stock=1)
    with tenant_a:
        variant_id = product.variants.get().pk
    cashier = client_for(tenant_a, Role.CASHIER)
    adjusted = cashier.post(f"{A}/variants/{variant_id}/stock/", {"delta": 2, "reason": "returned"}, content_type=JSON)
    assert adjusted.status_code == 200, adjusted.content
    for response in (
        cashier.patch(f"{A}/products/{product.pk}/", {"price": "2"}, content_type=JSON),
        cashier.post(f"{A}/products/", {"sku": "C", "title": {"en": "C"}, "price": "1"}, content_type=JSON),
        cashier.patch(f"{A}/variants/{variant_id}/stock/", {"bin_location": "X"}, content_type=JSON),
        cashier.delete(f"{A}/products/{product.pk}/"),
    ):
        assert response.status_code == 403


def test_only_managing_roles_delete(tenant_a):
    product = make_product(tenant_a, "ROLE-3")
    editor = client_for(tenant_a, Role.EDITOR)
    assert editor.patch(f"{A}/products/{product.pk}/", {"brand": "Edited"}, content_type=JSON).status_code == 200
    assert editor.delete(f"{A}/products/{product.pk}/").status_code == 403
    manager = client_for(tenant_a, Role.MANAGER)
    assert manager.delete(f"{A}/products/{product.pk}/").status_code == 204


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER, Role.EDITOR, Role.VIEWER])
def test_staff_roles_see_cost_prices(tenant_a, role):
    product = make_product(tenant_a, "COST-1", cost_price="4.00")
    client = client_for(tenant_a, role)
    assert client.get(f"{A}/products/{product.pk}/").json()["cost_price"] == "4.00"
    assert client.get(f"{A}/products/").json()["results"][0]["cost_price"] == "4.00"


def test_cashier_never_gets_cost_prices(tenant_a):
    # given a product with a cost price
    product = make_product(tenant_a, "COST-2", cost_price="4.00", stock=1)
    cashier = client_for(tenant_a, Role.CASHIER)

    # when the cashier reads it every way the API offers
    detail = cashier.get(f"{A}/products/{product.pk}/")
    listing = cashier.get(f"{A}/products/")
    scanned = cashier.get(f"{A}/products/lookup/", {"code": "COST-2"})

    # then the product is there, its cost price is not
    assert detail.status_code == listing.status_code == scanned.status_code == 200
    assert "cost_price" not in detail.json() and detail.json()["price"] == "10.00"
    assert "cost_price" not in listing.json()["results"][0]
    assert "cost_price" not in scanned.json()["product"]
    assert b"4.00" not in detail.content + listing.content + scanned.content


def test_cost_price_is_written_only_by_roles_that_may_read_it(tenant_a, monkeypatch):
    # given an editor (who holds catalog.costs) and a product
    product = make_product(tenant_a, "COST-3", cost_price="4.00")
    editor = client_for(tenant_a, Role.EDITOR)
    url = f"{A}/products/{product.pk}/"
    changed = editor.patch(url, {"cost_price": "5.00"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["cost_price"] == "5.00"

    # when editors lose catalog.costs but keep catalog.edit
    per_role = registry._matrix["catalog"]
    monkeypatch.setitem(per_role, Role.EDITOR, per_role[Role.EDITOR] - {"catalog.costs"})

    # then sending a cost price is refused, on create and on change, and nothing is written
    refused = editor.patch(url, {"cost_price": "0.01", "price": "3.00"}, content_type=JSON)
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "permission_denied" and "cost_price" in refused.json()["fields"]
    created = editor.post(
        f"{A}/products/", {"sku": "C-4", "title": {"en": "C"}, "price": "1", "cost_price": "1"}, content_type=JSON
    )
    assert created.status_code == 403
    # other changes go through, and the answer leaves the cost price out
    other = editor.patch(url, {"price": "3.00"}, content_type=JSON)
    assert other.status_code == 200 and "cost_price" not in other.json()
    with tenant_a:
        product.refresh_from_db()
        assert (product.price, product.cost_price) == (3, Decimal("5.00"))
        assert not Product.objects.filter(sku="C-4").exists()


def test_anonymous_and_customer_get_nothing_from_the_store_api(tenant_a):
    assert api(tenant_a).get(f"{A}/products/").status_code == 401
    customer = client_for(tenant_a, user=tenant_a.customer())
    assert customer.get(f"{A}/products/").status_code == 403


def test_store_api_when_catalog_module_is_off(tenant_a):
    client = client_for(tenant_a)
    with tenant_a:
        module_set_enabled(actor=None, merchant=tenant_a.merchant, code="catalog", enabled=False)
    routing.forget_merchant(tenant_a.merchant.id)
    response = client.get(f"{A}/products/")
    assert response.status_code == 403 and response.json()["code"] == "module_disabled"
    assert api(tenant_a).get(f"{SHOP}/products/").status_code == 404


# --- Tenant isolation -----------------------------------------------------------------------------


def test_another_merchants_ids_are_404(tenant_a, tenant_b):
    # given a product, variant, category and image id of merchant A
    category = make_category(tenant_a, "Secret")
    product = make_product(tenant_a, "SECRET-1", stock=3, categories=[category.pk])
    with tenant_a:
        variant_id = product.variants.get().pk
    client_b = client_for(tenant_b)

    # then merchant B's owner finds none of them on B's store
    for path in (
        f"{B}/products/{product.pk}/",
        f"{B}/products/{product.pk}/variants/",
        f"{B}/products/{product.pk}/images/",
        f"{B}/variants/{variant_id}/",
        f"{B}/variants/{variant_id}/stock/",
        f"{B}/categories/{category.pk}/",
    ):
        assert client_b.get(path).status_code == 404, path
    assert client_b.patch(f"{B}/products/{product.pk}/", {"price": "0"}, content_type=JSON).status_code == 404
    assert client_b.patch(f"{B}/categories/{category.pk}/", {"position": 0}, content_type=JSON).status_code == 404
    assert client_b.delete(f"{B}/products/{product.pk}/").status_code == 404
    stock = client_b.post(f"{B}/variants/{variant_id}/stock/", {"delta": -3, "reason": "sold"}, content_type=JSON)
    assert stock.status_code == 404
    assert client_b.get(f"{B}/products/lookup/", {"code": "SECRET-1"}).status_code == 404
    assert client_b.get(f"{B}/products/").json()["count"] == 0
    assert client_b.get(f"{B}/products/{2**70}/").status_code == 404  # out of range: still a 404
    # nor A's store through B's domain
    assert client_b.get(f"{A}/products/{product.pk}/").status_code == 404
    with tenant_a:
        assert Product.objects.get(pk=product.pk).price == 10


def test_another_store_of_the_same_merchant_does_not_see_the_product(tenant_a):
    product = make_product(tenant_a, "STORE-1")
    client = client_for(tenant_a)
    assert client.get(f"/api/v1/store/stores/ALPHA2/catalog/products/{product.pk}/").status_code == 404
    assert client.get("/api/v1/store/stores/ALPHA2/catalog/products/").json()["count"] == 0


def test_a_token_of_a_is_401_on_b_domain(tenant_a, tenant_b):
    token = token_for(tenant_a, tenant_a.owner().email)
    on_b = Client(HTTP_HOST=tenant_b.host, HTTP_AUTHORIZATION=f"Token {token}")
    assert on_b.get(f"{B}/products/").status_code == 401
    assert on_b.get(f"{A}/products/").status_code == 401
