"""Progress of the background jobs the catalog pages start, and their cancellation."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.jobs.pages import JobPage

from ...permissions import Action
from .base import CatalogPage


class JobView(JobPage, CatalogPage, TemplateView):
    actions = {"GET": Action.VIEW, "POST": Action.PRODUCT_BULK}  # cancel, as for starting it
    template_name = "catalog/store/job.html"
    page_name, progress_name = "job", "job_progress"

    def shows(self, job) -> bool:
        return job.kind.startswith("catalog.")

    def job_links(self, job) -> dict:
        return {
            "done_url": self.url("products"),
            "done_label": _("Back to products"),
            "cancel_url": self.url("job", job_id=job.pk) if self.may(Action.PRODUCT_BULK) else "",
        }
