"""Shipping methods: the service's rules and the settings page per role."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.core.errors import NotFound, ValidationFailed
from apps.core.roles import Role
from apps.orders import selectors
from apps.orders.models import ShippingMethod
from apps.orders.services import shipping_methods
from apps.orders.shipping import shipping_quote

BASE = "/store/ALPHA/orders/settings/shipping/"


def create(store, **data):
    return shipping_methods.shipping_method_create(store=store, actor=None, data={"name": "Post", **data})


def test_flat_free_above_pickup_and_weight_bands(tenant_a):
    with tenant_a:
        store = tenant_a.store
        flat = create(store, zone="lu", price="4,90", free_above="60")
        assert (flat.price, flat.free_above, flat.position) == (Decimal("4.90"), Decimal("60"), 1)
        pickup = create(store, kind="pickup", zone="eu", pickup_instructions="Shop, Mon-Sat 10-18")
        assert pickup.zone == "" and pickup.is_pickup and pickup.position == 2
        weight = create(
            store,
            kind="weight",
            zone="neighbours",
            weight_rates=[{"up_to_grams": "2000", "price": "6.9"}, {"up_to_grams": 5000, "price": "9.90"}],
        )
        assert weight.weight_rates == [{"up_to_grams": 2000, "price": "6.90"}, {"up_to_grams": 5000, "price": "9.90"}]
        assert shipping_quote(weight, weight_grams=3000, country="DE") == Decimal("9.90")
        shipping_methods.shipping_method_set_active(store=store, actor=None, method=flat, active=False)
        assert list(selectors.shipping_method_list(store=store, active_only=True)) == [pickup, weight]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"zone": "mars"}, "zone"),
        ({"zone": "lu", "price": "abc"}, "price"),
        ({"zone": "lu", "price": "-1"}, "price"),
        ({"zone": "lu", "price": "1.999"}, "price"),
        ({"zone": "lu", "price": "1e3"}, "price"),
        ({"zone": "lu", "free_above": "lots"}, "free_above"),
        ({"zone": "lu", "name": ""}, "name"),
        ({"zone": "lu", "kind": "drone"}, "kind"),
        ({"zone": "lu", "kind": "weight", "weight_rates": []}, "weight_rates"),
        (
            {
                "zone": "lu",
                "kind": "weight",
                "weight_rates": [{"up_to_grams": 5000, "price": "9"}, {"up_to_grams": 2000, "price": "6"}],
            },
            "weight_rates",
        ),
        ({"zone": "lu", "kind": "weight", "weight_rates": [{"up_to_grams": "x", "price": "6"}]}, "weight_rates"),
        ({"zone": "lu", "kind": "weight", "weight_rates": "2000=6"}, "weight_rates"),
    ],
)
def test_bad_input_is_refused_by_field(tenant_a, data, field):
    with tenant_a:
        with pytest.raises(ValidationFailed) as refused:
            shipping_methods.shipping_method_create(store=tenant_a.store, actor=None, data={"name": "Post", **data})
        assert field in refused.value.fields
        assert not ShippingMethod.objects.exists()


def test_other_stores_methods_are_not_found(tenant_a, tenant_b):
    with tenant_a:
        method = create(tenant_a.store, zone="lu", price="5")
        with pytest.raises(NotFound):
            selectors.shipping_method_get(store=tenant_a.stores["ALPHA2"], method_id=method.pk)
        assert not selectors.shipping_method_list(store=tenant_a.stores["ALPHA2"]).exists()
    with tenant_b:
        assert not selectors.shipping_method_list(store=tenant_b.store).exists()
    assert (
        tenant_b.client(tenant_b.owner()).get(f"/store/BETA/orders/settings/shipping/{method.pk}/").status_code == 404
    )


def test_settings_page_per_role(tenant_a):
    manager = tenant_a.client(tenant_a.member(Role.MANAGER))
    assert b"No shipping methods yet" in manager.get(BASE).content
    form = {"name": "Post LU", "kind": "flat", "zone": "lu", "price": "4.90", "free_above": "", "weight_rates": ""}
    assert manager.post(BASE, form).status_code == 302
    with tenant_a:
        method = ShippingMethod.objects.get()
    bad = manager.post(BASE, {**form, "kind": "weight", "weight_rates": "5000 = 9.90\n2000 = 6.90"})
    assert bad.status_code == 400 and "weight_rates" in bad.context["form"].errors
    bad = manager.post(BASE, {**form, "price": "cheap"})
    assert bad.status_code == 400 and "price" in bad.context["form"].errors
    edit = manager.post(f"{BASE}{method.pk}/", {**form, "kind": "weight", "weight_rates": "2000 = 6,90\n5000 g: 9.90"})
    assert edit.status_code == 302
    assert manager.post(f"{BASE}{method.pk}/toggle/").status_code == 302
    with tenant_a:
        method.refresh_from_db()
        assert method.kind == "weight" and method.weight_rates[0] == {"up_to_grams": 2000, "price": "6.90"}
        assert not method.is_active
    assert b"Deactivated" in manager.get(BASE).content
    editor = tenant_a.client(tenant_a.member(Role.EDITOR))
    assert editor.get(BASE).status_code == 200
    assert editor.post(BASE, form).status_code == 403
    assert editor.get(f"{BASE}{method.pk}/").status_code == 403
    settings_page = manager.get("/store/ALPHA/settings/")
    assert BASE.encode() in settings_page.content
