"""Discount codes as the merchant sets them up: the service's rules, the states, the uses, the
pages per role and another store's codes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import Conflict, NotFound, ValidationFailed
from apps.core.roles import Role
from apps.orders import selectors
from apps.orders.models import DiscountCode
from apps.orders.services import discount_codes

from ..catalog.store_pages import make_category, make_product
from .factories import place, variant

BASE = "/store/ALPHA/orders/discounts/"


def create(store, **data):
    return discount_codes.discount_code_create(
        store=store, actor=None, data={"code": "summer10", "kind": "percentage", "value": "10", **data}
    )


def test_create_update_pause_resume(tenant_a):
    with tenant_a:
        store = tenant_a.store
        code = create(store, min_order_value="20,50", max_uses=5, max_uses_per_customer="1")
        assert (code.code, code.value, code.min_order_value, code.is_active) == (
            "SUMMER10",
            Decimal("10"),
            Decimal("20.50"),
            True,
        )
        discount_codes.discount_code_pause(store=store, actor=None, discount=code)
        assert selectors.discount_code_state(DiscountCode.objects.get(), now=timezone.now()) == "paused"
        discount_codes.discount_code_resume(store=store, actor=None, discount=code)
        free = create(store, code="FREESHIP", kind="free_shipping", value="", applies_to="products")
        assert (free.value, free.applies_to) == (Decimal("0"), "order")
        category = make_category(tenant_a, "Wine")
        product = make_product(tenant_a, "WINE-1")
        updated = discount_codes.discount_code_update(
            store=store,
            actor=None,
            discount=code,
            data={
                "code": "Summer10",
                "kind": "fixed",
                "value": "5",
                "applies_to": "categories",
                "category_ids": [category.pk],
            },
        )
        assert [c.pk for c in updated.categories.all()] == [category.pk]
        by_product = create(store, code="WINE", applies_to="products", product_ids=[product.pk])
        assert [p.pk for p in by_product.products.all()] == [product.pk]


def test_code_unique_per_store_in_any_case(tenant_a):
    with tenant_a:
        create(tenant_a.store)
        with pytest.raises(Conflict) as taken:
            create(tenant_a.store, code="Summer10")
        assert taken.value.code == "discount_code_taken"
        create(tenant_a.stores["ALPHA2"], code="SUMMER10")  # another store may


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code": "a"}, "code"),
        ({"code": "no spaces"}, "code"),
        ({"value": "150"}, "value"),
        ({"value": "0"}, "value"),
        ({"value": "ten"}, "value"),
        ({"kind": "fixed", "value": ""}, "value"),
        ({"kind": "fixed", "value": "-5"}, "value"),
        ({"kind": "gift"}, "kind"),
        ({"applies_to": "everything"}, "applies_to"),
        ({"applies_to": "categories", "category_ids": []}, "category_ids"),
        ({"applies_to": "categories", "category_ids": [999999]}, "category_ids"),
        ({"applies_to": "products", "product_ids": ["x"]}, "product_ids"),
        ({"min_order_value": "1e3"}, "min_order_value"),
        ({"max_uses": "0"}, "max_uses"),
        ({"max_uses_per_customer": "one"}, "max_uses_per_customer"),
        ({"starts_at": "tomorrow"}, "starts_at"),
    ],
)
def test_bad_input_is_refused_by_field(tenant_a, data, field):
    with tenant_a:
        with pytest.raises(ValidationFailed) as refused:
            create(tenant_a.store, **data)
        assert field in refused.value.fields
        assert not DiscountCode.objects.exists()


def test_end_before_start_and_total_below_uses(tenant_a):
    now = timezone.now()
    with tenant_a:
        with pytest.raises(ValidationFailed) as refused:
            create(tenant_a.store, starts_at=now, ends_at=now - timedelta(days=1))
        assert "ends_at" in refused.value.fields
        code = create(tenant_a.store)
        DiscountCode.objects.filter(pk=code.pk).update(uses=3)
        with pytest.raises(ValidationFailed) as refused:
            discount_codes.discount_code_update(
                store=tenant_a.store, actor=None, discount=code, data={"code": "SUMMER10", "value": "10", "max_uses": 2}
            )
        assert "max_uses" in refused.value.fields


def test_states(tenant_a):
    now = timezone.now()
    with tenant_a:
        store = tenant_a.store
        states = {
            create(store, code="NOW").code: "active",
            create(store, code="LATER", starts_at=now + timedelta(days=1)).code: "scheduled",
            create(
                store, code="GONE", ends_at=now - timedelta(seconds=1), starts_at=now - timedelta(days=2)
            ).code: "expired",
        }
        used = create(store, code="ONCE", max_uses=1)
        DiscountCode.objects.filter(pk=used.pk).update(uses=1)
        states["ONCE"] = "used_up"
        for code in selectors.discount_code_list(store=store):
            assert selectors.discount_code_state(code, now=now) == states[code.code]


def test_pages_show_uses_and_roles(tenant_a):
    with tenant_a:
        store = tenant_a.store
        code = create(store)
        order = place(store, [(variant(store, price="50.00"), 1)], discount_code="summer10")
        assert order.discount_total == Decimal("5.00")
    manager = tenant_a.client(tenant_a.member(Role.MANAGER))
    listing = manager.get(BASE)
    assert b"SUMMER10" in listing.content and b"Active" in listing.content
    page = manager.get(f"{BASE}{code.pk}/")
    assert order.number.encode() in page.content and b"5.00" in page.content
    form = {"code": "WINTER", "kind": "percentage", "value": "15", "applies_to": "order", "products": ""}
    assert manager.post(f"{BASE}add/", form).status_code == 302
    bad = manager.post(f"{BASE}add/", {**form, "code": "winter"})
    assert bad.status_code == 400 and "code" in bad.context["form"].errors
    bad = manager.post(f"{BASE}add/", {**form, "code": "WIN2", "value": "150"})
    assert bad.status_code == 400 and "value" in bad.context["form"].errors
    bad = manager.post(f"{BASE}add/", {**form, "code": "WIN3", "starts_on": "2030-02-01", "ends_on": "2030-01-01"})
    assert bad.status_code == 400 and "ends_on" in bad.context["form"].errors
    bad = manager.post(f"{BASE}add/", {**form, "code": "WIN4", "applies_to": "products", "products": "NOPE-1"})
    assert bad.status_code == 400 and "products" in bad.context["form"].errors
    assert (
        manager.post(
            f"{BASE}add/", {**form, "code": "WIN5", "starts_on": "2030-01-01", "ends_on": "2030-01-31"}
        ).status_code
        == 302
    )
    with tenant_a:
        w5 = DiscountCode.objects.get(code="WIN5")
        assert (w5.ends_at - w5.starts_at) == timedelta(days=31)
    edit = manager.get(f"{BASE}{w5.pk}/")
    assert edit.context["form"].initial["ends_on"].isoformat() == "2030-01-31"
    assert manager.post(f"{BASE}{code.pk}/pause/").status_code == 302
    assert b"Paused" in manager.get(BASE).content
    editor = tenant_a.client(tenant_a.member(Role.EDITOR))
    assert editor.get(BASE).status_code == 200
    assert editor.get(f"{BASE}add/").status_code == 403
    assert editor.post(f"{BASE}{code.pk}/pause/").status_code == 403


def test_other_stores_codes_stay_invisible(tenant_a, tenant_b):
    with tenant_a:
        code = create(tenant_a.store)
        with pytest.raises(NotFound):
            selectors.discount_code_get(store=tenant_a.stores["ALPHA2"], code_id=code.pk)
        assert not selectors.discount_code_list(store=tenant_a.stores["ALPHA2"]).exists()
    with tenant_b:
        assert not selectors.discount_code_list(store=tenant_b.store).exists()
    b = tenant_b.client(tenant_b.owner())
    assert b.get(f"/store/BETA/orders/discounts/{code.pk}/").status_code == 404
    assert b.post(f"/store/BETA/orders/discounts/{code.pk}/pause/").status_code == 404
