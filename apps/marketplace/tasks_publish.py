"""Background work of publishing, run in the merchant's schema: fetch the feed images chosen for a
published product and add them to it. Queued by name (services/publish.py); registered in
MarketplaceConfig.ready()."""

from __future__ import annotations

from celery import shared_task

from apps.tenancy import selectors as tenancy_selectors

from .services.images import publish_images_add


@shared_task(ignore_result=True)
def publish_images_fetch(store_id: int, product_id: int, staging_id: int) -> int:
    """Add the staging product's chosen images to the catalog product; how many were added."""
    store = tenancy_selectors.dangerously_store_get_by_id(store_id=store_id)
    return publish_images_add(store=store, product_id=product_id, staging_id=staging_id)
