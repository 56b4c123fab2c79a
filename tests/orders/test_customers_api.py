"""The store API's customers: list with filters, create, read, change, addresses; bad input, roles,
another merchant's ids, the list's queries."""

from __future__ import annotations

from apps.core.roles import Role
from apps.orders.models import Customer
from apps.orders.services import customer_records

from ..catalog.store_api import JSON, client_for
from .factories import ADDRESS

A = "/api/v1/store/stores/ALPHA/customers/"
B = "/api/v1/store/stores/BETA/customers/"


def make(tenant, email="anna@example.lu", **data):
    with tenant:
        return customer_records.customer_create(store=tenant.store, actor=None, data={"email": email, **data})


def test_create_read_change_list(tenant_a):
    client = client_for(tenant_a, Role.MANAGER)
    created = client.post(
        A, {"email": "nora@example.lu", "first_name": "Nora", "phone": "621000111"}, content_type=JSON
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"].startswith("C-") and body["phone"] == "+352621000111" and body["addresses"] == []
    pk = body["id"]
    changed = client.patch(f"{A}{pk}/", {"marketing_consent": True, "notes": "VIP"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["marketing_consent_at"]
    address = client.post(f"{A}{pk}/addresses/", ADDRESS, content_type=JSON)
    assert address.status_code == 201 and address.json()["is_default_billing"] is True
    address_id = address.json()["id"]
    moved = client.patch(f"{A}{pk}/addresses/{address_id}/", {"city": "Esch-sur-Alzette"}, content_type=JSON)
    assert moved.status_code == 200 and moved.json()["city"] == "Esch-sur-Alzette"
    assert moved.json()["line1"] == ADDRESS["line1"]
    assert client.get(f"{A}{pk}/").json()["addresses"][0]["country"] == "LU"
    listed = client.get(A, {"q": "nora", "marketing": "true", "ordering": "last_order"}).json()
    assert [c["id"] for c in listed["results"]] == [pk]
    assert client.delete(f"{A}{pk}/addresses/{address_id}/").status_code == 204
    assert client.get(f"{A}{pk}/addresses/").json() == []


def test_bad_input_answers_the_common_error_format(tenant_a):
    make(tenant_a)
    client = client_for(tenant_a, Role.OWNER)
    taken = client.post(A, {"email": "Anna@EXAMPLE.lu"}, content_type=JSON)
    assert taken.status_code == 409 and taken.json()["code"] == "customer_email_taken"
    phone = client.post(A, {"email": "x@example.lu", "phone": "0"}, content_type=JSON)
    assert phone.status_code == 400 and "phone" in phone.json()["fields"]
    assert client.post(A, {"email": "not mail"}, content_type=JSON).status_code == 400
    assert client.get(A, {"has_orders": "maybe"}).status_code == 400
    assert client.get(A, {"ordering": "x"}).status_code == 400
    assert client.get(A, {"page": "99"}).status_code == 404
    assert not Customer.objects.using("default").filter(email="x@example.lu").exists()


def test_roles(tenant_a):
    customer = make(tenant_a)
    viewer = client_for(tenant_a, Role.VIEWER)
    assert viewer.get(f"{A}{customer.pk}/").status_code == 200
    assert viewer.patch(f"{A}{customer.pk}/", {"notes": "x"}, content_type=JSON).status_code == 403
    assert viewer.post(A, {"email": "v@example.lu"}, content_type=JSON).status_code == 403


def test_another_merchant_sees_none(tenant_a, tenant_b):
    customer = make(tenant_a)
    b = client_for(tenant_b)
    assert b.get(f"{B}{customer.pk}/").status_code == 404
    assert b.patch(f"{B}{customer.pk}/", {"notes": "x"}, content_type=JSON).status_code == 404
    assert b.get(f"{B}{customer.pk}/addresses/").status_code == 404
    assert b.get(B).json()["count"] == 0
    # A's store code on B's domain is not B's store
    assert b.get(f"{A}{customer.pk}/").status_code == 404


def test_list_query_count_is_constant(tenant_a, queries):
    client = client_for(tenant_a, Role.MANAGER)
    make(tenant_a, "one@example.lu")
    few = queries.of_get(client, A).count
    for n in range(8):
        make(tenant_a, f"c{n}@example.lu")
    assert queries.of_get(client, A).count == few
    assert few <= 8, few
