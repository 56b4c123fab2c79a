"""Progress of the background jobs the catalog pages start, and their cancellation."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError, NotFound
from apps.jobs.selectors import job_get
from apps.jobs.services import job_cancel

from ...permissions import Action
from .base import CatalogPage


class JobView(CatalogPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.PRODUCT_BULK}  # cancel, as for starting it
    template_name = "catalog/store/job.html"

    def get_template_names(self):
        if self.kwargs.get("partial") or self.request.headers.get("HX-Request"):
            return ["jobs/progress.html"]
        return [self.template_name]

    def _job(self):
        job = job_get(store=self.store, job_id=self.kwargs["job_id"])
        if not job.kind.startswith("catalog."):
            raise NotFound(_("No such job."))
        return job

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self._job()
        context.update(
            job=job,
            poll_url=self.url("job_progress", job_id=job.pk),
            done_url=self.url("products"),
            done_label=_("Back to products"),
            cancel_url=self.url("job", job_id=job.pk) if self.may(Action.PRODUCT_BULK) else "",
        )
        return context

    def post(self, request, *args, **kwargs):
        """Cancel the job."""
        job = self._job()
        try:
            job_cancel(store=self.store, job_id=job.pk, actor=request.user)
        except ApplicationError as error:  # finished meanwhile
            messages.error(request, error.message)
        return self.redirect("job", job_id=job.pk)
