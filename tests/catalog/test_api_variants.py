"""The catalog API's variants and their stock: variants, stock adjustments, counts and the ledger,
inventory settings."""

from __future__ import annotations

from apps.catalog.models import StockMovement
from apps.core.roles import Role

from .store_api import JSON, A, client_for, make_product

# --- Variants -------------------------------------------------------------------------------------


def test_variants_create_update_delete(tenant_a):
    product = make_product(tenant_a, "HAT-1", price="15.00", stock=1)
    client = client_for(tenant_a)
    listed = client.get(f"{A}/products/{product.pk}/variants/")
    assert [v["sku"] for v in listed.json()] == ["HAT-1"]
    default_id = listed.json()[0]["id"]

    created = client.post(
        f"{A}/products/{product.pk}/variants/",
        {"sku": "HAT-1-L", "barcode": "111", "price": "17.00", "stock": 6},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    variant = created.json()
    assert (variant["price"], variant["effective_price"], variant["stock"]["quantity"]) == ("17.00", "17.00", 6)

    same_barcode = client.post(
        f"{A}/products/{product.pk}/variants/", {"sku": "HAT-1-XL", "barcode": "111"}, content_type=JSON
    )
    assert same_barcode.status_code == 409 and same_barcode.json()["code"] == "barcode_taken"
    taken_sku = client.post(f"{A}/products/{product.pk}/variants/", {"sku": "hat-1"}, content_type=JSON)
    assert taken_sku.status_code == 409 and taken_sku.json()["code"] == "sku_taken"
    unknown_option = client.post(
        f"{A}/products/{product.pk}/variants/", {"sku": "HAT-1-M", "option_value_ids": [2**70]}, content_type=JSON
    )
    assert unknown_option.status_code == 400 and "option_value_ids" in unknown_option.json()["fields"]
    bad_price = client.post(
        f"{A}/products/{product.pk}/variants/", {"sku": "HAT-1-S", "price": "-3"}, content_type=JSON
    )
    assert bad_price.status_code == 400 and bad_price.json()["code"] == "price_invalid"

    url = f"{A}/variants/{variant['id']}/"
    cleared = client.patch(url, {"price": None, "barcode": "222"}, content_type=JSON)
    assert cleared.status_code == 200, cleared.content
    assert (cleared.json()["price"], cleared.json()["effective_price"], cleared.json()["barcode"]) == (
        None,
        "15.00",
        "222",
    )
    assert client.get(url).json()["barcode"] == "222"
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    last = client.delete(f"{A}/variants/{default_id}/")
    assert last.status_code == 409 and last.json()["code"] == "last_variant"


# --- Stock ----------------------------------------------------------------------------------------


def test_stock_adjust_count_and_ledger(tenant_a):
    product = make_product(tenant_a, "CUP-1", stock=2)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = client_for(tenant_a, Role.CASHIER)
    url = f"{A}/variants/{variant_id}/stock/"

    received = client.post(url, {"delta": 5, "reason": "received", "note": "delivery 42"}, content_type=JSON)
    assert received.status_code == 200, received.content
    assert received.json()["inventory"]["quantity"] == 7
    assert received.json()["movements"][0]["delta"] == 5
    assert received.json()["movements"][0]["note"] == "delivery 42"

    too_many = client.post(url, {"delta": -8, "reason": "sold"}, content_type=JSON)
    assert too_many.status_code == 400
    assert too_many.json()["code"] == "stock_negative"
    assert "delta" in too_many.json()["fields"]

    counted = client.put(url, {"quantity": 3}, content_type=JSON)
    assert counted.status_code == 200 and counted.json()["inventory"]["quantity"] == 3
    assert counted.json()["movements"][0]["reason"] == "count"
    assert counted.json()["movements"][0]["delta"] == -4

    for payload in ({"delta": 0, "reason": "received"}, {"delta": 1, "reason": "reserved"}, {"delta": "x"}):
        assert client.post(url, payload, content_type=JSON).status_code == 400
    negative_count = client.put(url, {"quantity": -1}, content_type=JSON)
    assert negative_count.status_code == 400 and negative_count.json()["code"] == "stock_negative"

    ledger = client.get(url).json()
    assert [m["delta"] for m in ledger["movements"]] == [-4, 5, 2]  # newest first; 2 is the opening stock
    with tenant_a:
        assert StockMovement.objects.filter(item__variant_id=variant_id).count() == 3


def test_inventory_settings(tenant_a):
    product = make_product(tenant_a, "PEN-1", stock=2)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = client_for(tenant_a)
    response = client.patch(
        f"{A}/variants/{variant_id}/stock/", {"bin_location": "A-3", "low_stock_threshold": 1}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["inventory"]["bin_location"] == "A-3"
    assert response.json()["inventory"]["is_low"] is False
