"""Feed import: rows per second of the full import path against a raw COPY of the same file into
a bare table, and against Django's bulk_create of StagingProduct, in the same run.

The feed is the sandbox's Google Shopping feed of N rows (tools.letzshop_sandbox, default 50,000),
written once to a file. Each way is timed --import-rounds times (median):

- full import: apps.marketplace.feeds.importer.feed_import_execute on an uploaded file, the path a
  job runs (encoding and delimiter detection, every row checked, COPY into the temporary table,
  rejected rows by COPY, the merge into marketplace_stagingproduct with the diff); first into an
  empty staging area (all new), then again over it (all compared, unchanged);
- raw COPY: the file as it is (text columns, HEADER) into a bare table, nothing checked;
- bulk_create: the same rows parsed by the same reader, saved as StagingProduct objects with
  bulk_create(batch_size=2000) into an empty staging area.

Targets (issue 10): the full import at least 25 % of raw COPY's rate and at least 5 times
bulk_create's.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from .common import Result, log

STORE_CODE = "MKTBENCH"


def add_arguments(parser) -> None:
    group = parser.add_argument_group("marketplace_import")
    group.add_argument("--feed-rows", type=int, default=50_000, help="rows of the feed (default 50,000)")
    group.add_argument("--import-rounds", type=int, default=3, help="timings of each way (default 3)")


def ensure_store():
    from apps.onboarding.services import merchant_signup
    from apps.tenancy.models import Store

    store = Store.objects.filter(code=STORE_CODE).select_related("merchant").first()
    if store is None:
        _merchant, store, _owner, _token = merchant_signup(
            company="Marketplace Bench S.A.",
            store_name="Marketplace Bench",
            store_code=STORE_CODE,
            owner_name="Bench Owner",
            email="owner@marketplace-bench.example",
            password="Bench-market-Passw0rd!",
            send_welcome=False,
            email_confirmed=True,
            onboarded=True,  # a bench store is set up: its pages are not the wizard
        )
        store = Store.objects.select_related("merchant").get(pk=store.pk)
    return store


def feed_file(rows: int) -> Path:
    from tools.letzshop_sandbox import LetzshopSandbox

    sandbox = LetzshopSandbox().start()
    try:
        text = sandbox.google_feed("en", rows=rows)
    finally:
        sandbox.stop()
    path = Path(tempfile.mkdtemp(prefix="feedbench-")) / "feed.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def _staging_clear(store) -> None:
    from apps.marketplace.models import FeedImport, StagingProduct

    StagingProduct.objects.filter(store_id=store.id).delete()
    FeedImport.objects.filter(store_id=store.id).delete()


def full_import(store, path: Path) -> float:
    from django.core.files import File

    from apps.marketplace.feeds.importer import feed_import_execute
    from apps.marketplace.models import FeedImport

    feed_import = FeedImport(store_id=store.id, language="en", source=FeedImport.Source.FILE, file_name=path.name)
    with path.open("rb") as fh:
        feed_import.upload.save(path.name, File(fh), save=False)
    feed_import.save()
    started = time.perf_counter()
    result = feed_import_execute(store=store, feed_import=feed_import, report=lambda *_args: None)
    elapsed = time.perf_counter() - started
    if result["rejected"]:
        log(f"marketplace_import: {result['rejected']} rows rejected")
    return elapsed


def raw_copy(path: Path) -> float:
    from django.db import connection

    header = path.open(encoding="utf-8").readline().rstrip("\n").split("\t")
    columns = ", ".join(f'"{name}" text' for name in header)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_feed")
        cursor.execute(f"CREATE TABLE bench_raw_feed ({columns})")
        started = time.perf_counter()
        sql = "COPY bench_raw_feed FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t', HEADER true)"
        with path.open("rb") as fh, cursor.cursor.copy(sql) as copy:
            while chunk := fh.read(1024 * 1024):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw_feed")
    return elapsed


def bulk_create(store, path: Path) -> float:
    from django.utils import timezone

    from apps.marketplace.feeds.checks import ROW_FIELDS, Rejected
    from apps.marketplace.feeds.parse import feed_open
    from apps.marketplace.models import StagingProduct

    started = time.perf_counter()
    now = timezone.now()
    objects = []
    with path.open("rb") as fh:
        for row in feed_open(fh).rows():
            if isinstance(row, Rejected):
                continue
            values = dict(zip(ROW_FIELDS, row, strict=True))
            title, description = values.pop("title"), values.pop("description")
            objects.append(
                StagingProduct(
                    store_id=store.id,
                    titles={"en": title},
                    descriptions={"en": description},
                    state="new",
                    changed_at=now,
                    search_text=f"{title} {values['brand']} {values['feed_id']}".lower(),
                    **values,
                )
            )
    StagingProduct.objects.bulk_create(objects, batch_size=2000)
    return time.perf_counter() - started


def run(args, target) -> Result:
    from django.db import connection
    from django_tenants.utils import tenant_context

    result = Result("marketplace_import")
    store = ensure_store()
    rows = args.feed_rows
    log(f"marketplace_import: writing a feed of {rows} rows")
    path = feed_file(rows)
    timings: dict[str, list[float]] = {"full": [], "reimport": [], "raw": [], "bulk": []}
    with tenant_context(store.merchant):
        for round_number in range(args.import_rounds):
            log(f"marketplace_import: round {round_number + 1} of {args.import_rounds}")
            _staging_clear(store)
            timings["full"].append(full_import(store, path))
            timings["reimport"].append(full_import(store, path))
            timings["raw"].append(raw_copy(path))
            _staging_clear(store)
            timings["bulk"].append(bulk_create(store, path))
        _staging_clear(store)
    connection.set_schema_to_public()
    rate = {way: rows / statistics.median(seconds) for way, seconds in timings.items()}
    result.add("full import (new rows)", round(rate["full"]), "rows/s")
    result.add("full import (re-import, unchanged)", round(rate["reimport"]), "rows/s")
    result.add("raw COPY into a bare table", round(rate["raw"]), "rows/s")
    result.add("bulk_create of StagingProduct", round(rate["bulk"]), "rows/s")
    versus_copy = rate["full"] / rate["raw"]
    versus_bulk = rate["full"] / rate["bulk"]
    result.add("full import / raw COPY", round(versus_copy * 100, 1), "%", target=">= 25 %", ok=versus_copy >= 0.25)
    result.add("full import / bulk_create", round(versus_bulk, 2), "x", target=">= 5 x", ok=versus_bulk >= 5)
    result.details = {"rows": rows, "seconds": timings, "target": target.database_name}
    return result
