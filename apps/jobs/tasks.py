"""The jobs runner's tasks. Imported by nothing but JobsConfig.ready() (so the task is registered
in every process) and Celery's autodiscovery; services send job_run by name."""

from __future__ import annotations

from celery import shared_task

from apps.core.background import for_each_merchant_schema

from .runner import job_execute
from .services import job_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def job_run(job_id: int) -> None:
    """Run one attempt of a job, in the schema it was queued from. Acknowledged only once it has
    run, and given back to the broker if its worker dies; a second delivery finds the job no
    longer queued and does nothing."""
    job_execute(job_id=job_id)


@shared_task(ignore_result=True)
def jobs_sweep() -> int:
    """Beat (public schema): sweep every merchant's schema for jobs a dead worker left running
    or a down broker never got. Returns how many jobs it sent again or failed."""
    return sum(
        report.requeued + report.failed + report.resent for _schema, report in for_each_merchant_schema(job_sweep)
    )
