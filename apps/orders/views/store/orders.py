"""The order list with its filters, the CSV export and the bulk "mark fulfilled" with its progress
page (one order's page: orders_detail.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError
from apps.core.exports import csv_response
from apps.core.redirects import redirect_target
from apps.jobs.pages import JobPage
from apps.jobs.services import job_queue

from ... import selectors
from ...permissions import Action
from .base import OrdersPage
from .orders_forms import BulkFulfilForm, OrderFilterForm

ORDERS_PER_PAGE = 50
BULK_KIND = "orders.bulk_fulfil"


class OrderListView(OrdersPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "orders/store/orders/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = OrderFilterForm(self.request.GET or None)
        filters = form.filters()
        orders = selectors.order_list(store=self.store, filters=filters)
        paginator = selectors.OrderPaginator(orders, ORDERS_PER_PAGE, searching=bool(filters.get("q")))
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            filtered=bool(filters),
            page=page,
            orders=page.object_list,
            capped=page.paginator.capped,
            count_cap=page.paginator.cap,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            bulk_form=BulkFulfilForm(),
        )
        return context


EXPORT_HEADER = [
    "number",
    "placed_at",
    "customer",
    "email",
    "channel",
    "status",
    "payment_status",
    "fulfilment_status",
    "payment_method",
    "currency",
    "subtotal",
    "discount",
    "discount_code",
    "shipping",
    "vat",
    "total",
    "paid",
    "refunded",
]


def export_row(order) -> list[str]:
    placed = timezone.localtime(order.placed_at).strftime("%Y-%m-%d %H:%M")
    row = [
        order.number,
        placed,
        order.customer_name,
        order.email,
        order.channel,
        order.status,
        order.payment_status,
        order.fulfilment_status,
        order.payment_method,
        order.currency,
        order.subtotal,
        order.discount_total,
        order.discount_code,
        order.shipping_total,
        order.vat_total,
        order.total,
        order.paid_amount,
        order.refunded_amount,
    ]
    return row


class OrderExportView(OrdersPage, View):
    """The filtered list as CSV, one row per order, streamed."""

    actions = {"GET": Action.EXPORT}

    def get(self, request, **kwargs):
        filters = OrderFilterForm(request.GET or None).filters()
        orders = selectors.order_list(store=self.store, filters=filters)

        rows = (export_row(order) for order in orders.iterator(chunk_size=1000))
        filename = f"orders-{self.store.code}-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(filename=filename, header=EXPORT_HEADER, rows=rows)


class OrderBulkFulfilView(OrdersPage, View):
    """Queue "mark fulfilled" for the chosen orders as a job and show its progress."""

    actions = {"POST": Action.FULFIL}

    def post(self, request, **kwargs):
        back = HttpResponseRedirect(redirect_target(request, default=self.url("list")))
        ids = request.POST.getlist("ids")[:1000]
        if not ids:
            messages.error(request, _("Select at least one order."))
            return back
        form = BulkFulfilForm(request.POST)
        notify = form.is_valid() and form.cleaned_data["notify_customer"]
        label = ngettext("Mark %(count)d order fulfilled", "Mark %(count)d orders fulfilled", len(ids)) % {
            "count": len(ids)
        }
        try:
            job = job_queue(
                store=self.store,
                kind=BULK_KIND,
                params={"order_ids": ids, "notify_customer": notify},
                actor=request.user,
                label=label,
                total=len(set(ids)),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return back
        return self.redirect("job", job_id=job.pk)


class OrderJobView(JobPage, OrdersPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.FULFIL}  # cancel, as for starting it
    template_name = "orders/store/orders/job.html"
    page_name, progress_name = "job", "job_progress"

    def shows(self, job) -> bool:
        return job.kind == BULK_KIND

    def job_links(self, job) -> dict:
        return {
            "done_url": self.url("list"),
            "done_label": _("Back to orders"),
            "cancel_url": self.url("job", job_id=job.pk) if self.may(Action.FULFIL) else "",
        }
