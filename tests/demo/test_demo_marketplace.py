"""demo_marketplace gives a store its Letzshop demo from the sandbox: a staging catalogue with
some products published and some changed since the last import, and synced Letzshop orders; a
second run adds nothing. The test merchant's store ALPHA stands in for ORION; the jobs the
command waits for run when it pauses (their on-commit sends, eager Celery)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from apps.demo.marketplace import loader
from apps.marketplace.models import FeedImport, LetzshopConnection, LetzshopShipment, StagingProduct
from apps.orders.models import Order


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def worker(monkeypatch):
    """While the command waits, the jobs queued on commit run (the test's transaction never
    commits)."""

    def run_queued(_seconds: float) -> None:
        while connection.run_on_commit:
            _sids, callback, _robust = connection.run_on_commit.pop(0)
            callback()

    monkeypatch.setattr(loader, "_pause", run_queued)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_marketplace", *args, stdout=out)
    return out.getvalue()


def counts(store) -> tuple:
    return (
        StagingProduct.objects.filter(store_id=store.id).count(),
        StagingProduct.objects.filter(store_id=store.id, product_id__isnull=False).count(),
        FeedImport.objects.filter(store_id=store.id).count(),
        LetzshopShipment.objects.filter(store_id=store.id).count(),
        Order.objects.filter(store_id=store.id).count(),
    )


def test_letzshop_demo_from_the_sandbox_twice(tenant_a, letzshop, worker):
    store = tenant_a.store
    output = run("--stores", "ALPHA", "--sandbox", letzshop.url)
    assert "Letzshop demo in place" in output, output
    with tenant_a:
        assert LetzshopConnection.objects.get(store_id=store.id).has_key
        staging = StagingProduct.objects.filter(store_id=store.id)
        published = staging.filter(product_id__isnull=False).count()
        assert 0.5 * staging.count() < published < staging.count()
        assert staging.filter(state=StagingProduct.State.CHANGED).exists()
        assert staging.filter(state=StagingProduct.State.NEW).exists()
        assert staging.filter(state=StagingProduct.State.GONE).exists()
        assert FeedImport.objects.filter(store_id=store.id, status="done").count() == 6
        orders = Order.objects.filter(store_id=store.id, channel="letzshop")
        assert orders.count() == 60
        assert orders.filter(lines__needs_match=True).exists()
        assert orders.filter(lines__needs_match=False, lines__variant__isnull=False).exists()
        before = counts(store)
    again = run("--stores", "ALPHA", "--sandbox", letzshop.url)
    assert "Letzshop demo in place" in again
    with tenant_a:
        assert counts(store) == before


def test_without_a_sandbox_it_says_so_and_does_nothing(tenant_a, monkeypatch, settings):
    monkeypatch.delenv("LETZSHOP_SANDBOX_URL", raising=False)
    settings.LETZSHOP_API_URL = "https://letzshop.lu/graphql"
    assert "Letzshop demo skipped" in run("--stores", "ALPHA")
    assert "Letzshop demo skipped" in run("--stores", "ALPHA", "--sandbox", "http://127.0.0.1:9")
    with tenant_a:
        assert not FeedImport.objects.filter(store_id=tenant_a.store.id).exists()
