"""The order sync's queries: a page of shipments costs a small constant plus a fixed number of
queries per new order, however many shipments the page holds; a page seen before costs a
constant number of queries, and importing it again creates nothing."""

from __future__ import annotations

from apps.marketplace.models import LetzshopShipment, LetzshopUnit
from apps.marketplace.services import order_sync
from apps.orders.models import Order, OrderLine

from .sync_helpers import catalogue_variants

# per new order (it was 35): savepoint and its release, lock, order lookup, customer (lookup,
# savepoint, number, insert, release), order number, order, lines, customer counters, payment,
# event, audit, shipment, units
PER_ORDER = 18
# per page: the known shipments and their units, the catalog's variants for the page's codes
PER_PAGE = 5


def _page(letzshop, start: int, count: int) -> list[dict]:
    return [shipment.node() for shipment in letzshop.shipments[start : start + count]]


def test_a_page_costs_a_constant_plus_a_fixed_number_per_order(tenant_a, letzshop, queries):
    with tenant_a:
        catalogue_variants(tenant_a.store, letzshop)
        order_sync.shipments_import(store=tenant_a.store, nodes=_page(letzshop, 0, 2), notify=False)
        counts = {}
        for start, size in ((2, 5), (7, 20)):
            with queries.capture() as captured:
                created, problems = order_sync.shipments_import(
                    store=tenant_a.store, nodes=_page(letzshop, start, size), notify=False
                )
            assert created == size and not problems
            counts[size] = captured.count
        assert counts[20] - counts[5] <= 15 * PER_ORDER, counts
        assert counts[20] <= PER_PAGE + 20 * PER_ORDER, counts
        assert Order.objects.count() == LetzshopShipment.objects.count() == 27
        assert OrderLine.objects.filter(needs_match=True).exists()
        assert not Order.objects.filter(needs_attention=False, lines__needs_match=True).exists()
        units = LetzshopUnit.objects.count()
        with queries.capture() as again:
            created, problems = order_sync.shipments_import(
                store=tenant_a.store, nodes=_page(letzshop, 7, 20), notify=False
            )
        assert again.count == 2  # the known shipments and their units: nothing new, nothing written
        assert created == 0 and not problems
        assert Order.objects.count() == 27 and LetzshopUnit.objects.count() == units


def test_a_shipment_made_meanwhile_by_another_sync_is_not_made_twice(tenant_a, letzshop):
    """The page found no such shipment, but a concurrent sync made it before this one got to it:
    the order's lock finds the order, the shipment is brought up to date, nothing is duplicated."""
    with tenant_a:
        node = letzshop.shipments[0].node()
        order, created = order_sync.shipment_import(store=tenant_a.store, node=node, notify=False)
        assert created
        node["state"] = "declined" if node["state"] != "declined" else "confirmed"
        again, created = order_sync.shipment_import(store=tenant_a.store, node=node, notify=False, fresh=True)
        assert not created and again.pk == order.pk
        assert Order.objects.count() == LetzshopShipment.objects.count() == 1
        assert LetzshopShipment.objects.get().state == node["state"]
        assert LetzshopUnit.objects.count() == len(node["inventoryUnits"])
