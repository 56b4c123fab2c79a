"""The till through the store API: a sale from scanned codes, paid at once, stock sold at once,
and the Idempotency-Key that keeps a retried sale from being sold twice."""

from __future__ import annotations

import json
from decimal import Decimal

from apps.catalog.models import InventoryItem, Variant
from apps.core.roles import Role
from apps.orders.models import Customer, IdempotentRequest, Order, Payment

from ..catalog.store_api import JSON, client_for
from .factories import variant

A = "/api/v1/store/stores/ALPHA/pos/orders/"
B = "/api/v1/store/stores/BETA/pos/orders/"


def sell(client, body, key="k-1", url=A):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(url, json.dumps(body), content_type=JSON, **headers)


def stock_of(tenant, item):
    with tenant:
        inventory = InventoryItem.objects.get(variant_id=item.pk)
        return inventory.quantity, inventory.reserved


def test_cashier_sells_scanned_codes_with_cash_and_gets_change(tenant_a):
    with tenant_a:
        shirt = variant(tenant_a.store, stock=5, price="25.00", sku="TEE-1")
        Variant.objects.filter(pk=shirt.pk).update(barcode="4006381333931")
        mug = variant(tenant_a.store, stock=3, price="7.50", sku="MUG-1")
    cashier = client_for(tenant_a, Role.CASHIER)

    body = {
        "lines": [
            {"code": "tee-1", "quantity": 1},
            {"code": "4006381333931", "quantity": 1},  # the same shirt, by its barcode
            {"code": "MUG-1", "quantity": 2},
        ],
        "payments": [{"method": "cash", "amount": "100.00"}],
    }
    response = sell(cashier, body)

    assert response.status_code == 201, response.content
    sale = response.json()
    assert sale["total"] == "65.00" and sale["tendered"] == "100.00" and sale["change_due"] == "35.00"
    assert sale["payment_status"] == "paid" and sale["customer_email"] is None
    assert [(line["sku"], line["quantity"]) for line in sale["lines"]] == [("TEE-1", 2), ("MUG-1", 2)]
    assert sale["payments"] == [{"method": "cash", "amount": "65.00"}]
    assert stock_of(tenant_a, shirt) == (3, 0) and stock_of(tenant_a, mug) == (1, 0)  # sold, not reserved
    with tenant_a:
        order = Order.objects.get(pk=sale["id"])
        assert (order.channel, order.fulfilment_status) == ("pos", "fulfilled")
        assert order.placed_by_email.startswith("cashier")
        assert order.customer.email == "till-alpha@walk-in.invalid"
    receipt = cashier.get(f"{A}{sale['id']}/")
    assert receipt.status_code == 200 and receipt.json() == sale


def test_split_payment_and_known_customer(tenant_a):
    with tenant_a:
        variant(tenant_a.store, stock=5, price="40.00", sku="LAMP-1")
    response = sell(
        client_for(tenant_a, Role.MANAGER),
        {
            "lines": [{"code": "LAMP-1", "quantity": 1}],
            "payments": [{"method": "cash", "amount": "20"}, {"method": "card_present", "amount": "20.00"}],
            "email": "Marie@Example.lu",
        },
    )
    assert response.status_code == 201, response.content
    sale = response.json()
    paid = sorted((p["method"], p["amount"]) for p in sale["payments"])
    assert paid == [("card_present", "20.00"), ("cash", "20.00")]
    assert sale["change_due"] == "0.00" and sale["customer_email"] == "marie@example.lu"
    with tenant_a:
        customer = Customer.objects.get(email="marie@example.lu")
        assert customer.total_spent == Decimal("40.00") and customer.orders_count == 1


def test_bad_sales_are_refused_and_write_nothing(tenant_a):
    with tenant_a:
        item = variant(tenant_a.store, stock=1, price="10.00", sku="ONE-1")
    cashier = client_for(tenant_a, Role.CASHIER)
    one = [{"code": "ONE-1", "quantity": 1}]
    cash = [{"method": "cash", "amount": "10.00"}]
    cases = [
        ({"lines": one, "payments": cash}, None, 400, "idempotency_key_required"),
        ({"lines": [{"code": "NOPE-9", "quantity": 1}], "payments": cash}, "a", 400, "variant_unavailable"),
        ({"lines": [{"code": "ONE-1", "quantity": 2}], "payments": cash}, "b", 400, "out_of_stock"),
        ({"lines": one, "payments": [{"method": "cash", "amount": "9.99"}]}, "c", 400, "payment_too_much"),
        ({"lines": one, "payments": [{"method": "card_present", "amount": "20"}]}, "d", 400, "payment_too_much"),
        ({"lines": one, "payments": [{"method": "bank_transfer", "amount": "10"}]}, "e", 400, "invalid"),
        ({"lines": one, "payments": [{"method": "cash", "amount": "1e3"}]}, "f", 400, "invalid"),
        ({"lines": [{"code": "ONE-1", "quantity": 0}], "payments": cash}, "g", 400, "invalid"),
        ({"lines": [], "payments": cash}, "h", 400, "invalid"),
    ]
    for body, key, status, code in cases:
        response = sell(cashier, body, key=key)
        assert response.status_code == status, (body, response.content)
        assert response.json()["code"] == code, (body, response.json())
    assert "NOPE-9" in sell(cashier, cases[1][0], key="a2").json()["message"]
    assert stock_of(tenant_a, item) == (1, 0)
    with tenant_a:
        assert not Order.objects.exists() and not Payment.objects.exists()
    # a failed attempt does not spend its key: the corrected sale goes through with it
    assert sell(cashier, {"lines": one, "payments": cash}, key="c").status_code == 201


def test_a_retry_replays_the_sale_and_another_body_is_refused(tenant_a):
    with tenant_a:
        item = variant(tenant_a.store, stock=5, price="10.00", sku="RE-1")
    cashier = client_for(tenant_a, Role.CASHIER)
    body = {"lines": [{"code": "RE-1", "quantity": 1}], "payments": [{"method": "card_present", "amount": "10.00"}]}

    first = sell(cashier, body, key="sale-42")
    again = sell(cashier, dict(reversed(body.items())), key="sale-42")  # same body, other key order
    other = sell(cashier, {**body, "lines": [{"code": "RE-1", "quantity": 2}]}, key="sale-42")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert stock_of(tenant_a, item) == (4, 0)
    with tenant_a:
        assert Order.objects.count() == 1 and Payment.objects.count() == 1
        assert IdempotentRequest.objects.get(key="sale-42").status_code == 201


def test_roles_and_other_merchants(tenant_a, tenant_b):
    with tenant_a:
        variant(tenant_a.store, stock=5, price="10.00", sku="ROLE-1")
    body = {"lines": [{"code": "ROLE-1", "quantity": 1}], "payments": [{"method": "cash", "amount": "10"}]}
    assert sell(client_for(tenant_a, Role.EDITOR), body).status_code == 403
    assert sell(client_for(tenant_a, Role.VIEWER), body).status_code == 403
    owner = client_for(tenant_a)
    sale = sell(owner, body, key="own-1").json()
    # another merchant's store code is not found on this domain, nor its orders on theirs
    assert sell(owner, body, key="own-2", url=B).status_code == 404
    assert client_for(tenant_b).get(f"{B}{sale['id']}/").status_code == 404
    assert owner.get(f"{A}999999/").status_code == 404
