from apps.marketplace.models import FeedImport, RejectedRow, StagingProduct

from .feeds import google_file, row, run_import, staging


def test_google_feed_url_imports_into_staging(tenant_a, letzshop, django_capture_on_commit_callbacks):
    done = run_import(tenant_a, django_capture_on_commit_callbacks, url=letzshop.feed_url("en"))
    assert done.status == FeedImport.Status.DONE, done.error
    assert done.format == "google" and done.delimiter == "\t" and done.encoding == "utf-8"
    with tenant_a:
        count = StagingProduct.objects.filter(store_id=tenant_a.store.id).count()
    assert count == len(letzshop.catalogue) == done.rows_imported == done.new_count
    first = letzshop.catalogue[0]
    product = staging(tenant_a, first.feed_id)
    assert product.titles == {"en": first.titles["en"]}
    assert product.price == first.price and product.gtin == first.gtin and product.state == "new"
    assert first.brand.lower() in product.search_text


def test_comma_price_and_rejected_rows(tenant_a, django_capture_on_commit_callbacks):
    content = google_file(
        [row("A1", price="12,50 EUR"), row("A2", price="abc"), row("A1"), row("A3", price="EUR 1.234,50", gtin="12")]
    )
    done = run_import(tenant_a, django_capture_on_commit_callbacks, content=content)
    assert done.status == "done", done.error
    assert (done.rows_read, done.rows_imported, done.rows_rejected) == (4, 1, 3)
    assert staging(tenant_a, "A1").price == __import__("decimal").Decimal("12.50")
    with tenant_a:
        rejected = list(RejectedRow.objects.filter(feed_import=done).values_list("row_number", "column", "value"))
    assert rejected == [(3, "price", "abc"), (4, "id", "A1"), (5, "gtin", "12")]
