"""Running a job: one attempt, from claiming the queued row to recording the final state. The task
apps.jobs.tasks.job_run calls job_execute(); the handler the job's module declared gets a
JobContext.

The final state is recorded here, and only here:
- done, with the handler's result;
- failed, with a message a merchant can read: an ApplicationError's message, else a generic one
  (the exception goes to the log, never to the merchant);
- cancelled, when the handler returned after `ctx.cancelled()` said so;
- a transient error (OSError, the database's OperationalError, RetryableJobError) queues the job
  again after an exponential backoff, until JOBS_MAX_ATTEMPTS runs have been made, then fails it.

Every write of a run is fenced by its attempt number: a run the sweep gave up on (its heartbeat had
stopped) cannot overwrite the run that took over; it gets JobLeaseLost and stops.

Runs take turns, so that one merchant's big job does not hold a worker while others wait: after
JOBS_TURN_SECONDS a run hands its job back to the end of its queue at the handler's next
`ctx.checkpoint()` (JobPaused), and the next run carries on from `ctx.done_items`. A merchant has
at most JOBS_BULK_PER_MERCHANT bulk jobs running at once; a run that would exceed it leaves the
job queued and asks again after JOBS_DEFER_SECONDS, giving the slot to someone else meanwhile.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from functools import cached_property
from types import MappingProxyType
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import OperationalError, connection, transaction
from django.db.models import F, Func, JSONField, Value
from django.db.models.functions import Least
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from apps.accounts import selectors as accounts_selectors
from apps.core.errors import ApplicationError
from apps.core.modules import JobQueue, registry
from apps.tenancy import selectors as tenancy_selectors

from .models import Job
from .services import job_queue_name, job_send

logger = logging.getLogger(__name__)


class RetryableJobError(Exception):
    """Raised by a handler for a failure that may pass (a remote service down): retried later."""


class JobLeaseLost(Exception):
    """This run no longer owns its job: the sweep gave it to another run, or it vanished."""


class JobPaused(Exception):
    """This run has had its turn: the runner queues the job again, behind the others' work."""


TRANSIENT_ERRORS = (RetryableJobError, OSError, OperationalError)


def generic_failure() -> str:
    return _(
        "The job stopped because of an error. What was already done stays done; the rest was not "
        "changed. Please try again, and contact support if it fails again."
    )


def exhausted_failure() -> str:
    return _(
        "The job stopped: a service it needs stayed unavailable. What was already done stays done; "
        "please try again later."
    )


