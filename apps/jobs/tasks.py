"""The jobs runner's tasks. Imported by nothing but JobsConfig.ready() (so the task is registered
in every process) and Celery's autodiscovery; services send job_run by name."""

from __future__ import annotations

import logging

from celery import shared_task
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

from .runner import job_execute
from .services import job_sweep

logger = logging.getLogger(__name__)


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
    count = 0
    schemas = get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
    for schema in schemas.values_list("schema_name", flat=True).order_by("schema_name").iterator():
        try:
            with schema_context(schema):
                report = job_sweep()
        except Exception:  # one broken schema must not stop the sweep of the others
            logger.exception("job sweep of %s failed", schema)
            continue
        count += report.requeued + report.failed + report.resent
    return count
