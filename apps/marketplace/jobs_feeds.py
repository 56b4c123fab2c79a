"""The "marketplace.feed_import" job: runs one FeedImport (feeds/importer.py) and records how it
ended on the import too. Whatever stops it (a download refused, a file without the required
columns, a crash), the import is marked failed with the message the merchant reads, never left
running. When it ends, done or failed: the e-mail to who started it, the next waiting import of
the store (import all), and, when done, the signal feed_imported and the thumbnails."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.background import task_send_on_commit
from apps.core.errors import ApplicationError, ValidationFailed
from apps.jobs.runner import JobContext, JobLeaseLost, JobPaused, generic_failure

from .emails import feed_import_email_send
from .errors import MarketplaceErrorCode as Code
from .feeds.importer import feed_import_execute, upload_discard
from .feeds.selectors import feed_import_stalled
from .models import FeedImport
from .services.feeds import feed_import_queue
from .signals import feed_imported

logger = logging.getLogger(__name__)

THUMBNAILS_TASK = "apps.marketplace.tasks.feed_thumbnails_run"


def feed_import_params(*, store, params: dict[str, Any]) -> dict[str, Any]:
    import_id = params.get("import_id") if isinstance(params, dict) else None
    if not isinstance(import_id, int) or not FeedImport.objects.filter(pk=import_id, store_id=store.id).exists():
        raise ValidationFailed(_("No such import."), code=Code.FILE_REQUIRED)
    return {"import_id": import_id}


def _reporter(ctx: JobContext):
    state = {"read": 0}

    def report(read: int, imported: int, rejected: int, total: int) -> None:
        if total and total != ctx.total:
            ctx.set_total(max(total, read))
        ctx.items_done({"rows": {"read": read, "imported": imported, "rejected": rejected}}, step=read - state["read"])
        state["read"] = read
        if ctx.cancelled():
            raise ApplicationError(_("The import was cancelled; the staging area was not changed."))

    return report


def feed_import_run(ctx: JobContext) -> dict[str, Any]:
    feed_import = FeedImport.objects.get(pk=ctx.params["import_id"], store_id=ctx.store.id)
    if feed_import.status in (FeedImport.Status.DONE, FeedImport.Status.FAILED):
        return {"import_id": feed_import.pk, "status": feed_import.status}
    try:
        result = feed_import_execute(store=ctx.store, feed_import=feed_import, report=_reporter(ctx))
    except (JobLeaseLost, JobPaused):
        raise
    except ApplicationError as error:
        feed_import_fail(store=ctx.store, feed_import=feed_import, message=error.message)
        raise
    except Exception as error:
        logger.exception("feed import %s failed", feed_import.pk)
        message = generic_failure()
        feed_import_fail(store=ctx.store, feed_import=feed_import, message=message)
        raise ApplicationError(message) from error
    feed_import.refresh_from_db()
    _ended(store=ctx.store, feed_import=feed_import)
    transaction.on_commit(lambda: _announce(store=ctx.store, feed_import=feed_import))
    try:
        task_send_on_commit(THUMBNAILS_TASK, feed_import.pk)
    except Exception:  # the broker is down: the products stay without thumbnails, the import is done
        logger.exception("could not queue the thumbnails of feed import %s", feed_import.pk)
    return {"import_id": feed_import.pk, **result}


def feed_import_fail(*, store, feed_import: FeedImport, message: str) -> None:
    """Mark an unfinished import failed (the staging area is as before) and tell who started it."""
    updated = FeedImport.objects.filter(
        pk=feed_import.pk, status__in=(FeedImport.Status.QUEUED, FeedImport.Status.RUNNING)
    ).update(status=FeedImport.Status.FAILED, error=message[:2000], finished_at=timezone.now())
    if updated:
        feed_import.refresh_from_db()
        upload_discard(feed_import)
        _ended(store=store, feed_import=feed_import)


def _announce(*, store, feed_import: FeedImport) -> None:
    """feed_imported to its receivers; one that fails is logged and does not fail the import."""
    for receiver, outcome in feed_imported.send_robust(sender=FeedImport, store=store, feed_import=feed_import):
        if isinstance(outcome, Exception):
            logger.error("feed_imported receiver %s failed", receiver, exc_info=outcome)


def _mail(*, store, feed_import: FeedImport) -> None:
    try:
        feed_import_email_send(store=store, feed_import=feed_import)
    except Exception:  # a mail server down must not fail an import that is done
        logger.exception("could not send the e-mail of feed import %s", feed_import.pk)


def _ended(*, store, feed_import: FeedImport) -> None:
    transaction.on_commit(lambda: _mail(store=store, feed_import=feed_import))
    waiting = (
        FeedImport.objects.filter(store_id=store.id, status=FeedImport.Status.QUEUED, job_id__isnull=True)
        .order_by("pk")
        .first()
    )
    if waiting is not None:
        feed_import_queue(store=store, feed_import=waiting, actor=None)


def feed_imports_reconcile(*, store) -> int:
    """Mark failed the imports whose job ended without them (see selectors.feed_import_stalled);
    pages and the API call it before showing imports. Returns how many."""
    stalled = feed_import_stalled(store=store)
    for feed_import, message in stalled:
        with transaction.atomic():
            feed_import_fail(store=store, feed_import=feed_import, message=message or generic_failure())
    return len(stalled)
