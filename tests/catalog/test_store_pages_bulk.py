"""Bulk actions on the catalog's product list, run as jobs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.catalog.models import Product
from apps.core.roles import Role
from apps.jobs.models import Job
from apps.jobs.services import job_create

from .store_pages import BASE, make_category, make_product, messages_of


def test_bulk_archive_runs_as_a_job(tenant_a, django_capture_on_commit_callbacks):
    # given three products, two of them selected
    a, b, c = (make_product(tenant_a, f"BULK-{i}") for i in range(3))
    client = tenant_a.client(tenant_a.owner())

    # when the bulk action is posted
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}products/bulk/", {"action": "archive", "ids": [a.pk, b.pk, "junk"]})

    # then a job ran and the page shows its progress
    assert response.status_code == 302
    with tenant_a:
        job = Job.objects.get(store_id=tenant_a.store.id)
        assert job.params == {"action": "archive", "params": {}, "product_ids": sorted([a.pk, b.pk])}
        assert (job.status, job.done, job.total, job.result) == ("done", 2, 2, {"changed": 2})
        assert set(Product.objects.filter(status="archived").values_list("sku", flat=True)) == {"BULK-0", "BULK-1"}
        assert Product.objects.get(pk=c.pk).status == "active"
    assert response["Location"] == f"{BASE}jobs/{job.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"2 of 2 done" in page.content
    partial = client.get(f"{BASE}jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in partial.content  # finished: polling stops
    assert b"<html" not in partial.content


def test_a_running_job_keeps_polling(tenant_a):
    with tenant_a:
        job = job_create(store=tenant_a.store, kind="catalog.bulk_products", label="x", params={}, total=10)
    partial = tenant_a.client(tenant_a.owner()).get(f"{BASE}jobs/{job.pk}/progress/")
    assert b'hx-trigger="every 2s"' in partial.content


def test_bulk_price_change_and_category(tenant_a, django_capture_on_commit_callbacks):
    p = make_product(tenant_a, "PCT-1", price="10.00")
    sale = make_category(tenant_a, "Sale")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}products/bulk/", {"action": "price_percent", "percent": "-15", "ids": [p.pk]})
        client.post(f"{BASE}products/bulk/", {"action": "set_category", "category_id": sale.pk, "ids": [p.pk]})

    with tenant_a:
        p.refresh_from_db()
        assert p.price == Decimal("8.50")
        assert list(p.categories.all()) == [sale]


def test_bulk_on_all_matching_products(tenant_a, django_capture_on_commit_callbacks):
    for i in range(3):
        make_product(tenant_a, f"ALL-{i}", brand="Acme")
    make_product(tenant_a, "OTHER-1", brand="Other")
    client = tenant_a.client(tenant_a.owner())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}products/bulk/", {"action": "draft", "scope": "all", "brand": "Acme"})

    with tenant_a:
        assert set(Product.objects.filter(status="draft").values_list("sku", flat=True)) == {"ALL-0", "ALL-1", "ALL-2"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "price_percent", "percent": "-100"}, "Enter a change between -99.99 % and +1000 %, not 0."),
        ({"action": "price_percent", "percent": "abc"}, "Enter a change between -99.99 % and +1000 %, not 0."),
        ({"action": "set_category", "category_id": "999999"}, "Choose a category."),
        ({"action": "explode"}, "Choose a bulk action."),
        ({"action": "archive", "ids_": "1"}, "Select at least one product."),
    ],
)
def test_bulk_refuses_bad_input_without_a_job(tenant_a, data, message):
    product = make_product(tenant_a, "BAD-1")
    data = {"ids": [product.pk], **data}
    if "ids_" in data:
        data = {"action": data["action"]}
    response = tenant_a.client(tenant_a.owner()).post(f"{BASE}products/bulk/", data, follow=True)
    assert response.status_code == 200
    assert message in messages_of(response)
    with tenant_a:
        assert not Job.objects.exists()


def test_bulk_ignores_other_merchants_ids(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    theirs = make_product(tenant_b, "B-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant_a.client(tenant_a.owner()).post(
            f"{BASE}products/bulk/", {"action": "archive", "ids": [theirs.pk]}, follow=True
        )
    assert "Select at least one product." in messages_of(response)
    with tenant_b:
        assert Product.objects.get(pk=theirs.pk).status == "active"
