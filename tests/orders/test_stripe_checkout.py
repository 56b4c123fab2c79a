"""Card checkout through the real stripe-python client against the local stand-in, and the
expiry of unpaid card orders by the beat task's real code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.catalog.models import InventoryItem
from apps.core.errors import ValidationFailed
from apps.orders import services, tasks
from apps.orders.models import Order, Payment

from .factories import place, shop_setup, variant
from .stripe_fake import stripe_connected


def test_checkout_session_on_the_connected_account_with_the_platform_fee(tenant_a, stripe_stub, settings):
    settings.ORDERS = {**settings.ORDERS, "APPLICATION_FEE_PERCENT": "2.5"}
    account = stripe_connected(tenant_a, stripe_stub)
    with tenant_a:
        store = tenant_a.store
        order = place(store, [(variant(store, price="40.00"), 1)], methods=shop_setup(store), payment_method="card")
        url = services.card_checkout_start(
            store=store, order=order, success_url="https://s/ok", cancel_url="https://s/no"
        )
        payment = Payment.objects.get(order=order)
    call = stripe_stub.calls("/v1/checkout/sessions")[-1]
    total_cents = int(order.total * 100)
    assert call.stripe_account == account and call.idempotency_key
    assert call.params["line_items[0][price_data][unit_amount]"] == str(total_cents)
    assert call.params["payment_intent_data[application_fee_amount]"] == str(round(total_cents * 0.025))
    assert call.params["metadata[order_id]"] == str(order.pk)
    assert call.params["metadata[order_number]"] == order.number
    assert call.params["metadata[merchant_schema]"] == tenant_a.merchant.schema_name
    assert call.params["client_reference_id"] == str(order.pk)
    assert url == stripe_stub.sessions[payment.reference]["url"]
    assert (payment.status, payment.provider, payment.amount) == ("pending", "stripe", order.total)


def test_no_card_checkout_without_keys_or_a_ready_account(tenant_a, stripe_stub, settings):
    stripe_connected(tenant_a, stripe_stub)
    with tenant_a:
        store = tenant_a.store
        order = place(store, [(variant(store), 1)], methods=shop_setup(store), payment_method="card")
        settings.STRIPE_SECRET_KEY = ""
        with pytest.raises(ValidationFailed) as refused:
            services.card_checkout_start(store=store, order=order, success_url="https://s/", cancel_url="https://s/")
    assert refused.value.code == "card_payments_unavailable"
    assert not stripe_stub.calls("/v1/checkout/sessions")


def test_unpaid_card_orders_expire_and_release_their_stock(tenant_a, stripe_stub):
    stripe_connected(tenant_a, stripe_stub)
    with tenant_a:
        store = tenant_a.store
        methods = shop_setup(store)
        item = variant(store, stock=5)
        late = place(store, [(item, 2)], methods=methods, payment_method="card")
        fresh = place(store, [(item, 1)], methods=methods, payment_method="card")
        offline = place(store, [(item, 1)], methods=methods)
        assert late.expires_at is not None and offline.expires_at is None
        Order.objects.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.card_orders_expire.delay().get() >= 1  # the beat task, over every merchant schema
    with tenant_a:
        states = dict(Order.objects.filter(pk__in=(late.pk, fresh.pk, offline.pk)).values_list("pk", "status"))
        stock = InventoryItem.objects.get(variant=item)
        assert states == {late.pk: "expired", fresh.pk: "open", offline.pk: "open"}
        assert stock.quantity - stock.reserved == 3
    assert tasks.card_orders_expire.delay().get() == 0  # nothing due twice
