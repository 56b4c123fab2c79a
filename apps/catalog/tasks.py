"""Catalog background work, run in the merchant's schema. Tasks take ids and call services;
services queue them by name (services._common.task_send_on_commit) and never import this module."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import connection

from apps.accounts.models import User
from apps.jobs.models import Job
from apps.jobs.services import job_finish, job_progress, job_start
from apps.tenancy.selectors import store_get_by_id

from . import services
from .models import ProductImage

logger = logging.getLogger(__name__)
BATCH = 200


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def image_renditions_make(image_id: int) -> None:
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None:
        return  # deleted meanwhile
    try:
        services.renditions_make(image=image)
    except OSError:
        raise
    except Exception:
        logger.exception("renditions of image %s in %s failed", image_id, connection.schema_name)
        ProductImage.objects.filter(pk=image_id).update(status=ProductImage.Status.FAILED)


@shared_task
def bulk_products(job_id: int) -> None:
    """Apply a bulk action batch by batch, reporting progress on the job row."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    job_start(job=job)
    store = store_get_by_id(store_id=job.store_id)
    actor = User.objects.filter(pk=job.created_by_id).first()
    ids = list(job.params["product_ids"])
    done = job.done  # a retried job resumes where it stopped
    changed = 0
    try:
        for start in range(done, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            changed += services.bulk_apply(
                store=store, actor=actor, action=job.params["action"], params=job.params["params"], product_ids=batch
            )
            job_progress(job=job, step=len(batch))
    except Exception as exc:  # the job row tells the merchant; the log tells us
        logger.exception("bulk job %s failed", job_id)
        job_finish(job=job, error=str(exc))
        return
    job_finish(job=job, result={"changed": changed})
