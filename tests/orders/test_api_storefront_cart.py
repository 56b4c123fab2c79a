from decimal import Decimal

from django.test import Client

from apps.orders.models import Order

from ..accounts.test_api import api, token_for
from .factories import ADDRESS, shop_setup, variant

CART = "/api/v1/storefront/cart/"
JSON = "application/json"


def _guest(tenant):
    client = Client(HTTP_HOST=tenant.host)
    token = client.post(CART).json()["token"]
    return Client(HTTP_HOST=tenant.host, HTTP_X_CART_TOKEN=token)


def test_guest_cart_checkout_and_place(tenant_a):
    with tenant_a:
        methods = shop_setup(tenant_a.store)
        item = variant(tenant_a.store, stock=3, price="20.00")
    client = _guest(tenant_a)
    response = client.post(f"{CART}lines/", {"variant_id": item.pk, "quantity": 2}, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["count"] == 2 and body["totals"]["total"] == "40.00"
    line_id = body["lines"][0]["id"]
    assert client.patch(f"{CART}lines/{line_id}/", {"quantity": 9}, content_type=JSON).json()["code"] == "out_of_stock"
    for bad in (0, -1, "1e3", True):
        response = client.patch(f"{CART}lines/{line_id}/", {"quantity": bad}, content_type=JSON)
        assert response.status_code == 400, bad
    response = client.patch(
        "/api/v1/storefront/checkout/",
        {"email": "g@example.lu", "shipping_address": {**ADDRESS, "country": "US"}},
        content_type=JSON,
    )
    assert response.status_code == 400 and response.json()["code"] == "country_not_shipped"
    response = client.patch(
        "/api/v1/storefront/checkout/",
        {"email": "g@example.lu", "shipping_address": ADDRESS, "shipping_method_id": methods["lu"].pk},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    options = client.get("/api/v1/storefront/checkout/").json()
    assert [m["id"] for m in options["shipping_methods"]] == [methods["lu"].pk, methods["pickup"].pk]
    card = next(m for m in options["payment_methods"] if m["code"] == "card")
    assert not card["available"] and card["reason"]
    assert (
        client.patch("/api/v1/storefront/checkout/", {"payment_method": "card"}, content_type=JSON).status_code == 400
    )
    client.patch("/api/v1/storefront/checkout/", {"payment_method": "bank_transfer"}, content_type=JSON)
    placed = client.post("/api/v1/storefront/checkout/place/", {}, content_type=JSON)
    assert placed.status_code == 201, placed.content
    with tenant_a:
        assert Order.objects.get().total == Decimal("44.90")
    assert client.get(CART).status_code == 404  # the cart was ordered


def test_other_visitors_and_merchants_carts_are_not_found(tenant_a, tenant_b):
    with tenant_b:
        foreign = variant(tenant_b.store)
    b_token = Client(HTTP_HOST=tenant_b.host).post(CART).json()["token"]
    assert Client(HTTP_HOST=tenant_a.host, HTTP_X_CART_TOKEN=b_token).get(CART).status_code == 404
    assert Client(HTTP_HOST=tenant_a.host, HTTP_X_CART_TOKEN="nope").get(CART).status_code == 404
    client = _guest(tenant_a)
    response = client.post(f"{CART}lines/", {"variant_id": foreign.pk, "quantity": 1}, content_type=JSON)
    assert response.status_code == 404


def test_customer_cart_and_orders(tenant_a, tenant_b):
    user = tenant_a.customer("buyer@example.lu")
    with tenant_a:
        shop_setup(tenant_a.store)
        item = variant(tenant_a.store)
    client = api(tenant_a, token_for(tenant_a, user.email))
    assert client.post(CART).status_code == 201
    assert client.post(f"{CART}lines/", {"variant_id": item.pk, "quantity": 1}, content_type=JSON).status_code == 201
    assert client.get("/api/v1/storefront/orders/").json()["results"] == []
    assert client.get("/api/v1/storefront/orders/ALPHA-000001/").status_code == 404
    assert Client(HTTP_HOST=tenant_a.host).get("/api/v1/storefront/orders/").status_code == 401


def test_cart_api_queries_are_constant(tenant_a, queries):
    client = _guest(tenant_a)
    counts = []
    for n in (1, 4):
        while len(client.get(CART).json()["lines"]) < n:
            with tenant_a:
                item = variant(tenant_a.store)
            client.post(f"{CART}lines/", {"variant_id": item.pk, "quantity": 1}, content_type=JSON)
        counts.append(queries.of_get(client, CART).count)
    assert counts[0] == counts[1]
