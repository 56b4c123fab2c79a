"""Who may use the catalog's store pages: every role, and isolation between stores and merchants,
whatever the URL or input."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from apps.catalog.models import Category, InventoryItem, Product, StockMovement
from apps.core.roles import Role

from .store_pages import BASE, make_category, make_product, messages_of, product_form_data

# --- Roles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.OWNER, 200), (Role.MANAGER, 200), (Role.EDITOR, 200), (Role.VIEWER, 200), (Role.CASHIER, 200)],
)
def test_every_staff_role_and_cashier_can_look(tenant_a, role, status):
    product = make_product(tenant_a, "LOOK-1")
    client = tenant_a.client(tenant_a.member(role))
    for path in (BASE, f"{BASE}products/{product.pk}/", f"{BASE}categories/", f"{BASE}inventory/"):
        assert client.get(path).status_code == status, path


def test_viewer_sees_no_edit_controls_and_cannot_post(tenant_a):
    # given a viewer and a product
    product = make_product(tenant_a, "VIEW-1", price="5.00")
    client = tenant_a.client(tenant_a.member(Role.VIEWER))

    # when the viewer opens the product, then the form is read-only and offers no save
    page = client.get(f"{BASE}products/{product.pk}/")
    assert page.status_code == 200
    assert page.context["read_only"] is True
    assert b"Save product" not in page.content
    listing = client.get(BASE)
    assert not listing.context["can"]["product_create"] and b"Add product" not in listing.content
    assert b'name="ids"' not in listing.content  # no bulk selection either
    categories = client.get(f"{BASE}categories/")
    assert categories.status_code == 200 and not categories.context["can"]["category_create"]
    assert b'id="add-title"' not in categories.content

    # when the viewer posts anyway, then every write is refused
    assert client.post(f"{BASE}products/{product.pk}/", product_form_data(sku="VIEW-1")).status_code == 403
    assert client.get(f"{BASE}products/add/").status_code == 403
    assert client.post(f"{BASE}products/add/", product_form_data()).status_code == 403
    assert client.post(f"{BASE}products/bulk/", {"action": "archive", "ids": [product.pk]}).status_code == 403
    assert client.post(f"{BASE}products/{product.pk}/delete/").status_code == 403
    assert client.post(f"{BASE}categories/add/", {"name_en": "Nope"}).status_code == 403
    with tenant_a:
        variant_id = product.variants.get().pk
    adjust = client.post(f"{BASE}inventory/{variant_id}/adjust/", {"adjust-delta": "1", "adjust-reason": "received"})
    assert adjust.status_code == 403
    with tenant_a:
        product.refresh_from_db()
        assert product.price == Decimal("5.00")
        assert InventoryItem.objects.get(variant_id=variant_id).quantity == 5


def test_cashier_can_adjust_stock_but_not_edit_products(tenant_a):
    product = make_product(tenant_a, "CASH-1", stock=2)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = tenant_a.client(tenant_a.member(Role.CASHIER))

    response = client.post(
        f"{BASE}inventory/{variant_id}/adjust/",
        {"adjust-delta": "4", "adjust-reason": "received", "adjust-note": "Delivery 12"},
    )

    assert response.status_code == 302
    with tenant_a:
        assert InventoryItem.objects.get(variant_id=variant_id).quantity == 6
        movement = StockMovement.objects.filter(item__variant_id=variant_id, reason="received").latest("id")
        assert (movement.delta, movement.note, movement.actor_email) == (4, "Delivery 12", "cashier-alpha@m-alpha.test")
    assert client.post(f"{BASE}products/{product.pk}/", product_form_data(sku="CASH-1")).status_code == 403


def test_cost_price_is_hidden_from_cashiers_in_the_form_and_export(tenant_a):
    # given a product with a cost price
    product = make_product(tenant_a, "COST-1", cost_price="4.00")
    cashier = tenant_a.client(tenant_a.member(Role.CASHIER))
    viewer = tenant_a.client(tenant_a.member(Role.VIEWER))

    # when a viewer and a cashier open the product, then only the viewer sees the cost price
    seen = viewer.get(f"{BASE}products/{product.pk}/")
    assert "cost_price" in seen.context["form"].fields and b'name="cost_price"' in seen.content
    hidden = cashier.get(f"{BASE}products/{product.pk}/")
    assert hidden.status_code == 200
    assert "cost_price" not in hidden.context["form"].fields
    assert b"cost_price" not in hidden.content and b"Cost price" not in hidden.content

    # and only the viewer's export has the column
    def export(client):
        response = client.get(f"{BASE}products/export.csv")
        return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert export(viewer)[0]["cost_price"] == "4.00"
    rows = export(cashier)
    assert rows[0]["sku"] == "COST-1" and "cost_price" not in rows[0]


def test_editor_cannot_delete(tenant_a):
    product = make_product(tenant_a, "ED-1")
    category = make_category(tenant_a, "Keep")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))

    assert b"Delete product" not in client.get(f"{BASE}products/{product.pk}/").content
    assert client.post(f"{BASE}products/{product.pk}/delete/").status_code == 403
    assert client.post(f"{BASE}products/bulk/", {"action": "delete", "ids": [product.pk]}).status_code == 403
    assert client.post(f"{BASE}categories/{category.pk}/delete/").status_code == 403
    with tenant_a:
        assert Product.objects.filter(pk=product.pk).exists()
        assert Category.objects.filter(pk=category.pk).exists()


def test_manager_deletes_a_product(tenant_a):
    product = make_product(tenant_a, "DEL-1")
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    response = client.post(f"{BASE}products/{product.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == BASE
    assert any("was deleted" in m for m in messages_of(response))
    with tenant_a:
        assert not Product.objects.filter(pk=product.pk).exists()


def test_anonymous_is_sent_to_login(tenant_a):
    response = tenant_a.client().get(BASE)
    assert response.status_code == 302 and "/store/ALPHA/login/" in response["Location"]


# --- Isolation ------------------------------------------------------------------------------------


def test_another_merchants_objects_are_404_on_its_own_domain(tenant_a, tenant_b):
    # given a product, image-less variant and category of merchant A
    product = make_product(tenant_a, "SECRET-1")
    category = make_category(tenant_a, "Secret")
    with tenant_a:
        variant_id = product.variants.get().pk
    # when B's owner uses A's ids on B's domain and store
    client = tenant_b.client(tenant_b.owner())
    base = "/store/BETA/catalog/"
    for path in (
        f"{base}products/{product.pk}/",
        f"{base}products/{product.pk}/variants/add/",
        f"{base}categories/{category.pk}/",
        f"{base}inventory/{variant_id}/",
    ):
        assert client.get(path).status_code == 404, path
    for path, data in (
        (f"{base}products/{product.pk}/", product_form_data(sku="HACK")),
        (f"{base}products/{product.pk}/delete/", {}),
        (f"{base}products/{product.pk}/images/", {}),
        (f"{base}categories/{category.pk}/delete/", {}),
        (f"{base}inventory/{variant_id}/adjust/", {"adjust-delta": "5", "adjust-reason": "received"}),
    ):
        assert client.post(path, data).status_code == 404, path
    # then A's data is untouched, and B's list does not show it
    assert client.get(base).context["page"].paginator.count == 0
    with tenant_a:
        assert Product.objects.get(pk=product.pk).sku == "SECRET-1"
        assert InventoryItem.objects.get(variant_id=variant_id).quantity == 5


def test_another_store_of_the_same_merchant_is_separate(tenant_a):
    product = make_product(tenant_a, "STORE1-1")
    second = tenant_a.stores["ALPHA2"]
    client = tenant_a.client(tenant_a.owner(), host=second.subdomain)
    assert client.get(f"/store/ALPHA2/catalog/products/{product.pk}/").status_code == 404
    assert client.get("/store/ALPHA2/catalog/").context["page"].paginator.count == 0


def test_odd_urls_and_input_never_give_a_500(tenant_a):
    product = make_product(tenant_a, "ODD-1")
    client = tenant_a.client(tenant_a.owner())
    huge = "9" * 25
    for path in (
        f"{BASE}products/{huge}/",
        f"{BASE}products/{product.pk}/variants/{huge}/",
        f"{BASE}categories/{huge}/",
        f"{BASE}inventory/{huge}/",
        f"{BASE}jobs/{huge}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{BASE}products/{product.pk}/images/{huge}/move/up/").status_code == 302
    assert client.post(f"{BASE}products/{product.pk}/images/1/move/sideways/").status_code == 302
    assert client.post(f"{BASE}categories/{huge}/up/").status_code == 404
    assert client.post(f"{BASE}products/{product.pk}/images/").status_code == 302  # no file chosen
    odd = client.post(f"{BASE}products/add/", product_form_data(weight_grams="-4", vat_rate="99", intent="gone"))
    assert odd.status_code == 400
    assert {"weight_grams", "vat_rate", "intent"} <= set(odd.context["form"].errors)
    assert client.get(BASE, {"page": huge, "category": huge}).status_code == 200
