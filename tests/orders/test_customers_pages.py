"""The customer pages per role, with bad input, another merchant's ids and the list's queries."""

from __future__ import annotations

from apps.core.roles import Role
from apps.orders.models import Customer
from apps.orders.services import customer_records

from .factories import ADDRESS

BASE = "/store/ALPHA/orders/customers/"


def make(tenant, email="anna@example.lu", **data):
    with tenant:
        return customer_records.customer_create(store=tenant.store, actor=None, data={"email": email, **data})


def form(**overrides):
    data = {
        "email": "new@example.lu",
        "first_name": "Nora",
        "last_name": "Schmit",
        "phone": "+352 621 000 111",
        "language": "fr",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_manager_adds_edits_and_sees_a_customer(tenant_a):
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    assert b"No customers yet" in client.get(BASE).content
    response = client.post(f"{BASE}add/", form(marketing_consent="on"))
    assert response.status_code == 302
    with tenant_a:
        customer = Customer.objects.get(email="new@example.lu")
        assert customer.marketing_consent_at is not None
    page = client.get(f"{BASE}{customer.pk}/")
    assert page.status_code == 200 and customer.display_number.encode() in page.content
    assert client.post(f"{BASE}{customer.pk}/edit/", form(notes="Prefers pickup")).status_code == 302
    assert client.post(f"{BASE}{customer.pk}/addresses/add/", ADDRESS).status_code == 302
    page = client.get(f"{BASE}{customer.pk}/")
    assert b"Prefers pickup" in page.content and b"12 rue de la Gare" in page.content
    assert b"Default shipping" in page.content
    with tenant_a:
        address = customer.addresses.get()
    assert client.post(f"{BASE}{customer.pk}/addresses/{address.pk}/", {**ADDRESS, "city": "Esch"}).status_code == 302
    assert client.post(f"{BASE}{customer.pk}/addresses/{address.pk}/delete/").status_code == 302
    with tenant_a:
        assert not customer.addresses.exists()


def test_bad_input_is_shown_on_the_form(tenant_a):
    make(tenant_a)
    client = tenant_a.client(tenant_a.owner())
    taken = client.post(f"{BASE}add/", form(email="ANNA@example.lu"))
    assert taken.status_code == 400 and "email" in taken.context["form"].errors
    bad_phone = client.post(f"{BASE}add/", form(phone="12345"))
    assert bad_phone.status_code == 400 and "phone" in bad_phone.context["form"].errors
    customer = make(tenant_a, "ben@example.lu")
    bad_phone = client.post(f"{BASE}{customer.pk}/addresses/add/", {**ADDRESS, "phone": "x"})
    assert bad_phone.status_code == 400 and "phone" in bad_phone.context["form"].errors
    bad_country = client.post(f"{BASE}{customer.pk}/addresses/add/", {**ADDRESS, "country": "QQ"})
    assert bad_country.status_code == 400 and "country" in bad_country.context["form"].errors


def test_roles(tenant_a):
    customer = make(tenant_a)
    cashier = tenant_a.client(tenant_a.member(Role.CASHIER))
    assert cashier.get(BASE).status_code == 200
    assert cashier.get(f"{BASE}{customer.pk}/").status_code == 200
    assert cashier.post(f"{BASE}{customer.pk}/edit/", form()).status_code == 302  # cashiers keep records
    viewer = tenant_a.client(tenant_a.member(Role.VIEWER))
    assert viewer.get(BASE).status_code == 200
    assert viewer.get(f"{BASE}add/").status_code == 403
    assert viewer.post(f"{BASE}{customer.pk}/edit/", form()).status_code == 403
    assert tenant_a.client().get(BASE).status_code == 302  # signed out: to the sign-in


def test_staff_of_another_store_of_the_merchant_see_the_customer(tenant_a):
    customer = make(tenant_a)
    other = tenant_a.stores["ALPHA2"]
    client = tenant_a.client(tenant_a.member(Role.MANAGER, store=other), host=other.subdomain)
    assert client.get(f"/store/ALPHA2/orders/customers/{customer.pk}/").status_code == 200


def test_another_merchants_customer_is_not_found(tenant_a, tenant_b):
    customer = make(tenant_a)
    b_client = tenant_b.client(tenant_b.owner())
    assert b_client.get(f"/store/BETA/orders/customers/{customer.pk}/").status_code == 404
    assert customer.email.encode() not in b_client.get("/store/BETA/orders/customers/").content
    # B's session on A's domain is no member there
    assert tenant_b.client(tenant_b.owner(), host=tenant_a.host).get(f"{BASE}{customer.pk}/").status_code in (
        302,
        403,
        404,
    )


def test_list_filters_and_query_count(tenant_a, queries):
    for n in range(3):
        make(tenant_a, f"c{n}@example.lu", first_name=f"Name{n}")
    client = tenant_a.client(tenant_a.owner())
    page = client.get(BASE, {"q": "name1", "marketing": "no", "sort": "spend"})
    assert [c.first_name for c in page.context["customers"]] == ["Name1"]
    assert client.get(BASE, {"has_orders": "bogus", "country": "??"}).status_code == 200
    few = queries.of_get(client, BASE).count
    for n in range(3, 10):
        make(tenant_a, f"c{n}@example.lu")
    assert queries.of_get(client, BASE).count == few
