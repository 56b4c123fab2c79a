"""The marketplace's background tasks. Beat starts `letzshop_orders_sync_all` every
LETZSHOP_SYNC_INTERVAL seconds in the public schema; it queues one `letzshop_orders_sync` per store
that has a Letzshop key and automatic sync on, in that store's schema (one waiting message per
store however slow its sync is). The nightly `feeds_reimport_all` imports the feeds of the stores
that re-import every night; `feed_thumbnails_run` makes an import's thumbnails in turns."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation

from apps.core.background import for_each_merchant_schema, task_send_on_commit, task_send_once_on_commit, task_started
from apps.core.errors import ApplicationError
from apps.tenancy import selectors as tenancy_selectors

from .feeds.thumbnails import thumbnails_make
from .models import LetzshopConnection
from .services import order_sync
from .services.feeds import feeds_reimport_schema

logger = logging.getLogger(__name__)

SYNC_TASK = "apps.marketplace.tasks.letzshop_orders_sync"


def _sync_key(store_id: int) -> str:
    return f"marketplace.orders_sync:{store_id}"


def _queue_syncs() -> int:
    """In the current schema: queue the sync of every store with a key and automatic sync on."""
    connected = LetzshopConnection.objects.filter(auto_sync=True).exclude(api_key_encrypted="")
    store_ids = list(connected.values_list("store_id", flat=True))
    for store_id in store_ids:
        task_send_once_on_commit(SYNC_TASK, store_id, key=_sync_key(store_id), queue="interactive")
    return len(store_ids)


@shared_task(ignore_result=True)
def letzshop_orders_sync_all() -> int:
    """Beat (public schema): queue the Letzshop order sync of every connected store with automatic
    sync on, in its merchant's schema. Returns how many were queued."""
    return sum(count for _schema, count in for_each_merchant_schema(_queue_syncs))


@shared_task(ignore_result=True)
def letzshop_orders_sync(store_id: int) -> None:
    """The incremental order sync of one store (in its schema). Its health is on the connection;
    a failure is logged, not retried: the next beat tries again."""
    task_started(_sync_key(store_id))
    try:
        store = tenancy_selectors.dangerously_store_get_by_id(store_id=store_id)
    except ObjectDoesNotExist:
        logger.warning("Letzshop sync: store %s is gone", store_id)
        return
    if "marketplace" not in store.merchant.enabled_modules:
        return
    with translation.override(store.language):
        try:
            order_sync.orders_sync(store=store)
        except ApplicationError as error:
            logger.info("Letzshop sync of store %s failed: %s", store_id, error.message)


# --- feed import ---


@shared_task(ignore_result=True)
def feed_thumbnails_run(feed_import_id: int, after_id: int = 0) -> None:
    """One turn of an import's thumbnails; queues the next turn while some wait."""
    next_id = thumbnails_make(feed_import_id=feed_import_id, after_id=after_id)
    if next_id is not None:
        task_send_on_commit("apps.marketplace.tasks.feed_thumbnails_run", feed_import_id, next_id, queue="bulk")


@shared_task(ignore_result=True)
def feeds_reimport_all() -> int:
    """Beat, nightly (public schema): in every merchant's schema, import the feeds of the stores
    that re-import every night. Returns how many imports were started."""
    return sum(count for _schema, count in for_each_merchant_schema(feeds_reimport_schema))
