"""Small pictures of the staging products, fetched after an import for the products it made new
or changed (image_link through the SSRF-guarded image_fetch), as 160 px JPEGs in the merchant's
media storage (the catalog's thumbnail size). Work goes in turns of TURN_SECONDS; a product whose
image cannot be fetched or read just stays without a thumbnail."""

from __future__ import annotations

import hashlib
import io
import logging
import time

from django.core.files.base import ContentFile
from django.db.models import Q
from PIL import Image, UnidentifiedImageError

from ..models import StagingProduct
from .download import FeedDownloadError, image_fetch

logger = logging.getLogger(__name__)

SIDE = 160
BATCH = 50
TURN_SECONDS = 60


def thumbnail_bytes(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as source:
        source.draft("RGB", (SIDE * 2, SIDE * 2))  # JPEG: decode at a smaller scale, much faster
        picture = source.convert("RGB")
    picture.thumbnail((SIDE, SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return out.getvalue()


def thumbnail_make(product: StagingProduct) -> bool:
    try:
        content = thumbnail_bytes(image_fetch(product.image_link))
    except (FeedDownloadError, UnidentifiedImageError, OSError, ValueError):
        logger.info("no thumbnail for staging product %s", product.pk)
        return False
    if product.thumbnail:
        product.thumbnail.delete(save=False)
    name = hashlib.sha1(product.feed_id.encode()).hexdigest()[:16]  # noqa: S324 - a file name
    product.thumbnail.save(f"{name}.jpg", ContentFile(content), save=False)
    StagingProduct.objects.filter(pk=product.pk).update(thumbnail=product.thumbnail.name)
    return True


def thumbnails_make(*, feed_import_id: int, after_id: int = 0) -> int | None:
    """One turn of thumbnails for the products the import made new or changed, from id
    `after_id` on. Returns the id to continue from, or None when all are done."""
    todo = (
        StagingProduct.objects.filter(last_import_id=feed_import_id, pk__gt=after_id, state__in=("new", "changed"))
        .exclude(image_link="")
        .filter(Q(thumbnail="") | Q(changed_fields__contains=["image_link"]))
        .order_by("pk")
    )
    ends = time.monotonic() + TURN_SECONDS
    while time.monotonic() < ends:
        batch = list(todo.filter(pk__gt=after_id)[:BATCH])
        if not batch:
            return None
        for product in batch:
            thumbnail_make(product)
            after_id = product.pk
    return after_id
