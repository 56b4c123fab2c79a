"""Background jobs: queue, cancel, and the sweep that picks up what a dead worker or a down broker
left. The runner (runner.py) runs a job; pages and the API read jobs through selectors.

The task that runs a job is looked up by name in Celery's registry rather than imported: tasks.py
imports this module (and the runner), so importing it back would be a cycle. JobsConfig.ready()
imports tasks.py, so the task is registered in every process. (`send_task` would also avoid the
import, but it bypasses CELERY_TASK_ALWAYS_EAGER, and the tests run tasks eagerly.)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from kombu.exceptions import KombuError

from apps.core.audit import audit_record
from apps.core.errors import Conflict
from apps.core.modules import JobQueue, registry
from apps.tenancy import selectors as tenancy_selectors

from .models import Job
from .selectors import job_get

logger = logging.getLogger(__name__)

JOB_RUN_TASK = "apps.jobs.tasks.job_run"


def job_create(*, store, kind: str, label: str, params: dict, total: int, actor=None) -> Job:
    """A job row, not queued: job_queue() is the way to run work; this stores what it checked."""
    return Job.objects.create(
        store_id=store.id,
        kind=kind,
        label=label[:200],
        params=params,
        total=total,
        created_by_id=getattr(actor, "pk", None),
    )


def job_queue(*, store, kind: str, params: dict, actor=None, label: str = "", total: int = 0) -> Job:
    """Check `params` with the validator the module declared for `kind` (it raises the app's
    ValidationFailed before anything is stored), store the job and queue the one task that runs it
    once the current transaction commits, in the current schema. `total` is the number of steps the
    progress counts to (0: the handler sets it)."""
    spec = registry.job_kind(kind)  # KeyError: no module declares this kind (a programming error)
    params = import_string(spec.validator)(store=store, params=params)  # every kind declares one
    if not isinstance(params, dict):
        raise TypeError(f"The validator of {kind} must return the cleaned parameters as a dict.")
    job = job_create(store=store, kind=kind, label=label, params=params, total=total, actor=actor)
    job_send(job_id=job.pk, kind=kind, total=total)
    return job


def job_send(*, job_id: int, kind: str, total: int = 0, countdown: float = 0) -> None:
    """Send the task that runs a queued job once the current transaction commits (at once outside
    one), to the queue its kind declared for a job of `total` items; it goes to the end of that
    queue, behind what others queued meanwhile. If the broker cannot be reached the job stays
    queued with no `sent_at`, and the sweep sends it again."""
    schema = connection.schema_name
    queue = job_queue_name(kind=kind, total=total)
    transaction.on_commit(lambda: _dispatch(schema=schema, job_id=job_id, queue=queue, countdown=countdown))


def job_queue_name(*, kind: str, total: int) -> str:
    """The Celery queue a job of `kind` over `total` items runs on."""
    try:
        return registry.job_kind(kind).queue_for(total=total)
    except KeyError:  # its module is gone: the runner fails the job, from the interactive queue
        return JobQueue.INTERACTIVE


def _dispatch(*, schema: str, job_id: int, queue: str, countdown: float) -> None:
    with schema_context(schema):
        # marked first: an eager run (tests) finishes inside apply_async
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(sent_at=timezone.now())
        try:
            current_app.tasks[JOB_RUN_TASK].apply_async(
                args=(job_id,), queue=queue, countdown=countdown or None, headers={"_schema_name": schema}
            )
        except (KombuError, OSError):
            logger.exception("could not send job %s in %s; the sweep will", job_id, schema)
            Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(sent_at=None)


def job_cancel(*, store, job_id: int, actor) -> Job:
    """Cancel a job of this store: a queued one at once, a running one at its handler's next
    `cancelled()` check (what it already applied stays applied)."""
    job = job_get(store=store, job_id=job_id)
    if job.status == Job.Status.CANCELLED:
        return job
    if job.status in (Job.Status.DONE, Job.Status.FAILED):
        raise Conflict(_("This job has already finished."))
    now = timezone.now()
    with transaction.atomic():
        unstarted = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.CANCELLED, cancel_requested=True, finished_at=now, updated_at=now
        )
        if not unstarted:
            Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(cancel_requested=True, updated_at=now)
        audit_record(actor=actor, action="jobs.cancel", target=job.label, store=store, data={"job": job.pk})
    job.refresh_from_db()
    return job


# --- The sweep ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepReport:
    requeued: int = 0  # running jobs whose worker died, queued again
    failed: int = 0  # ... that had no attempt left
    resent: int = 0  # queued jobs whose task never reached the broker, or was lost there


def job_sweep(*, now: datetime | None = None) -> SweepReport:
    """In the current schema: a running job whose heartbeat is older than JOBS_HEARTBEAT_TIMEOUT
    lost its worker; it is queued again while attempts remain, else failed with a message. A queued
    job whose task was never sent (JOBS_SEND_GRACE) or was sent long ago (JOBS_QUEUED_TIMEOUT) is
    sent again; a duplicate message is harmless, as only one run can claim a queued job."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.JOBS_HEARTBEAT_TIMEOUT)
    requeued = failed = resent = 0
    lost = Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, updated_at__lt=stale)
    )
    for job in lost.only("pk", "kind", "store_id", "attempts", "heartbeat_at", "total"):
        # only if it is still the same silent run (its own write would have moved the heartbeat)
        same_run = Job.objects.filter(
            pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts, heartbeat_at=job.heartbeat_at
        )
        if job.attempts >= settings.JOBS_MAX_ATTEMPTS:
            failed += same_run.update(
                status=Job.Status.FAILED, error=_lost_message(job), finished_at=now, heartbeat_at=None, updated_at=now
            )
        elif same_run.update(status=Job.Status.QUEUED, sent_at=None, heartbeat_at=None, updated_at=now):
            logger.warning("job %s lost its worker (attempt %s); queued again", job.pk, job.attempts)
            job_send(job_id=job.pk, kind=job.kind, total=job.total)
            requeued += 1
    unsent = Job.objects.filter(status=Job.Status.QUEUED).filter(
        Q(sent_at__isnull=True, updated_at__lt=now - timedelta(seconds=settings.JOBS_SEND_GRACE))
        | Q(sent_at__lt=now - timedelta(seconds=settings.JOBS_QUEUED_TIMEOUT))
    )
    for job in unsent.only("pk", "kind", "total"):
        job_send(job_id=job.pk, kind=job.kind, total=job.total)
        resent += 1
    return SweepReport(requeued=requeued, failed=failed, resent=resent)


def _lost_message(job: Job) -> str:
    store = tenancy_selectors.dangerously_store_get_by_id(store_id=job.store_id)
    with translation.override(store.language):
        return _(
            "The job stopped: the server running it stopped %(count)d times. What was already done "
            "stays done; please try again, and contact support if it happens again."
        ) % {"count": job.attempts}
