"""The store dashboard's sales figures, chart and setup checklist items of the orders module."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.core.modules import registry
from apps.core.roles import Role
from apps.orders import checklist, dashboard
from apps.orders.models import CheckoutSettings, Order, ShippingMethod
from apps.tenancy.models import Merchant

from .factories import place, shop_setup, variant

DASHBOARD = "/store/ALPHA/"


def paid(store, amount: str, *, days_ago: int = 0, refunded: str = "0"):
    order = place(store, [(variant(store, price=amount), 1)])
    placed = timezone.now() - timedelta(days=days_ago)
    Order.objects.filter(pk=order.pk).update(
        payment_status="paid" if refunded == "0" else "partially_refunded",
        paid_amount=order.total,
        refunded_amount=Decimal(refunded),
        placed_at=placed,
    )
    return order


def test_sales_today_month_waiting_unpaid_and_chart(tenant_a):
    with tenant_a:
        store = tenant_a.store
        paid(store, "30.00")
        paid(store, "20.00", refunded="5.00")
        paid(store, "100.00", days_ago=40)  # before the chart and, by then, the month
        place(store, [(variant(store, price="7.00"), 1)])  # unpaid
        cancelled = place(store, [(variant(store, price="9.00"), 1)])
        Order.objects.filter(pk=cancelled.pk).update(status="cancelled")
        (widget,) = dashboard.widgets(store)
        values = {str(stat.label): stat.value for stat in widget.stats}
        assert values["Sales today"] == "45.00 EUR"
        assert values["Waiting to be fulfilled"] == "4"
        assert values["Unpaid orders"] == "1"
        assert len(widget.bars) == dashboard.DAYS and widget.bars[-1].value == 45.0
        assert sum(bar.value for bar in widget.bars) == 45.0
        tallest = max(widget.chart, key=lambda row: row["height"])
        assert (tallest["height"], tallest["y"]) == (100, 0)


def test_other_stores_orders_do_not_count(tenant_a, tenant_b):
    with tenant_a:
        paid(tenant_a.stores["ALPHA2"], "50.00")
        (widget,) = dashboard.widgets(tenant_a.store)
        assert widget.stats[0].value == "0.00 EUR"
    with tenant_b:
        (widget,) = dashboard.widgets(tenant_b.store)
        assert sum(bar.value for bar in widget.bars) == 0


def test_dashboard_page_shows_sales_with_a_table_and_pinned_queries(tenant_a, queries):
    with tenant_a:
        paid(tenant_a.store, "30.00")
    client = tenant_a.client(tenant_a.owner())
    page = client.get(DASHBOARD)
    assert b"Sales this month" in page.content and b"<svg" in page.content and b"<table" in page.content
    count = queries.of_get(client, DASHBOARD).count
    with tenant_a:
        for days_ago in range(5):
            paid(tenant_a.store, "10.00", days_ago=days_ago)
    assert queries.of_get(client, DASHBOARD).count == count
    assert count <= 30, count


def test_widget_hidden_when_module_off(tenant_a):
    client = tenant_a.client(tenant_a.owner())
    Merchant.objects.filter(pk=tenant_a.merchant.pk).update(disabled_modules=["orders"])
    page = client.get(DASHBOARD)
    assert page.status_code == 200 and b"Sales this month" not in page.content
    assert not any(item.key.startswith("orders.") for item in page.context["checklist"])


def test_widget_needs_orders_view(tenant_a):
    with tenant_a:
        allowed = registry.permissions(Role.CASHIER, registry.enabled_codes())
        assert registry.dashboard(tenant_a.store, registry.enabled_codes(), allowed)
        assert registry.dashboard(tenant_a.store, registry.enabled_codes(), frozenset()) == []


def test_checklist_shipping_and_payments(tenant_a):
    with tenant_a:
        store = tenant_a.store
        assert {i.key: i.done for i in checklist.items(store)} == {"orders.shipping": False, "orders.payments": False}
        CheckoutSettings.objects.create(store_id=store.id, bank_transfer_enabled=True, card_enabled=False)
        assert not checklist.payments_ready(store)  # no IBAN yet
        methods = shop_setup(store)
        assert {i.key: i.done for i in checklist.items(store)} == {"orders.shipping": True, "orders.payments": True}
        ShippingMethod.objects.filter(pk__in=[m.pk for m in methods.values()]).update(is_active=False)
        CheckoutSettings.objects.filter(store_id=store.id).update(bank_transfer_enabled=False)
        assert {i.key: i.done for i in checklist.items(store)} == {"orders.shipping": False, "orders.payments": False}
    page = tenant_a.client(tenant_a.owner()).get(DASHBOARD)
    assert b"Set up shipping" in page.content and b"/store/ALPHA/orders/settings/shipping/" in page.content
