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
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import OperationalError
from django.db.models import F, Func, JSONField, Value
from django.db.models.functions import Least
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.modules import registry
from apps.tenancy import selectors as tenancy_selectors

from .models import Job
from .services import job_send

logger = logging.getLogger(__name__)


class RetryableJobError(Exception):
    """Raised by a handler for a failure that may pass (a remote service down): retried later."""


class JobLeaseLost(Exception):
    """This run no longer owns its job: the sweep gave it to another run, or it vanished."""


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
    together with its `item_done()`, so both commit or neither does.
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

    @cached_property
    def actor(self):
        """The user who queued the job (None if unknown or gone), e.g. for audit records."""
        if self.actor_id is None:
            return None
        return get_user_model().objects.filter(pk=self.actor_id).first()

    @property
    def done_items(self) -> Mapping[str, Any]:
        """Item key -> result of every item applied so far, by this run or an earlier one."""
        return MappingProxyType(self._items)

    def set_total(self, total: int) -> None:
        self._write(total=total, done=Least(F("done"), Value(total)))
        self.total = total

    def progress(self, step: int = 1) -> None:
        self._write(done=Least(F("done") + step, F("total")))

    def item_done(self, key: str, result: Any = None, *, step: int = 1) -> None:
        """Record that the item `key` was applied (with a JSON-able result), and advance the
        progress by `step`. Call it inside the transaction that applied the item."""
        key = str(key)
        self._write(
            items=_JsonMerge(F("items"), Value({key: result}, output_field=JSONField())),
            done=Least(F("done") + step, F("total")),
        )
        self._items[key] = result

    def heartbeat(self) -> None:
        self._write()

    def cancelled(self) -> bool:
        """Whether someone asked to cancel the job: stop, and return what was done so far."""
        requested = _owned(self.job_id, self.attempt).values_list("cancel_requested", flat=True).first()
        if requested is None:
            raise JobLeaseLost(self.job_id)
        self.cancel_seen = self.cancel_seen or requested
        return requested

    def _write(self, **fields: Any) -> None:
        now = timezone.now()
        if not _owned(self.job_id, self.attempt).update(heartbeat_at=now, updated_at=now, **fields):
            raise JobLeaseLost(self.job_id)


def _owned(job_id: int, attempt: int):
    """The job row, as long as run number `attempt` still owns it."""
    return Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, attempts=attempt)


def _claim(job_id: int) -> Job | None:
    """Take a queued job for this run; None when it is not queued (done, cancelled, taken by a
    duplicate message, or gone)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now, updated_at=now
    )
    return Job.objects.filter(pk=job_id).first() if claimed else None


def job_retry_delay(*, attempt: int) -> float:
    """Seconds to wait after a transient error in run number `attempt`: JOBS_RETRY_BACKOFF, doubled
    for each further run, at most JOBS_RETRY_BACKOFF_MAX."""
    delay = settings.JOBS_RETRY_BACKOFF * 2 ** max(attempt - 1, 0)
    return float(min(delay, settings.JOBS_RETRY_BACKOFF_MAX))


def job_execute(*, job_id: int) -> None:
    """Run one attempt of a queued job and record how it ended (see the module's docstring)."""
    job = _claim(job_id)
    if job is None:
        return
    try:
        store = tenancy_selectors.store_get_by_id(store_id=job.store_id)
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
        job_send(job_id=ctx.job_id, kind=ctx.kind, countdown=delay)


def _record(job_id: int, attempt: int, *, status: str, result: dict | None = None, error: str = "") -> None:
    """The one place a run's final state is written."""
    now = timezone.now()
    fields: dict[str, Any] = {"status": status, "error": error[:2000], "finished_at": now, "updated_at": now}
    if result is not None:
        fields["result"] = result
    if status == Job.Status.DONE:
        fields["done"] = F("total")
    _owned(job_id, attempt).update(heartbeat_at=None, **fields)
