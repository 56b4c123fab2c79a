"""The till under real concurrency, each request on its own database connection: one sale sent
ten times at once with one Idempotency-Key is sold once; ten sales for the last unit, with their
own keys, sell it once."""

from __future__ import annotations

import json
import threading

from django.db import connection, connections
from django_tenants.utils import tenant_context

from apps.accounts.models import ApiToken
from apps.catalog.models import InventoryItem, Product
from apps.orders.models import IdempotentRequest, Invoice, Order, Payment

from ..accounts.test_api import api, token_for
from ..catalog.store_api import JSON
from ..conftest import _tenant
from .factories import variant

URL = "/api/v1/store/stores/ALPHA/pos/orders/"
SKU = "POS-HOT-1"


def _sell_at_once(django_db_blocker, *, stock: int, keys: list[str]):
    """One sale of one unit per key, all sent at once; the answers, the stock left, the orders."""
    with django_db_blocker.unblock():
        tenant = _tenant("a")
        with tenant_context(tenant.merchant):
            hot = variant(tenant.store, stock=stock, sku=SKU, price="5.00")
        connection.set_schema_to_public()
        token = token_for(tenant, tenant.owner().email)
        body = json.dumps({"lines": [{"code": SKU, "quantity": 1}], "payments": [{"method": "cash", "amount": "5"}]})
        answers: list[tuple[int, dict]] = []
        barrier = threading.Barrier(len(keys))

        def till(key: str) -> None:
            try:
                client = api(tenant, token)
                barrier.wait()
                response = client.post(URL, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
                answers.append((response.status_code, response.json()))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=till, args=(key,)) for key in keys]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        try:
            with tenant_context(tenant.merchant):
                item = InventoryItem.objects.get(variant_id=hot.pk)
                orders = list(Order.objects.filter(lines__variant_id=hot.pk))
                payments = Payment.objects.filter(order__in=orders).count()
                return answers, item, orders, payments
        finally:
            with tenant_context(tenant.merchant):
                sold = list(Order.objects.filter(lines__variant_id=hot.pk).values_list("pk", flat=True))
                # paid sales got their invoices (committed, so their receivers ran)
                Invoice.objects.filter(order_id__in=sold).order_by("-pk").delete()
                Order.objects.filter(pk__in=sold).delete()
                IdempotentRequest.objects.filter(key__in=keys).delete()
                Product.objects.filter(sku=SKU).delete()
                ApiToken.objects.filter(user__email=tenant.owner().email).delete()
            connection.set_schema_to_public()


def test_one_key_sent_ten_times_at_once_sells_once(django_db_setup, django_db_blocker):
    answers, item, orders, payments = _sell_at_once(django_db_blocker, stock=20, keys=["same-key"] * 10)

    assert len(orders) == 1 and payments == 1
    assert item.quantity == 19
    sold = [body for status, body in answers if status == 201]
    busy = [body for status, body in answers if status == 409]
    assert sold and len(sold) + len(busy) == 10, answers
    assert {body["id"] for body in sold} == {orders[0].pk}  # replays answer the same order
    assert all(body["code"] == "idempotency_in_progress" for body in busy)


def test_ten_sales_for_the_last_unit_sell_it_once(django_db_setup, django_db_blocker):
    answers, item, orders, payments = _sell_at_once(django_db_blocker, stock=1, keys=[f"last-{n}" for n in range(10)])

    assert len(orders) == 1 and payments == 1 and item.quantity == 0
    assert sorted(status for status, _body in answers) == [201] + [400] * 9
    assert {body["code"] for status, body in answers if status == 400} == {"out_of_stock"}
