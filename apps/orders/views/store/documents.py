"""Documents in the store pages: an order's invoice and credit notes as PDF, issuing the invoice
by hand, its packing slip, and the bulk "print packing slips" job with its download."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError, NotFound
from apps.core.redirects import redirect_target
from apps.core.storage import tenant_prefix
from apps.jobs.pages import JobPage
from apps.jobs.selectors import job_get
from apps.jobs.services import job_queue

from ...documents import selectors
from ...documents.jobs import KIND as SLIPS_KIND
from ...documents.pdf import invoice_pdf, packing_slips_pdf
from ...permissions import Action
from ...services.invoices import invoice_issue
from .base import OrdersPage


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class InvoicePdfView(OrdersPage, View):
    actions = {"GET": Action.VIEW}

    def get(self, request, *args, **kwargs):
        invoice = selectors.invoice_of_order(store=self.store, order_id=kwargs["pk"])
        if invoice is None:
            raise NotFound(_("This order has no invoice yet."))
        return pdf_response(invoice_pdf(invoice), f"{invoice.number}.pdf")


class InvoiceIssueView(OrdersPage, View):
    """Issue the order's invoice now (it is issued by itself once the order is paid)."""

    actions = {"POST": Action.PAYMENT_RECORD}

    def post(self, request, *args, **kwargs):
        invoice = invoice_issue(store=self.store, order_id=kwargs["pk"], actor=request.user)
        messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
        default = self.url("invoice_pdf", pk=invoice.order_id)
        return HttpResponseRedirect(redirect_target(request, default=default, referer=True))


class CreditNotePdfView(OrdersPage, View):
    actions = {"GET": Action.VIEW}

    def get(self, request, *args, **kwargs):
        credit = selectors.credit_note_get(store=self.store, order_id=kwargs["pk"], invoice_id=kwargs["invoice_pk"])
        return pdf_response(invoice_pdf(credit), f"{credit.number}.pdf")


class PackingSlipPdfView(OrdersPage, View):
    actions = {"GET": Action.FULFIL}

    def get(self, request, *args, **kwargs):
        order = selectors.document_order_get(store=self.store, order_id=kwargs["pk"])
        slips = selectors.packing_slips(store=self.store, order_ids=[order.pk])
        content = packing_slips_pdf(slips, store_name=self.store.name)
        return pdf_response(content, f"packing-slip-{order.number}.pdf")


class PackingSlipsStartView(OrdersPage, View):
    """The bulk action of the order list: POST `order` ids (one field per order)."""

    actions = {"POST": Action.FULFIL}

    def post(self, request, *args, **kwargs):
        # the order list's bulk bar sends "ids", a form of its own may send "order"
        ids = request.POST.getlist("ids") or request.POST.getlist("order")
        try:
            job = job_queue(
                store=self.store,
                kind=SLIPS_KIND,
                params={"order_ids": ids},
                actor=request.user,
                label=_("Packing slips for %(count)d orders") % {"count": len(ids)},
                total=len(ids),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            default = reverse("store:dashboard", kwargs={"code": self.store.code})
            return HttpResponseRedirect(redirect_target(request, default=default, referer=True))
        return HttpResponseRedirect(self.url("packing_slips_job", job_id=job.pk))


class PackingSlipsJobView(JobPage, OrdersPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.FULFIL}  # POST: cancel, as for starting it
    template_name = "orders/store/documents/packing_slips_job.html"
    page_name, progress_name = "packing_slips_job", "packing_slips_job_progress"

    def shows(self, job) -> bool:
        return job.kind == SLIPS_KIND

    def job_links(self, job) -> dict:
        ready = job.status == job.Status.DONE and bool((job.result or {}).get("file"))
        return {
            "done_url": self.url("packing_slips_download", job_id=job.pk) if ready else "",
            "done_label": _("Download the packing slips (PDF)"),
            "cancel_url": self.url("packing_slips_job", job_id=job.pk) if self.may(Action.FULFIL) else "",
        }


class PackingSlipsDownloadView(OrdersPage, View):
    actions = {"GET": Action.FULFIL}

    def get(self, request, *args, **kwargs):
        job = job_get(store=self.store, job_id=kwargs["job_id"])
        name = (job.result or {}).get("file") if job.kind == SLIPS_KIND and job.status == job.Status.DONE else None
        # the file lies under this merchant's prefix, or it is not this merchant's
        if not isinstance(name, str) or not name.startswith(f"{tenant_prefix()}/") or not default_storage.exists(name):
            raise NotFound(_("These packing slips are not available."))
        response = FileResponse(default_storage.open(name, "rb"), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="packing-slips-{job.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
