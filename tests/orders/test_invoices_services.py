"""Invoices and credit notes: numbered without gaps per merchant, issued once, frozen when issued,
credit notes never above their refund; issued by the receivers when an order is paid or refunded."""

from decimal import Decimal

import pytest

from apps.core.errors import NotFound
from apps.orders import services
from apps.orders.models import Invoice, OrderEvent
from apps.orders.services.invoices import credit_note_issue, invoice_issue

from .factories import place, shop_setup, variant


def _paid_order(store, *, price="20.00", quantity=2, **kwargs):
    order = place(store, [(variant(store, price=price, **kwargs), quantity)])
    services.payment_record(store=store, order_id=order.pk, amount=order.total, method="bank_transfer", actor=None)
    order.refresh_from_db()
    return order


def _sum(values) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal("0"))


def test_invoice_snapshots_what_a_luxembourg_invoice_needs(tenant_a):
    with tenant_a:
        store = tenant_a.store
        tenant_a.merchant.vat_number = "LU12345678"
        tenant_a.merchant.save(update_fields=["vat_number"])
        shop_setup(store)
        order = _paid_order(store, price="23.40", quantity=3, vat_rate="17.00")
        invoice = invoice_issue(store=store, order_id=order.pk, actor=None)
        assert invoice.number.endswith(f"-{invoice.sequence_number:06d}")
        assert invoice.number.startswith(f"{invoice.issued_at.year}-")
        assert invoice.seller["company"] == "Alpha S.A." and invoice.seller["store"] == store.name
        assert invoice.seller["vat_number"] == "LU12345678" and invoice.seller["iban"].startswith("LU28")
        assert invoice.buyer["name"] == "Anna Muller" and invoice.buyer["city"] == "Luxembourg"
        assert invoice.buyer["email"] == "anna@example.lu"
        [line] = invoice.lines
        assert (line["quantity"], line["unit_price"], line["vat_rate"], line["total"]) == (
            "3",
            "23.40",
            "17.00",
            "70.20",
        )
        assert invoice.totals["total"] == "70.20" and invoice.totals["order_number"] == order.number
        assert invoice.totals["payment_method"] == "bank_transfer" and invoice.totals["payment_status"] == "paid"
        assert invoice.totals["supply_date"] and invoice.totals["issue_date"] and invoice.totals["due"] == "0.00"
        [row] = invoice.vat_breakdown
        assert row == {"rate": "17.00", "net": "60.00", "vat": "10.20", "gross": "70.20"}
        assert invoice.language == "fr"
        assert OrderEvent.objects.filter(order=order, kind="invoice").count() == 1
        # issued once: the same invoice again, no number used
        assert invoice_issue(store=store, order_id=order.pk, actor=None).pk == invoice.pk


def test_numbers_are_gapless_and_unique_per_merchant(tenant_a, tenant_b):
    with tenant_a:
        store = tenant_a.store
        numbers = [
            invoice_issue(store=s, order_id=_paid_order(s).pk, actor=None).sequence_number
            for s in (store, tenant_a.stores["ALPHA2"], store)
        ]
        first = numbers[0]
        assert numbers == [first, first + 1, first + 2]  # one sequence for all the merchant's stores
    with tenant_b:
        other = invoice_issue(store=tenant_b.store, order_id=_paid_order(tenant_b.store).pk, actor=None)
        assert other.sequence_number == 1  # merchant B counts on its own


def test_the_snapshot_stays_when_the_catalog_and_store_change(tenant_a):
    with tenant_a:
        store = tenant_a.store
        item = variant(store, price="10.00", title={"en": "Old title"})
        order = place(store, [(item, 1)])
        invoice = invoice_issue(store=store, order_id=order.pk, actor=None)
        before = (invoice.seller, invoice.buyer, invoice.lines, invoice.totals, invoice.vat_breakdown)
        item.product.title_en = "New title"
        item.product.save()
        store.name, store.address = "Renamed", "Elsewhere 1"
        store.save()
        tenant_a.merchant.vat_number = "LU99999999"
        tenant_a.merchant.save(update_fields=["vat_number"])
        invoice = Invoice.objects.get(pk=invoice.pk)
        assert (invoice.seller, invoice.buyer, invoice.lines, invoice.totals, invoice.vat_breakdown) == before
        assert invoice.lines[0]["description"].startswith("Old title")


