"""Feed sources and imports: where a store's feeds come from (one URL per language), a preview of a
feed before importing it, and starting imports (a "marketplace.feed_import" job each; the work is
apps.marketplace.feeds.importer). One import of a store runs at a time: starting another while one
is queued or running is a Conflict naming it; "import all" queues one per language, run one after
the other (each finished import starts the next waiting one)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import Conflict, ValidationFailed
from apps.jobs.services import job_queue
from apps.tenancy import selectors as tenancy_selectors

from ..errors import MarketplaceErrorCode as Code
from ..feeds.download import feed_download, resolve_checked, upload_read
from ..feeds.parse import feed_open
from ..models import FeedImport, FeedSource, LetzshopConnection

LANGUAGES = ("fr", "de", "en")
KIND = "marketplace.feed_import"
PREVIEW_ROWS = 5
UNFINISHED = (FeedImport.Status.QUEUED, FeedImport.Status.RUNNING)


@dataclass
class FeedPreview:
    format: str
    encoding: str
    delimiter: str
    columns: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)


def language_check(language: str) -> str:
    if language not in LANGUAGES:
        message = _("Choose the feed's language: French, German or English.")
        raise ValidationFailed(message, code=Code.LANGUAGE_INVALID, fields={"language": [message]})
    return language


def feed_url_check(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        message = _("Enter the feed's full address, starting with https://.")
        raise ValidationFailed(message, code=Code.FEED_URL_INVALID, fields={"url": [message]}) from None
    resolve_checked(url)  # refuses private and local addresses now rather than at import
    return url


@transaction.atomic
def feed_sources_save(*, store, urls: dict[str, str], actor) -> list[FeedSource]:
    """Set the store's feed URL per language ("" removes that language's source)."""
    for language, url in urls.items():
        language_check(language)
        if not (url or "").strip():
            FeedSource.objects.filter(store_id=store.id, language=language).delete()
            continue
        FeedSource.objects.update_or_create(store_id=store.id, language=language, defaults={"url": feed_url_check(url)})
    sources = list(FeedSource.objects.filter(store_id=store.id))
    audit_record(
        actor=actor,
        action="marketplace.feed_sources_save",
        store=store,
        data={"sources": {s.language: s.url for s in sources}},
    )
    return sources


def _source(*, url: str | None, upload):
    if upload is not None:
        upload.seek(0)
        fh = upload_read(upload, name=getattr(upload, "name", "") or "")
        upload.seek(0)
        return fh
    if not url:
        message = _("Give the feed's URL or choose a file.")
        raise ValidationFailed(message, code=Code.FILE_REQUIRED, fields={"url": [message]})
    return feed_download(feed_url_check(url))


def feed_preview(*, store, language: str, url: str | None = None, upload=None) -> FeedPreview:
    """What a feed looks like before importing it: its format, encoding, delimiter, columns, the
    required columns it lacks and its first rows. `store` scopes the saved source used when
    neither a URL nor a file is given."""
    language_check(language)
    if url is None and upload is None:
        source = FeedSource.objects.filter(store_id=store.id, language=language).first()
        url = source.url if source else None
    with _source(url=url, upload=upload) as fh:
        feed = feed_open(fh)
        return FeedPreview(
            format=feed.format,
            encoding=feed.encoding,
            delimiter=feed.delimiter,
            columns=feed.columns,
            missing=feed.missing,
            rows=feed.raw_rows(PREVIEW_ROWS),
        )


def _lock(store) -> None:
    """Starts of one store's imports take turns (until the transaction ends)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"marketplace.import:{store.id}"])


def _refuse_if_running(store) -> None:
    running = FeedImport.objects.filter(store_id=store.id, status__in=UNFINISHED).first()
    if running is not None:
        raise Conflict(
            _("Import %(id)s (%(language)s) is still running; start the next one when it has finished.")
            % {"id": running.pk, "language": running.language},
            code=Code.IMPORT_RUNNING,
        )


def _create(*, store, language: str, actor, url: str | None, upload) -> FeedImport:
    feed_import = FeedImport(
        store_id=store.id,
        language=language,
        started_by_id=getattr(actor, "pk", None),
        source=FeedImport.Source.FILE if upload is not None else FeedImport.Source.URL,
    )
    if upload is not None:
        feed_import.file_name = (getattr(upload, "name", "") or "feed")[:255]
        feed_import.upload.save(feed_import.file_name, upload, save=False)
    else:
        feed_import.url = feed_url_check(url or "")
    feed_import.save()
    return feed_import


def feed_import_queue(*, store, feed_import: FeedImport, actor) -> FeedImport:
    """Queue the job of an import waiting for one (inside the caller's transaction)."""
    job = job_queue(
        store=store,
        kind=KIND,
        params={"import_id": feed_import.pk},
        actor=actor,
        label=_("Feed import (%(language)s)") % {"language": feed_import.language},
    )
    feed_import.job_id = job.pk
    FeedImport.objects.filter(pk=feed_import.pk).update(job_id=job.pk)
    return feed_import


def _source_url(*, store, language: str, url: str | None, upload) -> str | None:
    if upload is not None or url:
        return url
    source = FeedSource.objects.filter(store_id=store.id, language=language).first()
    if source is None:
        message = _("Give the feed's URL or choose a file.")
        raise ValidationFailed(message, code=Code.FILE_REQUIRED, fields={"url": [message]})
    return source.url


@transaction.atomic
def feed_import_start(*, store, language: str, actor, url: str | None = None, upload=None) -> FeedImport:
    """Start an import of a feed URL (the language's saved source when none is given) or an
    uploaded file. Conflict "import_running" while another import of the store is unfinished."""
    language_check(language)
    url = _source_url(store=store, language=language, url=url, upload=upload)
    _lock(store)
    _refuse_if_running(store)
    feed_import = _create(store=store, language=language, actor=actor, url=url, upload=upload)
    feed_import_queue(store=store, feed_import=feed_import, actor=actor)
    audit_record(
        actor=actor,
        action="marketplace.feed_import_start",
        target=feed_import,
        store=store,
        data={"language": language, "source": feed_import.source, "url": feed_import.url},
    )
    return feed_import


@transaction.atomic
def feed_imports_start_all(*, store, actor) -> list[FeedImport]:
    """One import per feed source; the first is queued now, the others when the one before ends."""
    _lock(store)
    _refuse_if_running(store)
    imports = [
        _create(store=store, language=source.language, actor=actor, url=source.url, upload=None)
        for source in FeedSource.objects.filter(store_id=store.id).order_by("language")
    ]
    if imports:
        feed_import_queue(store=store, feed_import=imports[0], actor=actor)
        audit_record(
            actor=actor,
            action="marketplace.feed_imports_start_all",
            store=store,
            data={"imports": [i.pk for i in imports]},
        )
    return imports


def feeds_reimport_schema() -> int:
    """Beat, in one merchant's schema: start "import all" for every store that re-imports every
    night and has feed sources (a store whose import still runs is left alone). Returns how many
    imports were started."""
    store_ids = set(FeedSource.objects.values_list("store_id", flat=True)) & set(
        LetzshopConnection.objects.filter(scheduled_reimport=True).values_list("store_id", flat=True)
    )
    started = 0
    for store_id in sorted(store_ids):
        store = tenancy_selectors.dangerously_store_get_by_id(store_id=store_id)
        try:
            started += len(feed_imports_start_all(store=store, actor=None))
        except Conflict:
            continue
    return started