class _JsonMerge(Func):
    """jsonb `a || b`: adds keys to a JSON object in the database, without reading it first."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = JSONField()


class JobContext:
    """What a handler gets: the job's store, parameters and actor, and the means to report back.

    Report often: `progress()`, `item_done()`, `set_total()` and `heartbeat()` are the run's signs of
    life; a run silent for JOBS_HEARTBEAT_TIMEOUT is taken for dead and its job run again. So never
    wrap a whole run in one transaction (the sweep would not see them); do wrap each item's change
    together with its `item_done()`, so both commit or neither does. Call `checkpoint()` before
    each item, outside its transaction: it says whether to stop, and ends the run's turn.
    """

    def __init__(self, *, job: Job, store: Any) -> None:
        self.job_id: int = job.pk
        self.kind: str = job.kind
        self.store = store
        self.params: dict[str, Any] = job.params
        self.actor_id: int | None = job.created_by_id
        self.attempt: int = job.attempts
        self.total: int = job.total
        self._items: dict[str, Any] = dict(job.items or {})
        self.cancel_seen = False
        self._turn_ends = time.monotonic() + settings.JOBS_TURN_SECONDS
        self._moved = False  # whether this run has got anything done yet

    @cached_property
    def actor(self):
        """The user who queued the job (None if unknown or gone), e.g. for audit records."""
        if self.actor_id is None:
            return None
        return accounts_selectors.dangerously_user_get_by_id(user_id=self.actor_id)

    @property
    def done_items(self) -> Mapping[str, Any]:
        """Item key -> result of every item applied so far, by this run or an earlier one."""
        return MappingProxyType(self._items)

    def set_total(self, total: int) -> None:
        self._write(total=total, done=Least(F("done"), Value(total)))
        self.total = total

    def progress(self, step: int = 1) -> None:
        self._write(done=Least(F("done") + step, F("total")))
        self._moved = True

    def item_done(self, key: str, result: Any = None, *, step: int = 1) -> None:
        """Record that the item `key` was applied (with a JSON-able result), and advance the
        progress by `step`. Call it inside the transaction that applied the item."""
        key = str(key)
        self._write(
            items=_JsonMerge(F("items"), Value({key: result}, output_field=JSONField())),
            done=Least(F("done") + step, F("total")),
        )
        self._items[key] = result
        self._moved = True

    def items_done(self, results: Mapping[Any, Any], *, step: int | None = None) -> None:
        """`item_done()` for many items at once, in one write: key -> result. `step` defaults to
        the number of items."""
        merged = {str(key): result for key, result in results.items()}
        self._write(
            items=_JsonMerge(F("items"), Value(merged, output_field=JSONField())),
            done=Least(F("done") + (len(merged) if step is None else step), F("total")),
        )
        self._items.update(merged)
        self._moved = True

    def heartbeat(self) -> None:
        self._write()

    def cancelled(self) -> bool:
        """Whether someone asked to cancel the job: stop, and return what was done so far."""
        requested = _owned(self.job_id, self.attempt).values_list("cancel_requested", flat=True).first()
        if requested is None:
            raise JobLeaseLost(self.job_id)
        self.cancel_seen = self.cancel_seen or requested
        return requested

    def checkpoint(self) -> bool:
        """Call before each item, outside any transaction. True: someone cancelled the job; stop
        and return what was done. Once this run has had its turn (JOBS_TURN_SECONDS) it raises
        JobPaused: the runner queues the job again, and the next run skips `done_items`. Every
        run gets at least one item done first."""
        if self.cancelled():
            return True
        if self._moved and time.monotonic() >= self._turn_ends:
            raise JobPaused(self.job_id)
        return False

    def _write(self, **fields: Any) -> None:
        now = timezone.now()
        if not _owned(self.job_id, self.attempt).update(heartbeat_at=now, updated_at=now, **fields):
            raise JobLeaseLost(self.job_id)


def _owned(job_id: int, attempt: int):
    """The job row, as long as run number `attempt` still owns it."""
    return Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, attempts=attempt)


def _claim(job_id: int) -> tuple[Job | None, bool]:
    """Take a queued job for this run: (the job, False). (None, False) when it is not queued
    (done, cancelled, taken by a duplicate message, or gone); (the job, True) when it must wait
    because its merchant already has JOBS_BULK_PER_MERCHANT bulk jobs running."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, status=Job.Status.QUEUED).first()
        if job is None:
            return None, False
        if _merchant_busy(job, now=now):
            return job, True
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now, updated_at=now
        )
    job.refresh_from_db()
    return job, False


def _merchant_busy(job: Job, *, now) -> bool:
    """Whether the merchant of this schema already runs as many bulk jobs as it may. Claims of
    bulk jobs in one schema take turns (an advisory lock until the claim commits), so two runs
    cannot both take the last slot. Where tasks run eagerly there is no queue to wait in."""
    if current_app.conf.task_always_eager or job_queue_name(kind=job.kind, total=job.total) != JobQueue.BULK:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"jobs.claim:{connection.schema_name}"])
    alive = now - timedelta(seconds=settings.JOBS_HEARTBEAT_TIMEOUT)
    running = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__gte=alive).values_list("kind", "total")
    bulk = sum(1 for kind, total in running if job_queue_name(kind=kind, total=total) == JobQueue.BULK)
    return bulk >= settings.JOBS_BULK_PER_MERCHANT


