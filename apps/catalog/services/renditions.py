"""Image renditions (WebP and JPEG in four sizes), made in the background, merchant by merchant.

An added image is `processing` until a run has made its renditions. One run per merchant's schema
waits in the queue at a time (apps.core.background.task_send_once_on_commit), however many images
the merchant adds; it makes renditions for RENDITIONS_TURN_SECONDS, newest image first, then
queues itself again behind the other merchants' runs. So a merchant who uploads a thousand images
holds one place in the queue, not a thousand. Demo pictures go to the backfill lane, which workers
take only while nothing else waits.

A run takes each image before working on it (its attempt count and the time, on the row). If its
worker dies, the image stays processing; once RENDITIONS_LEASE has passed any run takes it again,
and after RENDITIONS_MAX_ATTEMPTS runs it is failed, so an image that kills its worker cannot keep
coming back. The beat task renditions_sweep queues a run wherever images wait and no run is
queued (the message was lost, or the broker restarted empty).
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from PIL import Image

from apps.core.background import task_queued, task_send_once_on_commit, task_started
from apps.core.modules import JobQueue

from ..cache import catalog_changed
from ..models import ProductImage

logger = logging.getLogger(__name__)

RENDITIONS = {"thumbnail": 160, "small": 320, "medium": 640, "large": 1280}
RENDITIONS_TASK = "apps.catalog.tasks.renditions_run"
LANES = (JobQueue.BULK, JobQueue.BACKFILL)


def renditions_make(*, image: ProductImage) -> ProductImage:
    """Write every rendition of an image (idempotent: a second run overwrites the same files)."""
    base = image.original.name.rsplit("/", 1)[0]
    result = {}
    with image.original.open("rb") as fh, Image.open(fh) as source:
        source.load()
        rgb = source.convert("RGBA" if source.mode in ("RGBA", "LA", "P") else "RGB")
        for name, side in RENDITIONS.items():
            copy = rgb.copy()
            copy.thumbnail((side, side), Image.Resampling.LANCZOS)
            entry = {"width": copy.width, "height": copy.height}
            for fmt, ext in (("WEBP", "webp"), ("JPEG", "jpg")):
                out = io.BytesIO()
                (copy.convert("RGB") if fmt == "JPEG" else copy).save(out, fmt, quality=82)
                path = f"{base}/{name}.{ext}"
                if default_storage.exists(path):
                    default_storage.delete(path)
                entry["webp" if fmt == "WEBP" else "jpeg"] = default_storage.save(path, ContentFile(out.getvalue()))
            result[name] = entry
    ProductImage.objects.filter(pk=image.pk).update(renditions=result, status=ProductImage.Status.READY)
    image.renditions, image.status = result, ProductImage.Status.READY
    catalog_changed(image.product.store_id)  # cached listings pick up the renditions
    return image


def _queued_key(lane: str) -> str:
    return f"catalog.renditions:{lane}"


def renditions_schedule(*, lane: str = JobQueue.BULK) -> None:
    """Once the current transaction commits, make sure a run of this schema's renditions waits in
    `lane` (JobQueue.BULK, or BACKFILL for work nobody waits for)."""
    task_send_once_on_commit(RENDITIONS_TASK, str(lane), key=_queued_key(lane), queue=str(lane))


def _claimable(now: datetime):
    lease = now - timedelta(seconds=settings.RENDITIONS_LEASE)
    return ProductImage.objects.filter(
        Q(render_claimed_at__isnull=True) | Q(render_claimed_at__lt=lease),
        status=ProductImage.Status.PROCESSING,
        render_attempts__lt=settings.RENDITIONS_MAX_ATTEMPTS,
    )


def _claim_next() -> ProductImage | None:
    """Take the newest image waiting (or left behind by a run that died), for this run alone."""
    now = timezone.now()
    with transaction.atomic():
        image = _claimable(now).select_for_update(skip_locked=True, of=("self",)).order_by("-pk").first()
        if image is None:
            return None
        ProductImage.objects.filter(pk=image.pk).update(render_claimed_at=now, render_attempts=F("render_attempts") + 1)
    return image


def _fail_exhausted(now: datetime) -> int:
    """Fail the images whose renditions RENDITIONS_MAX_ATTEMPTS runs took and none finished."""
    lease = now - timedelta(seconds=settings.RENDITIONS_LEASE)
    failed = ProductImage.objects.filter(
        status=ProductImage.Status.PROCESSING,
        render_attempts__gte=settings.RENDITIONS_MAX_ATTEMPTS,
        render_claimed_at__lt=lease,
    ).update(status=ProductImage.Status.FAILED)
    if failed:
        logger.error("renditions of %s images in %s: no run finished them; failed", failed, connection.schema_name)
    return failed


def _render(image: ProductImage) -> bool:
    try:
        renditions_make(image=image)
    except OSError:  # storage or a truncated file: taken again after the lease, a few times
        logger.warning("renditions of image %s in %s: I/O error", image.pk, connection.schema_name, exc_info=True)
        return False
    except Exception:
        logger.exception("renditions of image %s in %s failed", image.pk, connection.schema_name)
        ProductImage.objects.filter(pk=image.pk).update(status=ProductImage.Status.FAILED)
        return False
    return True


def renditions_run(*, lane: str = JobQueue.BULK) -> int:
    """One turn of this schema's renditions (the task apps.catalog.tasks.renditions_run): make
    them for RENDITIONS_TURN_SECONDS, newest image first (the picture a merchant just uploaded
    before older ones), then, if images still wait, queue the next turn behind everyone else's.
    Returns how many images it made."""
    task_started(_queued_key(lane))
    _fail_exhausted(timezone.now())
    turn_ends = time.monotonic() + settings.RENDITIONS_TURN_SECONDS
    made = 0
    while True:  # at least one image per turn
        image = _claim_next()
        if image is None:
            return made
        made += 1 if _render(image) else 0
        if time.monotonic() >= turn_ends:
            break
    if _claimable(timezone.now()).exists():
        renditions_schedule(lane=lane)
    return made


@dataclass(frozen=True)
class RenditionsSweep:
    failed: int = 0  # images given up after RENDITIONS_MAX_ATTEMPTS runs
    queued: bool = False  # whether a run was queued for images nobody was going to take


def renditions_sweep(*, now: datetime | None = None) -> RenditionsSweep:
    """In this schema: fail the images no run could finish, and queue a run (bulk lane) if images
    wait while no run of any lane is queued: its message was lost, or its worker died."""
    now = now or timezone.now()
    failed = _fail_exhausted(now)
    if any(task_queued(_queued_key(lane)) for lane in LANES) or not _claimable(now).exists():
        return RenditionsSweep(failed=failed)
    renditions_schedule(lane=JobQueue.BULK)
    return RenditionsSweep(failed=failed, queued=True)
