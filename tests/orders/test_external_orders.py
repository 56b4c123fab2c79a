"""Orders placed on a marketplace, recorded here: numbered like any order, no stock reserved, paid
through the marketplace, idempotent on the external id, unmatched lines flagged until matched."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core import mail

from apps.catalog import selectors as catalog_selectors
from apps.catalog.models import InventoryItem
from apps.core.errors import NotFound, ValidationFailed
from apps.orders import services
from apps.orders.models import CheckoutSettings, Order, OrderEvent, Payment

from .factories import ADDRESS, variant

PLACED = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def _line(external_id, variant_id=None, quantity=1, price="24.95", sku="LZ-1", gtin=""):
    return services.ExternalLine(
        external_id=external_id,
        variant_id=variant_id,
        product_title="Wool scarf",
        variant_title="",
        sku=sku,
        gtin=gtin,
        quantity=quantity,
        unit_price=Decimal(price),
        vat_rate=Decimal("17.00"),
    )


def _record(store, external_id="SHIP-1", lines=None, paid=True, **extra):
    return services.order_record_external(
        store=store,
        channel="letzshop",
        external_id=external_id,
        placed_at=PLACED,
        email="lea.muller@example.lu",
        language="fr",
        first_name="Léa",
        last_name="Muller",
        phone="+352 621 000 000",
        shipping_address=dict(ADDRESS),
        billing_address={},
        lines=lines or [_line("U1")],
        paid=paid,
        **extra,
    )


def test_records_an_order_once_with_payment_and_no_stock_reserved(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        matched = variant(tenant_a.store, stock=5, price="30.00")
        CheckoutSettings.objects.update_or_create(
            store_id=tenant_a.store.id, defaults={"notify_email": "shop@alpha.test"}
        )
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            order, created = _record(tenant_a.store, lines=[_line("U1", matched.pk, quantity=2), _line("U2")])
        assert callbacks  # order_placed went out
        again, created_again = _record(tenant_a.store)
        assert created and not created_again and again.pk == order.pk
        order.refresh_from_db()
        assert order.channel == "letzshop" and order.external_id == "SHIP-1"
        assert order.number.startswith("ALPHA-") and order.placed_at == PLACED
        assert order.total == Decimal("74.85") and order.paid_amount == order.total
        assert order.payment_status == "paid" and order.payment_method == "marketplace"
        payment = Payment.objects.get(order=order)
        assert (payment.method, payment.provider, payment.amount) == ("marketplace", "marketplace", order.total)
        lines = list(order.lines.order_by("position"))
        assert lines[0].variant_id == matched.pk and not lines[0].needs_match and lines[0].external_id == "U1"
        assert lines[1].variant_id is None and lines[1].needs_match
        assert order.needs_attention
        assert InventoryItem.objects.get(variant=matched).reserved == 0
        assert OrderEvent.objects.filter(order=order, kind="marketplace").count() == 1
        # its receivers write to nobody: the marketplace writes to the customer, the merchant syncs
        assert mail.outbox == []
        assert Order.objects.filter(external_id="SHIP-1").count() == 1


def test_unpaid_orders_get_no_payment_and_quiet_imports_send_no_news(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            order, _created = _record(tenant_a.store, external_id="SHIP-2", paid=False, notify=False)
        assert callbacks == []
        assert order.payment_status == "pending" and not Payment.objects.filter(order=order).exists()


def test_bad_lines_are_refused(tenant_a):
    with tenant_a:
        with pytest.raises(ValidationFailed):
            _record(tenant_a.store, lines=[_line("U1", quantity=0)])
        with pytest.raises(ValidationFailed):
            _record(tenant_a.store, external_id="")
        assert not Order.objects.exists()


def test_matching_a_line_clears_the_attention_flag_once_all_lines_match(tenant_a):
    with tenant_a:
        first, second = variant(tenant_a.store), variant(tenant_a.store)
        order, _created = _record(tenant_a.store, lines=[_line("U1"), _line("U2", sku="LZ-2")])
        one, two = order.lines.order_by("position")
        services.order_line_match(
            store=tenant_a.store, order_id=order.pk, line_id=one.pk, variant_id=first.pk, actor=tenant_a.owner()
        )
        order.refresh_from_db()
        assert order.needs_attention
        with pytest.raises(ValidationFailed):
            services.order_line_match(
                store=tenant_a.store, order_id=order.pk, line_id=two.pk, variant_id="x", actor=tenant_a.owner()
            )
        services.order_line_match(
            store=tenant_a.store, order_id=order.pk, line_id=two.pk, variant_id=second.pk, actor=tenant_a.owner()
        )
        order.refresh_from_db()
        two.refresh_from_db()
        assert not order.needs_attention and two.variant_id == second.pk and not two.needs_match


def test_another_stores_order_line_or_variant_is_refused(tenant_a, tenant_b):
    with tenant_b:
        theirs = variant(tenant_b.store)
        their_order, _created = _record(tenant_b.store)
        their_line = their_order.lines.get()
    with tenant_a:
        mine = variant(tenant_a.store)
        order, _created = _record(tenant_a.store)
        line = order.lines.get()
        with pytest.raises(NotFound):
            services.order_line_match(
                store=tenant_a.store, order_id=order.pk, line_id=line.pk + 10_000, variant_id=mine.pk, actor=None
            )
        with pytest.raises(ValidationFailed):
            services.order_line_match(
                store=tenant_a.store, order_id=order.pk, line_id=line.pk, variant_id=theirs.pk, actor=None
            )
        # their store's ids are not found here (a schema apart, and the store checked too)
        with pytest.raises(NotFound):
            services.order_line_match(
                store=tenant_a.store, order_id=their_order.pk + 10_000, line_id=their_line.pk, variant_id=1, actor=None
            )


def test_variants_by_codes_finds_gtin_then_sku_in_the_store_only(tenant_a, tenant_b):
    with tenant_b:
        variant(tenant_b.store, sku="SHARED-1", gtin="4000000000017")
    with tenant_a:
        second_store = tenant_a.stores["ALPHA2"]
        variant(second_store, sku="SHARED-1", gtin="4000000000017")
        assert (
            catalog_selectors.variants_by_codes(store=tenant_a.store, gtins=["4000000000017"], skus=["shared-1"]).find(
                gtin="4000000000017", sku="shared-1"
            )
            is None
        )
        mine = variant(tenant_a.store, sku="SHARED-1", gtin="4000000000024")
        codes = catalog_selectors.variants_by_codes(
            store=tenant_a.store, gtins=["4000000000024", "4000000000017"], skus=["shared-1"]
        )
        assert codes.find(gtin="4000000000024", sku="").variant_id == mine.pk
        assert codes.find(gtin="", sku="Shared-1").variant_id == mine.pk
        assert codes.find(gtin="4000000000017", sku="nope") is None
        assert [v.variant_id for v in catalog_selectors.variants_search(store=tenant_a.store, query="shared")] == [
            mine.pk
        ]
