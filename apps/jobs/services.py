"""Background jobs: create, report progress, finish. Tasks call these; pages and the API read them."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from .models import Job


def job_create(*, store, kind: str, label: str, params: dict, total: int, actor=None) -> Job:
    return Job.objects.create(
        store_id=store.id,
        kind=kind,
        label=label,
        params=params,
        total=total,
        created_by_id=getattr(actor, "pk", None),
    )


def job_start(*, job: Job) -> None:
    Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING, updated_at=timezone.now())


def job_progress(*, job: Job, step: int = 1) -> None:
    Job.objects.filter(pk=job.pk).update(done=F("done") + step, updated_at=timezone.now())


def job_finish(*, job: Job, result: dict | None = None, error: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED if error else Job.Status.DONE,
        result=result or {},
        error=error[:2000],
        done=F("total") if not error else F("done"),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
