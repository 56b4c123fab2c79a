"""Documents through the store API: an order's invoice as PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from apps.accounts.access import StoreAPIView
from apps.core.errors import NotFound

from ..documents.pdf import invoice_pdf
from ..documents.selectors import invoice_of_order
from ..permissions import Action, ActionAccess
from ..views.store.documents import pdf_response


class OrderInvoiceView(ActionAccess, StoreAPIView):
    """The order's invoice as a PDF (404 while none is issued: it is issued once the order is paid)."""

    module = "orders"
    actions = {"GET": Action.VIEW}

    @extend_schema(
        operation_id="store_order_invoice",
        tags=["orders"],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The invoice (PDF)."),
            404: OpenApiResponse(description="No such order in this store, or no invoice yet."),
        },
    )
    def get(self, _request, pk, **kwargs):
        invoice = invoice_of_order(store=self.store, order_id=pk)
        if invoice is None:
            raise NotFound(_("This order has no invoice yet."))
        return pdf_response(invoice_pdf(invoice), f"{invoice.number}.pdf")
