"""The order sync's pages and API: the sync page with its shipments and filter, starting the
history import (a second start goes to the running one / 409), its progress, matching a line, and
another merchant's or store's job and order ids answering 404."""

from __future__ import annotations

from apps.jobs.models import Job
from apps.marketplace.services import order_sync
from apps.orders.models import Order, OrderLine

from ..catalog.factories import product
from ..catalog.store_api import JSON, client_for
from .sync_helpers import connect

API = "/api/v1/store/stores/ALPHA/marketplace/orders"
PAGE = "/store/ALPHA/marketplace/orders/"


def _synced(tenant):
    with tenant:
        connect(tenant.store)
        order_sync.orders_sync(store=tenant.store)
        line = OrderLine.objects.filter(needs_match=True).select_related("order").first()
        return line


def test_the_sync_page_lists_shipments_and_filters_what_needs_attention(tenant_a, letzshop, queries):
    _synced(tenant_a)
    with tenant_a:  # one order that needs nothing: the filter leaves it out
        calm = Order.objects.order_by("-placed_at").first()
        calm.lines.update(needs_match=False)
        Order.objects.filter(pk=calm.pk).update(needs_attention=False)
    client = tenant_a.client(tenant_a.owner())
    with queries.at_most(25):
        page = client.get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    with tenant_a:
        newest = Order.objects.order_by("-placed_at").first()
    assert "Import order history" in text and "Sync now" in text and newest.number in text
    with tenant_a:
        flagged = Order.objects.filter(needs_attention=True).order_by("-placed_at").first()
    attention = client.get(PAGE + "?attention=1").content.decode()
    assert flagged.number in attention and "Needs a match" in attention
    assert calm.number not in attention


def test_starting_the_import_twice_goes_to_the_running_job(tenant_a, letzshop):
    with tenant_a:
        connect(tenant_a.store)
        job = order_sync.order_history_start(store=tenant_a.store, actor=tenant_a.owner())  # stays queued
    client = tenant_a.client(tenant_a.owner())
    answer = client.post(PAGE, {"action": "history"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"/orders/jobs/{job.pk}/")
    page = client.get(answer["Location"])
    assert page.status_code == 200 and "shipments fetched" in page.content.decode()
    fragment = client.get(f"{PAGE}jobs/{job.pk}/progress/")
    assert fragment.status_code == 200 and 'hx-trigger="every 2s"' in fragment.content.decode()


def test_api_starts_the_import_and_answers_409_while_it_runs(tenant_a, letzshop, django_capture_on_commit_callbacks):
    with tenant_a:
        connect(tenant_a.store)
    api = client_for(tenant_a)
    with django_capture_on_commit_callbacks(execute=False):
        started = api.post(f"{API}/sync/")
    assert started.status_code == 202, started.content
    job_id = started.json()["job_id"]
    again = api.post(f"{API}/sync/")
    assert again.status_code == 409 and again.json()["code"] == "sync_running" and again.json()["job_id"] == job_id
    progress = api.get(f"{API}/sync/{job_id}/")
    assert progress.status_code == 200 and set(progress.json()) >= {"status", "percent", "shipments_fetched"}


def test_matching_a_line_on_the_page_and_through_the_api(tenant_a, letzshop):
    line = _synced(tenant_a)
    with tenant_a:
        first = product(tenant_a.store, sku="MATCH-ME-1").variants.get()
        second = product(tenant_a.store, sku="MATCH-ME-2").variants.get()
    client = tenant_a.client(tenant_a.owner())
    url = f"{PAGE}{line.order_id}/lines/{line.pk}/match/"
    page = client.get(url + "?q=MATCH-ME")
    assert page.status_code == 200 and "MATCH-ME-1" in page.content.decode()
    assert client.post(url, {"variant_id": "nope"}).status_code == 400
    done = client.post(url, {"variant_id": first.pk})
    assert done.status_code == 302 and done["Location"] == f"/store/ALPHA/orders/{line.order_id}/"
    api = client_for(tenant_a)
    answer = api.post(f"{API}/{line.order_id}/lines/{line.pk}/match/", {"variant_id": second.pk}, content_type=JSON)
    assert answer.status_code == 200 and answer.json()["variant_id"] == second.pk
    assert api.post(f"{API}/{line.order_id}/lines/{line.pk}/match/", {}, content_type=JSON).status_code == 400


def test_another_merchants_or_stores_ids_are_not_found(tenant_a, tenant_b, letzshop):
    their_line = _synced(tenant_b)
    with tenant_b:
        theirs = order_sync.order_history_start(store=tenant_b.store, actor=tenant_b.owner())
    with tenant_a:
        connect(tenant_a.stores["ALPHA2"])
        other_store_job = order_sync.order_history_start(store=tenant_a.stores["ALPHA2"], actor=tenant_a.owner())
        assert not Job.objects.filter(pk=theirs.pk, store_id=tenant_a.store.id).exists()
    client, api = tenant_a.client(tenant_a.owner()), client_for(tenant_a)
    for job_id in (theirs.pk, other_store_job.pk):
        assert client.get(f"{PAGE}jobs/{job_id}/").status_code == 404
        assert api.get(f"{API}/sync/{job_id}/").status_code == 404
    assert client.get(f"{PAGE}{their_line.order_id}/lines/{their_line.pk}/match/").status_code == 404
    answer = api.post(f"{API}/{their_line.order_id}/lines/{their_line.pk}/match/", {"variant_id": 1}, content_type=JSON)
    assert answer.status_code == 404
    assert client.get("/store/BETA/marketplace/orders/").status_code in (302, 403, 404)
