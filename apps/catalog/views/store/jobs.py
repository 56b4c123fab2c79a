"""Progress of the background jobs the catalog pages start."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.errors import NotFound
from apps.jobs.selectors import job_get

from .base import CatalogPage


class JobView(CatalogPage, TemplateView):
    template_name = "catalog/store/job.html"

    def get_template_names(self):
        if self.kwargs.get("partial") or self.request.headers.get("HX-Request"):
            return ["jobs/progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = job_get(store=self.store, job_id=self.kwargs["job_id"])
        if not job.kind.startswith("catalog."):
            raise NotFound(_("No such job."))
        context.update(
            job=job,
            poll_url=self.url("job_progress", job_id=job.pk),
            done_url=self.url("products"),
            done_label=_("Back to products"),
        )
        return context
