"""demo_orders gives a store its checkout set-up and a history of orders in every state, made
through the orders services: stock, payments, refunds and customers' spend agree, and a second
run adds nothing. As for demo_catalog, the test merchant's store ALPHA stands in for a demo store."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apps.catalog.models import InventoryItem
from apps.orders.models import (
    CheckoutSettings,
    Customer,
    DiscountCode,
    Invoice,
    Order,
    OrderLine,
    Refund,
    ShippingMethod,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def snapshot(store) -> tuple:
    return (
        Order.objects.filter(store_id=store.id).count(),
        ShippingMethod.objects.filter(store_id=store.id).count(),
        DiscountCode.objects.filter(store_id=store.id).count(),
        Customer.objects.count(),
        list(
            InventoryItem.objects.filter(variant__store_id=store.id).order_by("pk").values_list("quantity", "reserved")
        ),
    )


def test_demo_orders_in_every_state_and_consistent(tenant_a):
    store = tenant_a.store
    output = run("demo_catalog", "--stores", "ALPHA", "--kind", "home", "--products", "12", "--orders")
    assert "ALPHA: 1" in output and "orders over 90 days" in output
    with tenant_a:
        customer = tenant_a.customer("marie.schmit@example.lu")  # a demo customer with an account
        assert customer.pk
    # demo_catalog --orders ran demo_orders for ALPHA with its default size; a second run adds nothing
    with tenant_a:
        before = snapshot(store)
    output = run("demo_orders", "--stores", "ALPHA", "--orders", "30")
    assert "already there" in output
    with tenant_a:
        assert snapshot(store) == before
        orders = Order.objects.filter(store_id=store.id)
        assert orders.count() >= 100

        settings = CheckoutSettings.objects.get(store_id=store.id)
        assert settings.bank_transfer_enabled and settings.pay_at_pickup_enabled and settings.invoice_enabled
        assert settings.iban
        kinds = set(ShippingMethod.objects.filter(store_id=store.id).values_list("kind", "zone"))
        assert {("flat", "lu"), ("flat", "neighbours"), ("flat", "eu"), ("pickup", ""), ("weight", "lu")} <= kinds
        codes = {c.code: c for c in DiscountCode.objects.filter(store_id=store.id)}
        assert not codes["SUMMER15"].is_active and codes["SPRING20"].ends_at < timezone.now()
        assert codes["LAUNCH5"].uses == codes["LAUNCH5"].max_uses

        # every state a merchant meets
        states = set(orders.values_list("status", "payment_status", "fulfilment_status"))
        assert {s[1] for s in states} >= {"paid", "pending", "partially_paid", "partially_refunded", "voided"}
        assert {s[2] for s in states} >= {"unfulfilled", "fulfilled", "delivered", "returned"}
        assert {s[0] for s in states} >= {"open", "confirmed", "cancelled", "expired"}
        assert orders.filter(channel="pos").exists() and orders.filter(is_pickup=True).exists()
        assert orders.filter(discount_code="WELCOME10").exists()

        # 90 days back, timelines moved with their orders
        now = timezone.now()
        assert orders.filter(placed_at__lt=now - timedelta(days=60)).exists()
        assert not orders.filter(placed_at__lt=now - timedelta(days=91)).exists()
        assert not orders.filter(placed_at__gt=now).exists()
        for order in orders.prefetch_related("events")[:20]:
            assert all(abs(event.created_at - order.placed_at) < timedelta(hours=1) for event in order.events.all())

        # what was paid has its invoice, what was refunded its credit note, numbered by date
        paid = orders.filter(paid_at__isnull=False)
        assert paid.exists() and not paid.filter(invoices__isnull=True).exists()
        documents = list(Invoice.objects.filter(order__store_id=store.id).order_by("sequence_number"))
        assert [d.issued_at for d in documents] == sorted(d.issued_at for d in documents)
        refunded = Refund.objects.filter(order__store_id=store.id, status="succeeded")
        assert Invoice.objects.filter(refund__in=refunded).count() == refunded.count()

        # the money adds up: payments, refunds, customers' lifetime spend
        for order in orders.prefetch_related("payments", "refunds"):
            assert order.paid_amount == sum((p.amount for p in order.payments.all()), Decimal(0))
            assert order.refunded_amount == sum((r.amount for r in order.refunds.all()), Decimal(0))
        for customer in Customer.objects.filter(orders__store_id=store.id).distinct():
            mine = Order.objects.filter(customer=customer)
            spent = sum((o.paid_amount - o.refunded_amount for o in mine), Decimal(0))
            assert customer.total_spent == spent and customer.orders_count == mine.count()
            assert customer.last_order_at == max(o.placed_at for o in mine)

        # stock: what open orders hold is reserved, and nothing went below zero
        held = (
            OrderLine.objects.filter(order__store_id=store.id, order__status__in=("open", "confirmed"))
            .values("variant_id")
            .annotate(units=Sum("quantity") - Sum("quantity_fulfilled"))
        )
        reserved = dict(InventoryItem.objects.filter(variant__store_id=store.id).values_list("variant_id", "reserved"))
        for row in held:
            assert reserved[row["variant_id"]] == row["units"]
        assert not InventoryItem.objects.filter(variant__store_id=store.id, quantity__lt=0).exists()


def test_demo_orders_is_deterministic_and_names_unknown_stores(tenant_a, tenant_b):
    with pytest.raises(CommandError, match="NOPE"):
        run("demo_orders", "--stores", "NOPE")
    run("demo_catalog", "--stores", "BETA", "--kind", "books", "--products", "6")

    def history() -> list:
        output = run("demo_orders", "--stores", "BETA", "--orders", "25")
        assert "BETA: " in output and "orders over 90 days" in output
        with tenant_b:
            return list(
                Order.objects.order_by("sequence_number").values_list("number", "total", "status", "payment_status")
            )

    with transaction.atomic():
        first = history()
        transaction.set_rollback(True)
    assert len(first) >= 20 and history() == first  # the same seed, the same history
    with tenant_a:
        assert not Order.objects.exists()  # another merchant's orders stay in its own schema
