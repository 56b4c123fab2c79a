"""A store's code is fixed once the store exists: it names the store's subdomain, its back-office
paths and prefixes its order numbers. Admin, the model and the database all refuse a change, so
the store's address can never break silently."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from apps.tenancy.models import Store


@pytest.fixture
def admin_client(platform_admin):
    client = Client(HTTP_HOST="testserver.local")
    client.force_login(platform_admin)
    return client


def test_the_model_refuses_a_new_code(tenant_a):
    store = Store.objects.get(code="ALPHA")
    store.code = "OMEGA"
    with pytest.raises(ValidationError) as excinfo:
        store.full_clean()
    assert "code" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        store.save()
    assert Store.objects.get(pk=store.pk).code == "ALPHA"
    # other changes still save
    store = Store.objects.get(code="ALPHA")
    store.name = "Alpha renamed"
    store.save()
    store.full_clean()


def test_the_database_refuses_a_new_code_from_any_path(tenant_a):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Store.objects.filter(code="ALPHA").update(code="OMEGA")
    assert excinfo.value.__cause__.diag.constraint_name == "store_code_fixed"
    assert Store.objects.filter(code="ALPHA").exists()


def test_admin_shows_the_code_but_cannot_change_it(tenant_a, admin_client):
    store = tenant_a.store
    url = f"/admin/tenancy/store/{store.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="code"' not in page and "ALPHA" in page
    response = admin_client.post(
        url,
        {
            "code": "OMEGA",
            "merchant": store.merchant_id,
            "name": "Alpha",
            "is_active": "on",
            "language": "en",
            "time_zone": "Europe/Luxembourg",
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Store.objects.get(pk=store.pk).code == "ALPHA"
    # the store keeps answering at its address, and no other address appeared
    assert Client(HTTP_HOST="alpha.testserver.local").get("/").status_code == 200
    assert Client(HTTP_HOST="omega.testserver.local").get("/").status_code == 404


def test_merchant_admin_inline_cannot_change_a_code(tenant_a, admin_client):
    merchant = tenant_a.merchant
    stores = list(merchant.stores.order_by("id"))
    data = {
        "name": merchant.name,
        "contact_email": merchant.contact_email,
        "is_active": "on",
        "stores-TOTAL_FORMS": str(len(stores)),
        "stores-INITIAL_FORMS": str(len(stores)),
    }
    for i, store in enumerate(stores):
        data.update(
            {
                f"stores-{i}-id": store.pk,
                f"stores-{i}-merchant": merchant.pk,
                f"stores-{i}-code": f"NEW{i}",
                f"stores-{i}-name": store.name,
                f"stores-{i}-is_active": "on",
                f"stores-{i}-language": store.language,
            }
        )
    response = admin_client.post(f"/admin/tenancy/merchant/{merchant.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert sorted(merchant.stores.values_list("code", flat=True)) == ["ALPHA", "ALPHA2"]
