"""The catalog API's bulk changes, run as jobs."""

from __future__ import annotations

from apps.catalog.models import Product
from apps.core.roles import Role

from .store_api import JSON, A, client_for, make_product


def test_bulk_job_is_accepted_then_done(tenant_a, django_capture_on_commit_callbacks):
    # given three drafts
    drafts = [make_product(tenant_a, f"BULK-{i}", status="draft") for i in range(3)]
    client = client_for(tenant_a, Role.EDITOR)

    # when they are activated in bulk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{A}/products/bulk/",
            {"action": "activate", "product_ids": [p.pk for p in drafts]},
            content_type=JSON,
        )

    # then the API answers at once with the job, which the task finished
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["status"], job["total"], job["kind"]) == ("queued", 3, "catalog.bulk_products")
    progress = client.get(f"/api/v1/store/stores/ALPHA/jobs/{job['id']}/")
    assert progress.status_code == 200
    assert (progress.json()["status"], progress.json()["percent"], progress.json()["finished"]) == ("done", 100, True)
    assert progress.json()["result"] == {"changed": 3}
    with tenant_a:
        assert set(Product.objects.values_list("status", flat=True)) == {"active"}


def test_bulk_input_errors_and_permissions(tenant_a):
    product = make_product(tenant_a, "BULK-X")
    editor = client_for(tenant_a, Role.EDITOR)
    url = f"{A}/products/bulk/"
    unknown = editor.post(url, {"action": "explode", "product_ids": [product.pk]}, content_type=JSON)
    assert unknown.status_code == 400 and "action" in unknown.json()["fields"]
    zero = editor.post(
        url, {"action": "price_percent", "params": {"percent": "0"}, "product_ids": [product.pk]}, content_type=JSON
    )
    assert zero.status_code == 400 and zero.json()["code"] == "bulk_action_invalid"
    empty = editor.post(url, {"action": "activate", "product_ids": []}, content_type=JSON)
    assert empty.status_code == 400 and "product_ids" in empty.json()["fields"]
    # an editor may edit but not delete
    delete = editor.post(url, {"action": "delete", "product_ids": [product.pk]}, content_type=JSON)
    assert delete.status_code == 403 and delete.json()["code"] == "permission_denied"
    with tenant_a:
        assert Product.objects.filter(pk=product.pk).exists()


def test_job_of_another_store_is_404(tenant_a, django_capture_on_commit_callbacks):
    product = make_product(tenant_a, "JOB-1")
    owner = client_for(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        job = owner.post(
            f"{A}/products/bulk/", {"action": "feature", "product_ids": [product.pk]}, content_type=JSON
        ).json()
    assert owner.get(f"/api/v1/store/stores/ALPHA/jobs/{job['id']}/").status_code == 200
    assert owner.get(f"/api/v1/store/stores/ALPHA2/jobs/{job['id']}/").status_code == 404
    assert owner.get(f"/api/v1/store/stores/ALPHA/jobs/{2**70}/").status_code == 404


def test_bulk_parameters_of_the_wrong_type_are_field_errors(tenant_a):
    # given a product and an editor
    product = make_product(tenant_a, "BULK-TYPE")
    editor = client_for(tenant_a, Role.EDITOR)
    url = f"{A}/products/bulk/"

    for params in ({"category_id": "abc"}, {"category_id": [1]}, {"category_id": True}, {"category_id": -3}):
        # when a category id that is no id is sent
        response = editor.post(
            url, {"action": "set_category", "params": params, "product_ids": [product.pk]}, content_type=JSON
        )

        # then it is a 400 on that field, and nothing is queued
        assert response.status_code == 400, (params, response.content)
        assert response.json()["code"] == "bulk_action_invalid"
        assert "category_id" in response.json()["fields"]
