"""The signed-in customer's invoice of one of their orders in this store, as PDF. Anyone else's
order, or an order without an invoice yet, is not found."""

from __future__ import annotations

from django.views import View

from apps.accounts.access import StorefrontPageView

from ...documents.pdf import invoice_pdf
from ...documents.selectors import customer_invoice_get
from ..store.documents import pdf_response


class OrderInvoiceView(StorefrontPageView, View):
    module = "orders"
    login_required = True

    def get(self, request, *args, **kwargs):
        invoice = customer_invoice_get(store=self.store, user=request.user, number=kwargs["number"])
        return pdf_response(invoice_pdf(invoice), f"{invoice.number}.pdf", inline=False)
