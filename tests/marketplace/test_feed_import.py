from decimal import Decimal

import pytest
from PIL import Image

from apps.core.errors import Conflict
from apps.jobs.models import Job
from apps.marketplace.models import FeedImport, LetzshopConnection, RejectedRow, StagingProduct
from apps.marketplace.services.feeds import (
    feed_import_start,
    feed_imports_start_all,
    feed_sources_save,
    feeds_reimport_schema,
)
from apps.marketplace.signals import feed_imported

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
    assert staging(tenant_a, "A1").price == Decimal("12.50")
    with tenant_a:
        rejected = list(RejectedRow.objects.filter(feed_import=done).values_list("row_number", "column", "value"))
    assert rejected == [(3, "price", "abc"), (4, "id", "A1"), (5, "gtin", "12")]


def test_languages_merge_into_one_staging_product(tenant_a, letzshop, django_capture_on_commit_callbacks):
    run_import(tenant_a, django_capture_on_commit_callbacks, language="en", url=letzshop.feed_url("en"))
    second = run_import(tenant_a, django_capture_on_commit_callbacks, language="fr", url=letzshop.feed_url("fr", "csv"))
    assert second.status == "done" and second.delimiter == ","
    assert (second.new_count, second.changed_count, second.gone_count) == (0, 0, 0)
    first = letzshop.catalogue[0]
    product = staging(tenant_a, first.feed_id)
    assert product.titles == {"en": first.titles["en"], "fr": first.titles["fr"]}
    assert set(product.descriptions) == {"en", "fr"}
    assert product.state == "new"  # adding a language is no change
    with tenant_a:
        assert StagingProduct.objects.filter(store_id=tenant_a.store.id).count() == len(letzshop.catalogue)


def test_gzipped_feed_and_shopify_export(tenant_a, letzshop, django_capture_on_commit_callbacks):
    done = run_import(
        tenant_a, django_capture_on_commit_callbacks, language="de", url=letzshop.feed_url("de", "tsv.gz")
    )
    assert done.status == "done" and done.rows_imported == len(letzshop.catalogue)
    shopify = run_import(tenant_a, django_capture_on_commit_callbacks, url=f"{letzshop.url}/feeds/shopify.csv")
    assert shopify.status == "done", shopify.error
    assert shopify.format == "shopify" and shopify.rows_imported == len(letzshop.catalogue)


def test_reimport_shows_new_changed_and_gone(tenant_a, django_capture_on_commit_callbacks):
    first = google_file([row("A", price="10.00 EUR"), row("B", price="20.00 EUR"), row("C")])
    run_import(tenant_a, django_capture_on_commit_callbacks, content=first)
    second = google_file([row("A", price="10.00 EUR"), row("B", price="21.00 EUR", title="Mug XL"), row("D")])
    done = run_import(tenant_a, django_capture_on_commit_callbacks, content=second)
    assert (done.new_count, done.changed_count, done.gone_count) == (1, 1, 1)
    a, b, c, d = (staging(tenant_a, feed_id) for feed_id in "ABCD")
    assert (a.state, a.changed_fields) == ("unchanged", [])
    assert b.state == "changed" and sorted(b.changed_fields) == ["price", "title"] and b.changed_at
    assert c.state == "gone" and c.gone_at is not None  # kept, never deleted
    assert d.state == "new"
    # the same file again: nothing new, nothing changed, C still gone
    again = run_import(tenant_a, django_capture_on_commit_callbacks, content=second)
    assert (again.new_count, again.changed_count, again.gone_count) == (0, 0, 0)
    assert staging(tenant_a, "B").state == "unchanged" and staging(tenant_a, "C").state == "gone"
    # C comes back: changed
    back = run_import(tenant_a, django_capture_on_commit_callbacks, content=first)
    assert staging(tenant_a, "C").state == "changed" and back.gone_count == 1  # D left


def test_a_row_refused_this_time_is_not_taken_for_gone(tenant_a, django_capture_on_commit_callbacks):
    run_import(tenant_a, django_capture_on_commit_callbacks, content=google_file([row("A"), row("B"), row("C")]))
    # B's price is broken in the new file and C has no title: both are still in the feed
    second = google_file([row("A"), row("B", price="abc EUR"), row("C", title="")])
    done = run_import(tenant_a, django_capture_on_commit_callbacks, content=second)
    assert (done.rows_imported, done.rows_rejected, done.gone_count) == (1, 2, 0)
    assert staging(tenant_a, "B").state != "gone" and staging(tenant_a, "C").state != "gone"


def test_latin1_upload_with_semicolons(tenant_a, django_capture_on_commit_callbacks):
    content = google_file([row("A1", title="Crème brûlée", price="12,50 EUR")], delimiter=";")
    done = run_import(tenant_a, django_capture_on_commit_callbacks, content=content, encoding="latin-1")
    assert done.status == "done" and done.delimiter == ";"
    assert staging(tenant_a, "A1").titles == {"en": "Crème brûlée"}
    with tenant_a:
        done.refresh_from_db()
        assert not done.upload  # the uploaded file is deleted after the import


