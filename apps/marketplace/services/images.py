"""The feed images of a published product: fetched from the feed's host (feeds.download) and
added through the catalog's image service, which checks and re-encodes them."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile

from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog_services
from apps.core.errors import ApplicationError

from ..feeds.download import FeedDownloadError, image_fetch
from ..models import StagingProduct

logger = logging.getLogger(__name__)

MAX_IMAGES = 10


def staging_image_urls(product: StagingProduct) -> list[str]:
    """The images chosen for a staging product: its own choice, else all the feed gives."""
    chosen = product.customisation.get("images")
    if chosen is not None:
        return list(chosen)[:MAX_IMAGES]
    return [url for url in [product.image_link, *product.additional_image_links] if url][:MAX_IMAGES]


def publish_images_add(*, store, product_id: int, staging_id: int) -> int:
    """Add the chosen feed images of a staging product to its catalog product, unless the product
    has images already (a re-publish adds none twice); how many were added. An image that cannot
    be fetched or read is logged and skipped."""
    staging = StagingProduct.objects.filter(store_id=store.id, pk=staging_id, product_id=product_id).first()
    if staging is None:
        return 0
    try:
        product = catalog_selectors.product_get(store=store, product_id=product_id)
    except ApplicationError:
        return 0
    if product.images.all():
        return 0
    added = 0
    for url in staging_image_urls(staging):
        try:
            data = image_fetch(url)
            catalog_services.image_add(
                store=store, product=product, actor=None, upload=ContentFile(data, name="feed-image")
            )
        except (FeedDownloadError, ApplicationError) as error:
            logger.info("image %s of staging product %s skipped: %s", url, staging_id, error)
            continue
        added += 1
    return added
