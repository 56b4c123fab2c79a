"""A store page that shows one background job: its progress, polled every 2 s by
templates/jobs/progress.html (the same view answers the poll with the fragment), and a button that
cancels it. Each app's job page mixes `JobPage` into its own store page base and says which jobs it
shows and where its links go."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, NotFound

from .models import Job
from .selectors import job_get
from .services import job_cancel

PROGRESS_TEMPLATE = "jobs/progress.html"


class JobPage:
    """Mixin for a TemplateView on a store page base (which gives `store`, `url()`). GET shows
    the job (the fragment when polled: `partial` in the URL's kwargs, or an htmx request); POST
    cancels it and comes back."""

    page_name = ""  # the URL name of this page (args: job_id), which the poll and cancel use
    progress_name = ""  # the URL name of its fragment

    def shows(self, job: Job) -> bool:
        """Whether this page shows a job of this kind."""
        raise NotImplementedError

    def job_links(self, job: Job) -> dict[str, Any]:
        """done_url and done_label, and cancel_url ("" when the user may not cancel)."""
        raise NotImplementedError

    def get_template_names(self):
        if self.kwargs.get("partial") or self.request.headers.get("HX-Request"):
            return [PROGRESS_TEMPLATE]
        return [self.template_name]

    def job(self) -> Job:
        job = job_get(store=self.store, job_id=self.kwargs["job_id"])
        if not self.shows(job):
            raise NotFound(_("No such job."))
        return job

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job()
        context.update(job=job, poll_url=self.url(self.progress_name, job_id=job.pk), **self.job_links(job))
        return context

    def post(self, request, *args, **kwargs):
        """Cancel the job."""
        job = self.job()
        try:
            job_cancel(store=self.store, job_id=job.pk, actor=request.user)
        except ApplicationError as error:  # finished meanwhile
            messages.error(request, error.message)
        return HttpResponseRedirect(self.url(self.page_name, job_id=job.pk))
