"""Catalog background work, run in the merchant's schema. Tasks take ids and call services;
services queue them by name (apps.core.background.task_send_on_commit) and never import this module.
Work with progress (bulk changes) runs on the jobs runner instead: see jobs.py."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import connection

from . import services
from .models import ProductImage

logger = logging.getLogger(__name__)


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