def job_retry_delay(*, attempt: int) -> float:
    """Seconds to wait after a transient error in run number `attempt`: JOBS_RETRY_BACKOFF, doubled
    for each further run, at most JOBS_RETRY_BACKOFF_MAX."""
    delay = settings.JOBS_RETRY_BACKOFF * 2 ** max(attempt - 1, 0)
    return float(min(delay, settings.JOBS_RETRY_BACKOFF_MAX))


def job_execute(*, job_id: int) -> None:
    """Run one attempt of a queued job and record how it ended (see the module's docstring)."""
    job, busy = _claim(job_id)
    if busy:
        job_send(job_id=job.pk, kind=job.kind, total=job.total, countdown=settings.JOBS_DEFER_SECONDS)
        return
    if job is None:
        return
    try:
        store = tenancy_selectors.dangerously_store_get_by_id(store_id=job.store_id)
    except ObjectDoesNotExist:
        logger.error("job %s: its store %s is gone", job_id, job.store_id)
        _record(job.pk, job.attempts, status=Job.Status.FAILED, error=generic_failure())
        return
    ctx = JobContext(job=job, store=store)
    with translation.override(store.language):
        _run(ctx)


def _run(ctx: JobContext) -> None:
    try:
        handler: Callable[[JobContext], dict | None] = import_string(registry.job_kind(ctx.kind).handler)
        result = handler(ctx)
    except JobLeaseLost:
        logger.warning("job %s: run %s lost its lease and stopped", ctx.job_id, ctx.attempt)
    except JobPaused:
        _pause(ctx)
    except ApplicationError as error:
        _record(ctx.job_id, ctx.attempt, status=Job.Status.FAILED, error=error.message)
    except TRANSIENT_ERRORS:
        _retry(ctx)
    except Exception:
        logger.exception("job %s (%s) failed in run %s", ctx.job_id, ctx.kind, ctx.attempt)
        _record(ctx.job_id, ctx.attempt, status=Job.Status.FAILED, error=generic_failure())
    else:
        status = Job.Status.CANCELLED if ctx.cancel_seen else Job.Status.DONE
        _record(ctx.job_id, ctx.attempt, status=status, result=result or {})


def _retry(ctx: JobContext) -> None:
    if ctx.attempt >= settings.JOBS_MAX_ATTEMPTS:
        logger.exception("job %s (%s) gave up after %s runs", ctx.job_id, ctx.kind, ctx.attempt)
        _record(ctx.job_id, ctx.attempt, status=Job.Status.FAILED, error=exhausted_failure())
        return
    delay = job_retry_delay(attempt=ctx.attempt)
    logger.warning("job %s (%s): transient error in run %s, again in %ss", ctx.job_id, ctx.kind, ctx.attempt, delay)
    now = timezone.now()
    requeued = _owned(ctx.job_id, ctx.attempt).update(
        status=Job.Status.QUEUED, sent_at=None, heartbeat_at=None, updated_at=now
    )
    if requeued:
        job_send(job_id=ctx.job_id, kind=ctx.kind, total=ctx.total, countdown=delay)


def _pause(ctx: JobContext) -> None:
    """Queue the job again, at the end of its queue. A turn handed back is not an attempt: the
    count goes back to what it was before this run, and up again when the next run claims it, so
    a run given up for dead earlier still cannot write."""
    now = timezone.now()
    paused = _owned(ctx.job_id, ctx.attempt).update(
        status=Job.Status.QUEUED, attempts=F("attempts") - 1, sent_at=None, heartbeat_at=None, updated_at=now
    )
    if paused:
        job_send(job_id=ctx.job_id, kind=ctx.kind, total=ctx.total)


def _record(job_id: int, attempt: int, *, status: str, result: dict | None = None, error: str = "") -> None:
    """The one place a run's final state is written."""
    now = timezone.now()
    fields: dict[str, Any] = {"status": status, "error": error[:2000], "finished_at": now, "updated_at": now}
    if result is not None:
        fields["result"] = result
    if status == Job.Status.DONE:
        fields["done"] = F("total")
    _owned(job_id, attempt).update(heartbeat_at=None, **fields)
