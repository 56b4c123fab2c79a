"""Letzshop orders made directly with the ORM from a sandbox shipment (the order sync is another
area's): an order of channel "letzshop", a line per unit, the shipment and its units."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from apps.marketplace.letzshop import operations
from apps.marketplace.models import LetzshopShipment, LetzshopUnit
from apps.marketplace.services import connection as connection_services
from apps.orders.models import Order, OrderLine
from tools.letzshop_sandbox import DEMO_API_KEY


def connect(tenant, key: str = DEMO_API_KEY) -> None:
    with tenant:
        connection_services.connection_save(store=tenant.store, actor=tenant.owner(), api_key=key)


def sandbox_shipment(state: str = "unconfirmed", *, index: int = 0) -> dict:
    page = operations.shipments_page(api_key=DEMO_API_KEY, state=state, first=index + 1)
    return page.nodes[index]


def letzshop_order(store, node: dict, *, sequence: int = 9001) -> tuple[Order, LetzshopShipment]:
    """Call inside the tenant's schema."""
    units = node["inventoryUnits"]
    total = sum(Decimal(u["price"]) for u in units)
    order = Order.objects.create(
        store_id=store.id,
        number=f"LZ-{sequence}",
        sequence_number=sequence,
        channel="letzshop",
        email=node["order"]["email"],
        payment_method="marketplace",
        subtotal=total,
        total=total,
        placed_at=timezone.now(),
        external_id=node["id"],
    )
    shipment = LetzshopShipment.objects.create(
        store_id=store.id,
        shipment_id=node["id"],
        number=node["number"],
        letzshop_order_number=node["order"]["number"],
        state=node["state"],
        order=order,
    )
    for position, unit in enumerate(units):
        line = OrderLine.objects.create(
            order=order,
            product_title=unit["variant"]["product"]["name"]["en"],
            sku=unit["variant"]["sku"] or "",
            quantity=1,
            unit_price=Decimal(unit["price"]),
            vat_rate=Decimal("17.00"),
            total=Decimal(unit["price"]),
            external_id=unit["id"],
            needs_match=position == 0,
            position=position,
        )
        LetzshopUnit.objects.create(shipment=shipment, unit_id=unit["id"], order_line=line, state=unit["state"])
    return order, shipment
