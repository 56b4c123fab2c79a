"""Catalog background work, run in the merchant's schema. Work with progress (bulk changes) runs
on the jobs runner instead: see jobs.py."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import connection

from .models import ProductImage

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def image_renditions_make(self, image_id: int) -> None:
    from .media import renditions_make

    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None:
        return  # deleted meanwhile
    try:
        renditions_make(image=image)
    except OSError:
        raise
    except Exception:
        logger.exception("renditions of image %s in %s failed", image_id, connection.schema_name)
        ProductImage.objects.filter(pk=image_id).update(status=ProductImage.Status.FAILED)
