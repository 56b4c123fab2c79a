"""Variants on the product page: add, edit, delete, options and bounds."""

from __future__ import annotations

from decimal import Decimal

from apps.catalog import limits, services
from apps.catalog.models import OptionType, OptionValue, Variant
from apps.core.roles import Role

from .store_pages import BASE, make_product, messages_of


def test_variants_add_edit_delete(tenant_a):
    product = make_product(tenant_a, "TEE")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    add = f"{BASE}products/{product.pk}/variants/add/"

    response = client.post(
        add,
        {
            "sku": "TEE-XL",
            "barcode": "5412345000013",
            "price": "21.00",
            "stock": "7",
            "option_0_name": "Size",
            "option_0_value": "XL",
            "option_1_name": "Colour",
            "option_1_value": "Red",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    with tenant_a:
        variant = Variant.objects.get(sku="TEE-XL")
        assert variant.price == Decimal("21.00") and variant.inventory.quantity == 7
        assert sorted(str(v.value) for v in variant.option_values.all()) == ["Red", "XL"]

    # a duplicate SKU is refused on the field
    dup = client.post(add, {"sku": "tee", "price": ""})
    assert dup.status_code == 400 and dup.context["form"].errors["sku"]
    # half an option is refused
    half = client.post(add, {"sku": "TEE-S", "option_0_name": "Size"})
    assert half.status_code == 400 and half.context["form"].errors["option_0_value"]

    edit = client.post(
        f"{BASE}products/{product.pk}/variants/{variant.pk}/",
        {"sku": "TEE-XXL", "barcode": "", "price": "", "option_0_name": "Size", "option_0_value": "XXL"},
    )
    assert edit.status_code == 302
    with tenant_a:
        variant.refresh_from_db()
        assert (variant.sku, variant.price) == ("TEE-XXL", None)
        assert [str(v.value) for v in variant.option_values.all()] == ["XXL"]

    # deleting a variant (and its stock history) is for owners and managers, as through the API
    assert client.post(f"{BASE}products/{product.pk}/variants/{variant.pk}/delete/").status_code == 403
    manager = tenant_a.client(tenant_a.member(Role.MANAGER))
    manager.post(f"{BASE}products/{product.pk}/variants/{variant.pk}/delete/")
    with tenant_a:
        last = product.variants.get()
    # the last variant stays, with a message
    refused = manager.post(f"{BASE}products/{product.pk}/variants/{last.pk}/delete/", follow=True)
    assert "A product needs at least one variant." in messages_of(refused)
    with tenant_a:
        assert list(product.variants.values_list("sku", flat=True)) == ["TEE"]


def test_variant_form_reuses_options_whatever_their_case(tenant_a, monkeypatch):
    # given an option Size with the value XL, in English and French
    product = make_product(tenant_a, "CAP")
    with tenant_a:
        size = services.option_type_create(
            store=tenant_a.store, actor=None, name={"en": "Size", "fr": "Taille"}, values=[{"en": "XL"}]
        )
    client = tenant_a.client(tenant_a.member(Role.EDITOR))
    add = f"{BASE}products/{product.pk}/variants/add/"

    # when a variant names it in other cases or its French name
    response = client.post(add, {"sku": "CAP-XL", "option_0_name": "taille", "option_0_value": "xl"})

    # then the variant takes the existing value and no option is added
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    with tenant_a:
        assert list(Variant.objects.get(sku="CAP-XL").option_values.all()) == [size.values.get()]
        assert OptionType.objects.count() == 1 and OptionValue.objects.count() == 1

    # when the store cannot take another option, the form says so
    monkeypatch.setattr(limits, "MAX_OPTION_TYPES_PER_STORE", 1)
    full = client.post(add, {"sku": "CAP-RED", "option_0_name": "Colour", "option_0_value": "Red"})
    assert full.status_code == 400
    assert full.context["form"].non_field_errors() == ["A store can have at most 1 option."]
    with tenant_a:
        assert not Variant.objects.filter(sku="CAP-RED").exists()


def test_adding_a_variant_past_the_bound_is_a_form_error(tenant_a, monkeypatch):
    monkeypatch.setattr(limits, "MAX_VARIANTS_PER_PRODUCT", 1)
    product = make_product(tenant_a, "VAR-FULL")
    client = tenant_a.client(tenant_a.member(Role.EDITOR))

    page = client.get(f"{BASE}products/{product.pk}/")
    assert b"variants/add/" not in page.content and b"the most variants a product can have (1)" in page.content
    response = client.post(f"{BASE}products/{product.pk}/variants/add/", {"sku": "VAR-FULL-2", "price": ""})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["A product can have at most 1 variant."]
    with tenant_a:
        assert product.variants.count() == 1