def test_missing_columns_fail_the_import_and_change_nothing(tenant_a, django_capture_on_commit_callbacks, mailoutbox):
    done = run_import(tenant_a, django_capture_on_commit_callbacks, content="id\ttitle\nA1\tMug\n")
    assert done.status == FeedImport.Status.FAILED
    assert "price" in done.error
    with tenant_a:
        assert not StagingProduct.objects.filter(store_id=tenant_a.store.id).exists()
        job = Job.objects.get(pk=done.job_id)
    assert job.status == "failed" and job.error == done.error
    assert len(mailoutbox) == 1 and "failed" in mailoutbox[0].subject


def test_done_import_mails_the_user_and_signals(tenant_a, django_capture_on_commit_callbacks, mailoutbox):
    heard = []

    def receiver(sender, store, feed_import, **kwargs):
        heard.append((store.pk, feed_import.pk, feed_import.status))

    feed_imported.connect(receiver)
    try:
        done = run_import(tenant_a, django_capture_on_commit_callbacks, content=google_file([row("A1")]))
    finally:
        feed_imported.disconnect(receiver)
    assert heard == [(tenant_a.store.pk, done.pk, "done")]
    [message] = mailoutbox
    assert message.to == [tenant_a.owner().email]
    assert tenant_a.store.name in message.subject and f"/marketplace/imports/{done.pk}/" in message.body
    with tenant_a:
        job = Job.objects.get(pk=done.job_id)
    assert job.status == "done" and job.result["imported"] == 1 and job.items["rows"]["read"] == 1


def test_one_import_at_a_time(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        running = FeedImport.objects.create(store_id=tenant_a.store.id, language="fr", status="running")
        with pytest.raises(Conflict) as caught:
            feed_import_start(store=tenant_a.store, language="en", actor=tenant_a.owner(), url="http://127.0.0.1/x")
    assert caught.value.code == "import_running" and str(running.pk) in caught.value.message


def test_import_all_runs_the_languages_one_after_the_other(tenant_a, letzshop, django_capture_on_commit_callbacks):
    with tenant_a:
        owner = tenant_a.owner()
        urls = {"fr": letzshop.feed_url("fr"), "de": letzshop.feed_url("de")}
        feed_sources_save(store=tenant_a.store, urls=urls, actor=owner)
        with django_capture_on_commit_callbacks(execute=True):
            started = feed_imports_start_all(store=tenant_a.store, actor=owner)
        statuses = [FeedImport.objects.get(pk=i.pk).status for i in started]
    assert [i.language for i in started] == ["de", "fr"] and statuses == ["done", "done"]


def test_thumbnails_are_made_for_new_products(
    tenant_a, letzshop, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    image = f"{letzshop.url}/images/g-0001-0.jpg"
    content = google_file([row("A1", image_link=image), row("A2", image_link=f"{letzshop.url}/nothing.jpg")])
    run_import(tenant_a, django_capture_on_commit_callbacks, content=content)
    with_picture, without = staging(tenant_a, "A1"), staging(tenant_a, "A2")
    assert with_picture.thumbnail.name.endswith(".jpg") and not without.thumbnail
    with tenant_a, with_picture.thumbnail.open("rb") as fh, Image.open(fh) as picture:
        assert max(picture.size) == 160


def test_an_import_whose_job_died_is_shown_failed(tenant_a):
    with tenant_a:
        job = Job.objects.create(
            store_id=tenant_a.store.id, kind="marketplace.feed_import", label="x", status="failed", error="Worker lost."
        )
        stuck = FeedImport.objects.create(store_id=tenant_a.store.id, language="fr", status="running", job_id=job.pk)
    response = tenant_a.client(tenant_a.owner()).get("/store/ALPHA/marketplace/imports/")
    assert response.status_code == 200
    with tenant_a:
        stuck.refresh_from_db()
    assert (stuck.status, stuck.error) == ("failed", "Worker lost.")


def test_nightly_reimport_starts_the_stores_feeds(tenant_a, tenant_b, letzshop, django_capture_on_commit_callbacks):
    with tenant_a:
        feed_sources_save(store=tenant_a.store, urls={"en": letzshop.feed_url("en")}, actor=tenant_a.owner())
        LetzshopConnection.objects.create(store_id=tenant_a.store.id, scheduled_reimport=True)
        with django_capture_on_commit_callbacks(execute=True):
            assert feeds_reimport_schema() == 1
        assert FeedImport.objects.get(store_id=tenant_a.store.id).status == "done"
    with tenant_b:
        assert feeds_reimport_schema() == 0
        assert not FeedImport.objects.exists()
