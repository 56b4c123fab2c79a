"""The catalog's inventory pages: the list, low stock, adjustments, counts, settings and the ledger."""

from __future__ import annotations

from apps.catalog import selectors
from apps.catalog.models import InventoryItem, StockMovement
from apps.core.roles import Role

from .store_pages import BASE, make_product


def test_inventory_list_search_and_low_stock(tenant_a):
    make_product(tenant_a, "INV-LOTS", title="Plenty", stock=50)
    make_product(tenant_a, "INV-FEW", title="Scarce", stock=2)
    client = tenant_a.client(tenant_a.member(Role.CASHIER))

    assert {i.variant.sku for i in client.get(f"{BASE}inventory/").context["items"]} == {"INV-LOTS", "INV-FEW"}
    assert [i.variant.sku for i in client.get(f"{BASE}inventory/", {"low": "on"}).context["items"]] == ["INV-FEW"]
    assert [i.variant.sku for i in client.get(f"{BASE}inventory/low/").context["items"]] == ["INV-FEW"]
    assert [i.variant.sku for i in client.get(f"{BASE}inventory/", {"q": "lots"}).context["items"]] == ["INV-LOTS"]


def test_stock_cannot_go_below_zero(tenant_a):
    product = make_product(tenant_a, "NEG-1", stock=3)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = tenant_a.client(tenant_a.owner())

    response = client.post(f"{BASE}inventory/{variant_id}/adjust/", {"adjust-delta": "-5", "adjust-reason": "damaged"})

    assert response.status_code == 400
    assert response.context["adjust_form"].errors["delta"] == ["Only 3 in stock: this would take it below zero."]
    with tenant_a:
        assert InventoryItem.objects.get(variant_id=variant_id).quantity == 3
        assert not StockMovement.objects.filter(item__variant_id=variant_id, reason="damaged").exists()


def test_stock_count_settings_and_ledger(tenant_a):
    product = make_product(tenant_a, "CNT-1", stock=3)
    with tenant_a:
        variant_id = product.variants.get().pk
    client = tenant_a.client(tenant_a.member(Role.MANAGER))
    item_url = f"{BASE}inventory/{variant_id}/"

    assert client.post(f"{item_url}count/", {"count-quantity": "11", "count-note": "Yearly count"}).status_code == 302
    settings = client.post(
        f"{item_url}settings/", {"settings-bin_location": "A-3", "settings-low_stock_threshold": "2"}
    )
    assert settings.status_code == 302
    bad = client.post(f"{item_url}count/", {"count-quantity": "-1"})
    assert bad.status_code == 400 and bad.context["count_form"].errors["quantity"]
    zero = client.post(f"{item_url}adjust/", {"adjust-delta": "0", "adjust-reason": "received"})
    assert zero.status_code == 400 and zero.context["adjust_form"].errors["delta"]

    with tenant_a:
        item = InventoryItem.objects.get(variant_id=variant_id)
        assert (item.quantity, item.bin_location, item.low_stock_threshold) == (11, "A-3", 2)
    page = client.get(item_url)
    assert [(m.delta, m.reason) for m in page.context["movements"]][0] == (8, "count")
    ledger = client.get(f"{BASE}inventory/ledger/")
    assert ledger.status_code == 200 and b"Yearly count" in ledger.content


def test_list_quick_adjust_returns_to_the_list(tenant_a):
    product = make_product(tenant_a, "QUICK-1", stock=1)
    with tenant_a:
        variant_id = product.variants.get().pk
    response = tenant_a.client(tenant_a.owner()).post(
        f"{BASE}inventory/{variant_id}/adjust/",
        {"adjust-delta": "2", "adjust-reason": "returned", "next": f"{BASE}inventory/?q=quick"},
    )
    assert response["Location"] == f"{BASE}inventory/?q=quick"
    evil = tenant_a.client(tenant_a.owner()).post(
        f"{BASE}inventory/{variant_id}/adjust/",
        {"adjust-delta": "1", "adjust-reason": "returned", "next": "https://evil.example/"},
    )
    assert evil["Location"] == f"{BASE}inventory/{variant_id}/"
    with tenant_a:
        assert selectors.variant_get(store=tenant_a.store, variant_id=variant_id).inventory.quantity == 4