def test_credit_note_for_lines_is_negative_and_linked(tenant_a):
    with tenant_a:
        store = tenant_a.store
        order = _paid_order(store, price="20.00", quantity=2)
        line = order.lines.get()
        [refund] = services.refund_create(
            store=store, order_id=order.pk, actor=None, lines=[services.RefundLineRequest(line.pk, 1)], reason="Broken"
        )
        credit = credit_note_issue(store=store, order_id=order.pk, refund_id=refund.pk, actor=None)
        invoice = Invoice.objects.get(order=order, kind="invoice")  # issued first, as there was none
        assert credit.kind == "credit_note" and credit.credits_id == invoice.pk and credit.refund_id == refund.pk
        assert credit.sequence_number == invoice.sequence_number + 1
        assert credit.totals["total"] == "-20.00" and credit.totals["credits"] == invoice.number
        [row] = credit.lines
        assert (row["quantity"], row["total"]) == ("-1", "-20.00")
        [vat] = credit.vat_breakdown
        assert _sum([vat["net"], vat["vat"]]) == Decimal(vat["gross"]) == Decimal("-20.00")
        assert credit_note_issue(store=store, order_id=order.pk, refund_id=refund.pk, actor=None).pk == credit.pk


def test_credit_note_never_above_the_refund(tenant_a):
    with tenant_a:
        store = tenant_a.store
        order = place(
            store,
            [(variant(store, price="30.00", vat_rate="17.00"), 1), (variant(store, price="10.00", vat_rate="3.00"), 1)],
        )
        services.payment_record(store=store, order_id=order.pk, amount="25.00", method="bank_transfer", actor=None)
        services.payment_record(store=store, order_id=order.pk, amount="15.00", method="bank_transfer", actor=None)
        lines = [services.RefundLineRequest(line.pk, 1) for line in order.lines.all()]
        # 40.00 refunded by lines, drawn on two payments: two refunds of 15.00 and 25.00
        refunds = services.refund_create(store=store, order_id=order.pk, actor=None, lines=lines)
        assert sorted(r.amount for r in refunds) == [Decimal("15.00"), Decimal("25.00")]
        for refund in refunds:
            credit = credit_note_issue(store=store, order_id=order.pk, refund_id=refund.pk, actor=None)
            assert Decimal(credit.totals["total"]) == -refund.amount
            assert _sum(line["total"] for line in credit.lines) == -refund.amount
            assert _sum(row["gross"] for row in credit.vat_breakdown) == -refund.amount
            assert all(Decimal(row["gross"]) < 0 for row in credit.vat_breakdown)


def test_another_stores_order_or_refund_is_not_found(tenant_a):
    with tenant_a:
        order = _paid_order(tenant_a.store)
        with pytest.raises(NotFound):
            invoice_issue(store=tenant_a.stores["ALPHA2"], order_id=order.pk, actor=None)
        with pytest.raises(NotFound):
            credit_note_issue(store=tenant_a.store, order_id=order.pk, refund_id=999999, actor=None)


def test_receivers_issue_the_invoice_when_paid_and_the_credit_note_when_refunded(
    tenant_a, django_capture_on_commit_callbacks
):
    with tenant_a:
        store = tenant_a.store
        shop_setup(store)
        with django_capture_on_commit_callbacks(execute=True):
            order = place(store, [(variant(store, price="12.00"), 1)])
        assert not Invoice.objects.filter(order=order).exists()
        with django_capture_on_commit_callbacks(execute=True):
            services.payment_record(store=store, order_id=order.pk, amount="12.00", method="bank_transfer", actor=None)
        invoice = Invoice.objects.get(order=order, kind="invoice")
        with django_capture_on_commit_callbacks(execute=True):
            [refund] = services.refund_create(store=store, order_id=order.pk, actor=None, amount="5.00")
        credit = Invoice.objects.get(refund=refund)
        assert credit.credits_id == invoice.pk and credit.totals["total"] == "-5.00"
