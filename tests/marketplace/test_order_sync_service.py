"""The order sync against the Letzshop sandbox: shipments become letzshop orders with their units,
matched by GTIN or SKU; a second sync creates nothing twice; state changes and new shipments are
picked up by the incremental sync; a refused key is recorded and said plainly."""

from __future__ import annotations

import pytest

from apps.core.errors import ValidationFailed
from apps.marketplace.letzshop.client import LetzshopErrorCode
from apps.marketplace.models import LetzshopConnection, LetzshopShipment, LetzshopUnit
from apps.marketplace.services import order_sync
from apps.orders.models import Order, OrderLine

from .sync_helpers import catalogue_variants, connect


def test_a_shipment_becomes_one_order_with_units_grouped_by_variant(tenant_a, letzshop):
    with tenant_a:
        catalogue_variants(tenant_a.store, letzshop, count=len(letzshop.catalogue))
        node = letzshop.shipments[0].node()
        unit = node["inventoryUnits"][0]
        node["inventoryUnits"] = [unit, {**unit, "id": "extra-unit"}]
        order, created = order_sync.shipment_import(store=tenant_a.store, node=node)
        assert created and order.channel == "letzshop" and order.external_id == node["id"]
        line = order.lines.get()
        assert line.quantity == 2 and line.external_id == unit["id"] and line.variant_id and not line.needs_match
        shipment = LetzshopShipment.objects.get(order=order)
        assert shipment.number == node["number"] and shipment.state == node["state"]
        assert sorted(shipment.units.values_list("unit_id", flat=True)) == sorted([unit["id"], "extra-unit"])
        assert order.email == node["order"]["email"] and order.shipping_address["country"] == "LU"
        # "L-1111" as Letzshop gives it: the postcode without its country letter
        assert node["order"]["shipAddress"]["zipCode"].startswith("L-")
        assert order.shipping_address["postal_code"] == node["order"]["shipAddress"]["zipCode"][2:]


def test_sync_twice_creates_nothing_twice_and_flags_unmatched_lines(tenant_a, letzshop, settings):
    settings.LETZSHOP_PAGE_SIZE = 25
    with tenant_a:
        connect(tenant_a.store)
        catalogue_variants(tenant_a.store, letzshop)
        first = order_sync.orders_sync(store=tenant_a.store)
        assert first.shipments_fetched == first.orders_created == 60
        assert len(letzshop.calls("shipments")) == 3  # 25 + 25 + 10
        second = order_sync.orders_sync(store=tenant_a.store)
        assert second.orders_created == 0
        assert Order.objects.filter(channel="letzshop").count() == LetzshopShipment.objects.count() == 60
        units = sum(len(s.units) for s in letzshop.shipments)
        assert LetzshopUnit.objects.count() == units
        unmatched = OrderLine.objects.filter(needs_match=True)
        assert unmatched.exists() and OrderLine.objects.filter(needs_match=False).exists()
        assert not Order.objects.filter(needs_attention=False, lines__needs_match=True).exists()
        connection = LetzshopConnection.objects.get(store_id=tenant_a.store.id)
        assert connection.last_sync_health == "ok" and connection.sync_cursor and connection.last_sync_at


def test_incremental_sync_picks_up_new_shipments_and_state_changes(tenant_a, letzshop):
    with tenant_a:
        connect(tenant_a.store)
        order_sync.orders_sync(store=tenant_a.store)
        letzshop.requests.clear()
        new = letzshop.add_shipments(3)
        unconfirmed = next(s for s in letzshop.shipments if s.state == "unconfirmed" and s not in new)
        letzshop._confirm(
            {
                "input": {
                    "inventoryUnits": [{"inventoryUnitId": u["id"], "isAvailable": False} for u in unconfirmed.units]
                }
            }
        )
        result = order_sync.orders_sync(store=tenant_a.store)
        assert result.orders_created == 3 and result.shipments_fetched == 4
        assert letzshop.calls("shipments")[0].variables["updatedSince"]
        shipment = LetzshopShipment.objects.get(shipment_id=unconfirmed.id)
        assert shipment.state == "declined"
        assert set(shipment.units.values_list("state", flat=True)) == {"declined"}
        assert shipment.order.events.filter(kind="marketplace", data__state="declined").exists()
        assert Order.objects.filter(channel="letzshop").count() == 63


def test_a_refused_key_is_recorded_and_said_plainly(tenant_a, letzshop):
    with tenant_a:
        connect(tenant_a.store)
        letzshop.revoke("lzs_sandbox_demo_key_0001")
        with pytest.raises(ValidationFailed) as refused:
            order_sync.orders_sync(store=tenant_a.store)
        assert refused.value.code == LetzshopErrorCode.AUTH and "revoked" in refused.value.message
        connection = LetzshopConnection.objects.get(store_id=tenant_a.store.id)
        assert connection.last_sync_health == "failing" and "revoked" in connection.last_sync_error


def test_no_key_no_sync(tenant_a, letzshop):
    with tenant_a:
        with pytest.raises(ValidationFailed) as missing:
            order_sync.orders_sync(store=tenant_a.store)
        assert missing.value.code == "letzshop_not_connected"
        assert not letzshop.calls("shipments")
