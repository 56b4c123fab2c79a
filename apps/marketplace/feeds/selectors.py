"""Reads of a store's feed sources and imports (pages and API). Every read takes the store and
looks only inside it: another store's import id is NotFound."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.jobs.models import Job

from ..models import FeedImport, FeedSource, RejectedRow

UNFINISHED = (FeedImport.Status.QUEUED, FeedImport.Status.RUNNING)


def feed_sources(*, store) -> dict[str, FeedSource]:
    return {source.language: source for source in FeedSource.objects.filter(store_id=store.id)}


def feed_import_list(*, store, limit: int = 20) -> list[FeedImport]:
    return list(FeedImport.objects.filter(store_id=store.id).order_by("-created_at", "-id")[:limit])


def feed_import_get(*, store, import_id: int) -> FeedImport:
    feed_import = FeedImport.objects.filter(store_id=store.id, pk=import_id).first()
    if feed_import is None:
        raise NotFound(_("No such import."))
    return feed_import


def feed_import_running(*, store) -> FeedImport | None:
    return FeedImport.objects.filter(store_id=store.id, status__in=UNFINISHED).first()


def feed_import_stalled(*, store) -> list[tuple[FeedImport, str]]:
    """Unfinished imports whose job has ended without them (the sweep failed a dead run, or it was
    cancelled before it started): (import, the job's message)."""
    unfinished = {i.job_id: i for i in FeedImport.objects.filter(store_id=store.id, status__in=UNFINISHED) if i.job_id}
    if not unfinished:
        return []
    ended = Job.objects.filter(
        pk__in=list(unfinished), store_id=store.id, status__in=(Job.Status.FAILED, Job.Status.CANCELLED)
    )
    return [(unfinished[job.pk], job.error) for job in ended]


def rejected_rows(*, store, feed_import: FeedImport):
    if feed_import.store_id != store.id:
        raise NotFound(_("No such import."))
    return RejectedRow.objects.filter(feed_import_id=feed_import.pk).order_by("row_number", "id")


def rejected_csv(*, store, feed_import: FeedImport) -> Iterator[str]:
    """The rejected rows as CSV lines (a header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line([_("row"), _("column"), _("reason"), _("value")])
    rows = rejected_rows(store=store, feed_import=feed_import).values_list("row_number", "column", "reason", "value")
    for values in rows.iterator(chunk_size=2000):
        yield line(values)
