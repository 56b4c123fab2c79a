from decimal import Decimal

import pytest

from apps.catalog.models import InventoryItem
from apps.core.errors import ValidationFailed
from apps.orders import services
from apps.orders.models import Customer, Payment, Refund

from .factories import place, variant


def test_partial_then_full_payment(tenant_a):
    with tenant_a:
        store = tenant_a.store
        order = place(store, [(variant(store, price="40.00"), 1)])
        services.payment_record(store=store, order_id=order.pk, amount="15.00", method="bank_transfer", actor=None)
        order.refresh_from_db()
        assert (order.payment_status, order.paid_amount) == ("partially_paid", Decimal("15.00"))
        with pytest.raises(ValidationFailed) as refused:
            services.payment_record(store=store, order_id=order.pk, amount="30", method="bank_transfer", actor=None)
        assert refused.value.code == "payment_too_much"
        services.payment_record(store=store, order_id=order.pk, amount="25.00", method="bank_transfer", actor=None)
        order.refresh_from_db()
        assert order.payment_status == "paid" and order.paid_at is not None
        assert Customer.objects.get(pk=order.customer_id).total_spent == Decimal("40.00")


def test_refunds_never_exceed_what_was_paid(tenant_a):
    with tenant_a:
        store = tenant_a.store
        item = variant(store, price="20.00")
        order = place(store, [(item, 2)])
        services.payment_record(store=store, order_id=order.pk, amount="40.00", method="bank_transfer", actor=None)
        line = order.lines.get()
        refunds = services.refund_create(
            store=store, order_id=order.pk, actor=None, lines=[services.RefundLineRequest(line.pk, 1)], reason="Broken"
        )
        assert [r.amount for r in refunds] == [Decimal("20.00")]
        order.refresh_from_db()
        assert order.payment_status == "partially_refunded"
        with pytest.raises(ValidationFailed) as refused:
            services.refund_create(store=store, order_id=order.pk, actor=None, amount="20.01")
        assert refused.value.code == "refund_too_much"
        services.refund_create(store=store, order_id=order.pk, actor=None, amount="20.00")
        order.refresh_from_db()
        assert order.payment_status == "refunded" and order.refunded_amount == Decimal("40.00")
        assert Refund.objects.filter(order=order).count() == 2
        assert Payment.objects.get(order=order).refunded_amount == Decimal("40.00")
        assert Customer.objects.get(pk=order.customer_id).total_spent == Decimal("0.00")


def test_cancel_releases_stock_and_refunds_when_asked(tenant_a):
    with tenant_a:
        store = tenant_a.store
        item = variant(store, stock=4)
        order = place(store, [(item, 3)])
        services.payment_record(store=store, order_id=order.pk, amount=order.total, method="bank_transfer", actor=None)
        assert InventoryItem.objects.get(variant=item).reserved == 3
        services.order_cancel(store=store, order_id=order.pk, actor=None, refund=True, reason="Customer asked")
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("cancelled", "refunded")
        assert InventoryItem.objects.get(variant=item).reserved == 0
        with pytest.raises(ValidationFailed):
            services.order_cancel(store=store, order_id=order.pk, actor=None)


def test_an_unpaid_card_order_expires_once(tenant_a):
    with tenant_a:
        store = tenant_a.store
        item = variant(store, stock=2)
        order = place(store, [(item, 2)], payment_method="card")
        assert order.expires_at is not None
        assert services.order_expire(store=store, order_id=order.pk) is False  # not yet
        type(order).objects.filter(pk=order.pk).update(expires_at=order.placed_at)
        assert services.order_expire(store=store, order_id=order.pk) is True
        assert services.order_expire(store=store, order_id=order.pk) is False
        order.refresh_from_db()
        assert (order.status, order.payment_status) == ("expired", "voided")
        assert InventoryItem.objects.get(variant=item).reserved == 0


def test_another_stores_order_is_not_found(tenant_a, tenant_b):
    with tenant_a:
        order = place(tenant_a.store, [(variant(tenant_a.store), 1)])
    with tenant_b, pytest.raises(Exception) as missing:
        services.payment_record(store=tenant_b.store, order_id=order.pk, amount="1", method="cash", actor=None)
    assert getattr(missing.value, "status_code", None) == 404


def test_fulfil_some_then_the_rest_and_return(tenant_a):
    with tenant_a:
        store = tenant_a.store
        item = variant(store, stock=5, price="10.00")
        order = place(store, [(item, 3)])
        services.payment_record(store=store, order_id=order.pk, amount=order.total, method="bank_transfer", actor=None)
        line = order.lines.get()
        services.fulfilment_create(
            store=store,
            order_id=order.pk,
            actor=None,
            lines=[services.FulfilLineRequest(line.pk, 1)],
            carrier="Post",
            tracking_number="LU123",
        )
        order.refresh_from_db()
        assert order.fulfilment_status == "partially_fulfilled" and order.status == "confirmed"
        stock = InventoryItem.objects.get(variant=item)
        assert (stock.quantity, stock.reserved) == (4, 2)
        with pytest.raises(ValidationFailed) as refused:
            services.fulfilment_create(
                store=store, order_id=order.pk, actor=None, lines=[services.FulfilLineRequest(line.pk, 3)]
            )
        assert refused.value.code == "fulfil_too_many"
        services.fulfilment_create(store=store, order_id=order.pk, actor=None)
        order.refresh_from_db()
        assert order.fulfilment_status == "fulfilled"
        with pytest.raises(ValidationFailed):
            services.order_cancel(store=store, order_id=order.pk, actor=None)
        with pytest.raises(ValidationFailed) as refused:
            services.return_request(
                store=store, order_id=order.pk, actor=None, lines=[services.ReturnLineRequest(line.pk, 4)]
            )
        assert refused.value.code == "return_too_many"
        ret = services.return_request(
            store=store,
            order_id=order.pk,
            actor=None,
            by_customer=True,
            lines=[services.ReturnLineRequest(line.pk, 2, "Too small")],
        )
        services.return_receive(store=store, order_id=order.pk, return_id=ret.pk, actor=None, restock=True, refund=True)
        order.refresh_from_db()
        assert order.fulfilment_status == "partially_returned"
        assert order.refunded_amount == Decimal("20.00")
        assert InventoryItem.objects.get(variant=item).quantity == 4
        with pytest.raises(ValidationFailed):
            services.return_receive(store=store, order_id=order.pk, return_id=ret.pk, actor=None)
