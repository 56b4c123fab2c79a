from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from .models import Job


def job_get(*, store, job_id: int) -> Job:
    job = Job.objects.filter(store_id=store.id, pk=job_id).first()
    if job is None:
        raise NotFound(_("No such job."))
    return job


def job_list(*, store, limit: int = 20):
    return Job.objects.filter(store_id=store.id).order_by("-created_at")[:limit]
