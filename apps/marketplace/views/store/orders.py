"""The order sync's store pages (/store/<code>/marketplace/orders/): the sync's health, the
historical import with its progress, "Sync now", the synced shipments, and matching a line that
matched no variant of the catalog."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView
from apps.catalog import selectors as catalog_selectors
from apps.core.errors import ApplicationError
from apps.jobs.pages import JobPage
from apps.orders import services as orders_services

from ...permissions import Action, ActionAccess, allowed_actions
from ...selectors import order_sync as selectors
from ...services import order_sync

SHIPMENTS_PER_PAGE = 25
PROGRESS_TEMPLATE = "marketplace/store/orders/_progress.html"


class SyncPage(ActionAccess, StorePageView):
    abstract = True
    module = "marketplace"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can"] = allowed_actions(self.perms)
        return context

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"store:marketplace:{name}", kwargs={"code": self.store.code, **kwargs})


class OrderSyncView(SyncPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.SYNC}
    template_name = "marketplace/store/orders/sync.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attention = self.request.GET.get("attention") == "1"
        page = Paginator(selectors.shipment_list(store=self.store, needs_attention=attention), SHIPMENTS_PER_PAGE)
        shipments = page.get_page(self.request.GET.get("page"))
        unmatched = selectors.unmatched_lines(store=self.store, order_ids=[s.order_id for s in shipments])
        context.update(
            connection=order_sync.sync_connection(store=self.store),
            running=order_sync.history_running(store=self.store),
            page=shipments,
            rows=[(shipment, unmatched.get(shipment.order_id, [])) for shipment in shipments],
            attention=attention,
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            if request.POST.get("action") == "history":
                job = order_sync.order_history_start(store=self.store, actor=request.user)
                return HttpResponseRedirect(self.url("orders_job", job_id=job.pk))
            result = order_sync.orders_sync(store=self.store)
        except order_sync.SyncRunning as running:
            messages.info(request, running.message)
            return HttpResponseRedirect(self.url("orders_job", job_id=running.job_id))
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.url("orders"))
        messages.success(
            request,
            _("Synced: %(fetched)d shipments checked, %(created)d new orders.")
            % {"fetched": result.shipments_fetched, "created": result.orders_created},
        )
        return HttpResponseRedirect(self.url("orders"))


class OrderSyncJobView(JobPage, SyncPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.SYNC}  # cancel, as for starting it
    template_name = "marketplace/store/orders/job.html"
    page_name, progress_name = "orders_job", "orders_job_progress"

    def get_template_names(self):
        if self.kwargs.get("partial") or self.request.headers.get("HX-Request"):
            return [PROGRESS_TEMPLATE]
        return [self.template_name]

    def shows(self, job) -> bool:
        return job.kind == order_sync.HISTORY_KIND

    def job_links(self, job) -> dict:
        fetched, created = order_sync.history_counts(job)
        return {
            "done_url": self.url("orders"),
            "done_label": _("Back to the order sync"),
            "cancel_url": self.url("orders_job", job_id=job.pk) if self.may(Action.SYNC) else "",
            "shipments_fetched": fetched,
            "orders_created": created,
        }


class LineMatchView(SyncPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.SYNC}
    template_name = "marketplace/store/orders/line_match.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = selectors.marketplace_line_get(
            store=self.store, order_id=self.kwargs["order_id"], line_id=self.kwargs["line_id"]
        )
        query = self.request.GET.get("q", "").strip() or line.sku or line.gtin
        context.update(
            line=line,
            order=line.order,
            q=query,
            variants=catalog_selectors.variants_search(store=self.store, query=query),
            error=kwargs.get("error", ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            line = orders_services.order_line_match(
                store=self.store,
                order_id=self.kwargs["order_id"],
                line_id=self.kwargs["line_id"],
                variant_id=request.POST.get("variant_id", ""),
                actor=request.user,
            )
        except ApplicationError as error:
            if error.status_code == 404:
                raise
            return self.render_to_response(self.get_context_data(error=error.message), status=400)
        messages.success(request, _("The line is matched."))
        return HttpResponseRedirect(
            reverse("store:orders:detail", kwargs={"code": self.store.code, "pk": line.order_id})
        )
