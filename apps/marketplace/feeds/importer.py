"""Running one feed import: read the source, check every row, COPY the good ones into the
temporary table and the rejected ones into RejectedRow batch by batch (progress on the import and
through `report`), then merge into the staging area in one transaction together with the import's
final state. A run that stops half-way leaves the staging area as it was; a resumed run starts the
file over (its rejected rows are deleted first; the merge is idempotent)."""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from typing import IO

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed

from ..errors import MarketplaceErrorCode as Code
from ..models import FeedImport, FeedSource, RejectedRow
from .checks import Rejected
from .copy import rejected_copy, rows_copy, rows_table_reset, staging_merge
from .download import feed_download, upload_read
from .parse import columns_missing_error, feed_open

logger = logging.getLogger(__name__)

BATCH = 5000
csv.field_size_limit(10 * 1024 * 1024)

# report(read, imported, rejected, total): progress of the run
Report = Callable[[int, int, int, int], None]


def _open(feed_import: FeedImport) -> IO[bytes]:
    if feed_import.source == FeedImport.Source.FILE:
        if not feed_import.upload:
            raise ValidationFailed(_("The uploaded file is no longer there; upload it again."), code=Code.FILE_REQUIRED)
        with feed_import.upload.open("rb") as upload:
            return upload_read(upload, name=feed_import.file_name)
    return feed_download(feed_import.url)


def _lines(fh: IO[bytes]) -> int:
    count = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1024 * 1024), b""))
    fh.seek(0)
    return max(count - 1, 0)


def _expected_format(feed_import: FeedImport) -> str:
    if feed_import.source != FeedImport.Source.URL:
        return "auto"
    source = FeedSource.objects.filter(store_id=feed_import.store_id, language=feed_import.language).first()
    return source.format if source is not None and source.url == feed_import.url else "auto"


class _Counter:
    def __init__(self, feed_import: FeedImport, report: Report, total: int) -> None:
        self.feed_import, self.report, self.total = feed_import, report, total
        self.read = self.imported = self.rejected = 0
        self.rows: list[tuple] = []
        self.refused: list[Rejected] = []
        self.refused_ids: set[str] = set()  # feed ids of refused rows: still in the feed

    def add(self, item) -> None:
        self.read += 1
        if isinstance(item, Rejected):
            self.refused.append(item)
            if item.feed_id:
                self.refused_ids.add(item.feed_id)
        else:
            self.rows.append(item)
        if self.read % BATCH == 0:
            self.flush()

    def flush(self) -> None:
        self.imported += rows_copy(self.rows)
        self.rejected += rejected_copy(feed_import_id=self.feed_import.pk, rejected=self.refused)
        self.rows, self.refused = [], []
        FeedImport.objects.filter(pk=self.feed_import.pk).update(
            rows_read=self.read, rows_imported=self.imported, rows_rejected=self.rejected, updated_at=timezone.now()
        )
        self.report(self.read, self.imported, self.rejected, self.total)


def _read_all(feed, counter: _Counter) -> None:
    try:
        for item in feed.rows():
            counter.add(item)
    except csv.Error as error:
        raise ValidationFailed(
            _("Row %(row)s of the feed cannot be read (%(error)s).") % {"row": counter.read + 2, "error": error},
            code=Code.FEED_NOT_A_FEED,
        ) from None
    counter.flush()


def feed_import_execute(*, store, feed_import: FeedImport, report: Report) -> dict:
    """Run the import to its end (status done) or raise (the caller marks it failed)."""
    FeedImport.objects.filter(pk=feed_import.pk).update(
        status=FeedImport.Status.RUNNING, rows_read=0, rows_imported=0, rows_rejected=0, error=""
    )
    RejectedRow.objects.filter(feed_import_id=feed_import.pk).delete()
    with _open(feed_import) as fh:
        total = _lines(fh)
        feed = feed_open(fh, expected_format=_expected_format(feed_import))
        FeedImport.objects.filter(pk=feed_import.pk).update(
            format=feed.format, encoding=feed.encoding, delimiter=feed.delimiter, columns=feed.columns[:200]
        )
        if feed.missing:
            raise columns_missing_error(feed.missing)
        rows_table_reset()
        counter = _Counter(feed_import, report, total)
        _read_all(feed, counter)
    if counter.imported == 0:
        raise ValidationFailed(
            _("No row of the feed could be imported (%(rejected)s rejected); the staging area was not changed.")
            % {"rejected": counter.rejected},
            code=Code.FEED_NOT_A_FEED,
        )
    with transaction.atomic():
        counts = staging_merge(
            store_id=store.id,
            feed_import_id=feed_import.pk,
            language=feed_import.language,
            store_language=store.language,
            full=True,
            kept=sorted(counter.refused_ids),
        )
        FeedImport.objects.filter(pk=feed_import.pk).update(
            status=FeedImport.Status.DONE,
            new_count=counts["new"],
            changed_count=counts["changed"],
            gone_count=counts["gone"],
            finished_at=timezone.now(),
        )
    upload_discard(feed_import)
    return {"read": counter.read, "imported": counter.imported, "rejected": counter.rejected, **counts}


def upload_discard(feed_import: FeedImport) -> None:
    """Delete the uploaded file of an import that has ended (done or failed)."""
    name = feed_import.upload.name if feed_import.upload else ""
    if not name:
        return
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("could not delete the upload %s of import %s", name, feed_import.pk)
    FeedImport.objects.filter(pk=feed_import.pk).update(upload="")
