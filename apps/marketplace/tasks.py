"""Marketplace background work, run in the merchant's schema (beat tasks in the public schema go
through every merchant's). Tasks take ids and call services."""

from __future__ import annotations

from celery import shared_task

from apps.core.background import for_each_merchant_schema, task_send_on_commit

from .feeds.thumbnails import thumbnails_make
from .services.feeds import feeds_reimport_schema


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
