"""The historical import job: confirmed shipments then unconfirmed ones, page by page, progress
on the job, resume after a crash without duplicates, one import per store at a time, plain
failures for a refused key, retries for Letzshop's outages."""

from __future__ import annotations

import pytest

from apps.core.errors import NotFound
from apps.jobs.models import Job
from apps.jobs.services import job_send
from apps.marketplace import jobs_order_sync
from apps.marketplace.models import LetzshopConnection, LetzshopShipment
from apps.marketplace.services import order_sync
from apps.orders.models import Order
from tools.letzshop_sandbox import DEMO_API_KEY

from .sync_helpers import connect


def _start(tenant, callbacks):
    with callbacks(execute=True):
        return order_sync.order_history_start(store=tenant.store, actor=tenant.owner())


def test_history_goes_through_both_phases_page_by_page(
    tenant_a, letzshop, settings, django_capture_on_commit_callbacks
):
    settings.LETZSHOP_PAGE_SIZE = 15
    with tenant_a:
        connect(tenant_a.store)
        job = _start(tenant_a, django_capture_on_commit_callbacks)
        job.refresh_from_db()
        assert job.status == "done", job.error
        assert job.result == {"shipments_fetched": 60, "orders_created": 60}
        states = [call.variables["state"] for call in letzshop.calls("shipments")]
        assert states == ["confirmed"] * 3 + ["unconfirmed"] * 2  # 40 confirmed, 20 unconfirmed
        assert job.done == job.total == 60 and job.percent == 100
        progress = order_sync.order_history_progress(store=tenant_a.store, job_id=job.pk)
        assert progress["finished"] and progress["shipments_fetched"] == 60 and progress["orders_created"] == 60
        connection = LetzshopConnection.objects.get(store_id=tenant_a.store.id)
        assert connection.historical_import_done_at and connection.sync_cursor
        # the confirmed ones came first
        first = Order.objects.filter(channel="letzshop").order_by("sequence_number").first()
        assert first.letzshop_shipment.state == "confirmed"


def test_a_crashed_import_resumes_after_the_last_finished_page(
    tenant_a, letzshop, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.LETZSHOP_PAGE_SIZE = 10
    settings.JOBS_MAX_ATTEMPTS = 1  # the crash fails the job rather than retrying it at once
    real = jobs_order_sync.order_sync.shipments_import
    pages = {"n": 0}

    def crash_on_third_page(**kwargs):
        pages["n"] += 1
        if pages["n"] == 3:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    with tenant_a:
        connect(tenant_a.store)
        monkeypatch.setattr(jobs_order_sync.order_sync, "shipments_import", crash_on_third_page)
        job = _start(tenant_a, django_capture_on_commit_callbacks)
        job.refresh_from_db()
        assert job.status == "failed" and len(job.items) == 2
        assert Order.objects.count() == 20
        monkeypatch.setattr(jobs_order_sync.order_sync, "shipments_import", real)
        # run again from where it stopped (as the sweep does for a job whose worker died)
        Job.objects.filter(pk=job.pk).update(status="queued", attempts=0, error="")
        letzshop.requests.clear()
        with django_capture_on_commit_callbacks(execute=True):
            job_send(job_id=job.pk, kind=job.kind)
        job.refresh_from_db()
        assert job.status == "done", job.error
        assert letzshop.calls("shipments")[0].variables["after"]  # not from the start
        assert job.result == {"shipments_fetched": 60, "orders_created": 60}
        assert Order.objects.count() == LetzshopShipment.objects.count() == 60


def test_only_one_import_runs_per_store(tenant_a, letzshop):
    with tenant_a:
        connect(tenant_a.store)
        job = order_sync.order_history_start(store=tenant_a.store, actor=tenant_a.owner())  # queued, not run
        with pytest.raises(order_sync.SyncRunning) as running:
            order_sync.order_history_start(store=tenant_a.store, actor=tenant_a.owner())
        assert running.value.code == "sync_running" and running.value.job_id == job.pk
        assert running.value.status_code == 409


def test_a_refused_key_fails_the_job_plainly(tenant_a, letzshop, django_capture_on_commit_callbacks):
    with tenant_a:
        connect(tenant_a.store)
        letzshop.revoke(DEMO_API_KEY)
        job = _start(tenant_a, django_capture_on_commit_callbacks)
        job.refresh_from_db()
        assert job.status == "failed" and "revoked" in job.error
        assert LetzshopConnection.objects.get(store_id=tenant_a.store.id).last_sync_health == "failing"


def test_letzshop_outages_queue_the_job_again(tenant_a, letzshop, settings, django_capture_on_commit_callbacks):
    settings.LETZSHOP_RETRIES = 0
    settings.JOBS_MAX_ATTEMPTS = 1
    with tenant_a:
        connect(tenant_a.store)
        letzshop.fail_next(503, times=1)
        job = _start(tenant_a, django_capture_on_commit_callbacks)
        job.refresh_from_db()
        # retryable: after its last attempt it fails with the runner's "unavailable" message
        assert job.status == "failed" and "unavailable" in job.error


def test_another_stores_job_is_not_found(tenant_a, tenant_b, letzshop):
    with tenant_b:
        connect(tenant_b.store)
        theirs = order_sync.order_history_start(store=tenant_b.store, actor=tenant_b.owner())
    with tenant_a:
        with pytest.raises(NotFound):
            order_sync.order_history_progress(store=tenant_a.store, job_id=theirs.pk)
        with pytest.raises(NotFound):
            order_sync.order_history_progress(store=tenant_a.stores["ALPHA2"], job_id=theirs.pk)
