"""The PDFs: an invoice and a credit note carry what a Luxembourg invoice needs, in the order's
language, and are the same bytes whenever rebuilt; packing slips list SKUs, bins and no prices."""

from apps.catalog.models import InventoryItem
from apps.orders import services
from apps.orders.documents.pdf import invoice_pdf, packing_slips_pdf
from apps.orders.documents.selectors import packing_slips
from apps.orders.services.invoices import credit_note_issue, invoice_issue

from .documents import paid_order, pdf_pages, pdf_text


def test_invoice_pdf_in_the_orders_language_and_rebuilt_identically(tenant_a):
    with tenant_a:
        store = tenant_a.store
        tenant_a.merchant.vat_number = "LU12345678"
        tenant_a.merchant.save(update_fields=["vat_number"])
        order = paid_order(store, price="1234.50", quantity=1, sku="SHIRT-1")
        invoice = invoice_issue(store=store, order_id=order.pk, actor=None)
        content = invoice_pdf(invoice)
        assert content.startswith(b"%PDF") and pdf_pages(content) == 1
        text = pdf_text(content)
        for expected in (
            invoice.number,
            order.number,
            "SHIRT-1",
            "LU12345678",
            "LU28 0019 4006 4475 0000",
            "Anna Muller",
        ):
            assert expected in text, expected
        assert "1.234,50" in text  # French amounts (fr-LU)
        assert store.name in text
        store.name = "Renamed"
        store.save()
        assert invoice_pdf(invoice) == content  # from the snapshot, byte for byte


def test_credit_note_pdf(tenant_a):
    with tenant_a:
        store = tenant_a.store
        order = paid_order(store)
        [refund] = services.refund_create(store=store, order_id=order.pk, actor=None, amount="5.00", reason="Late")
        credit = credit_note_issue(store=store, order_id=order.pk, refund_id=refund.pk, actor=None)
        text = pdf_text(invoice_pdf(credit))
        assert credit.number in text and credit.credits.number in text
        assert "-5,00" in text and "Late" in text


def test_packing_slips_list_skus_bins_and_no_prices(tenant_a):
    with tenant_a:
        store = tenant_a.store
        first = paid_order(store, price="77.70", sku="BIN-SKU-1")
        second = paid_order(store, price="66.60", sku="BIN-SKU-2")
        InventoryItem.objects.filter(variant_id=first.lines.get().variant_id).update(bin_location="A-03-2")
        slips = packing_slips(store=store, order_ids=[second.pk, first.pk, 999999])
        assert [slip.order.pk for slip in slips] == [second.pk, first.pk]
        content = packing_slips_pdf(slips, store_name=store.name)
        text = pdf_text(content)
        assert pdf_pages(content) == 2
        for expected in ("BIN-SKU-1", "BIN-SKU-2", "A-03-2", first.number, second.number, "12 rue de la Gare"):
            assert expected in text, expected
        assert "77" not in text.split("BIN-SKU-1")[1][:200] and "66,60" not in text and "77,70" not in text


def test_packing_slips_of_another_store_are_left_out(tenant_a):
    with tenant_a:
        order = paid_order(tenant_a.store)
        assert packing_slips(store=tenant_a.stores["ALPHA2"], order_ids=[order.pk]) == []
