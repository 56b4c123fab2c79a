"""What the marketplace adds to other modules' pages (Module.panels): the Letzshop panel of a
Letzshop order's page: its shipment, each unit to confirm or decline, carrier and tracking."""

from __future__ import annotations

from typing import Any

from apps.accounts.selectors import membership_get
from apps.core.modules import registry

from .letzshop import operations
from .models import LetzshopShipment, LetzshopUnit
from .permissions import allowed_actions
from .services.connection import connection_get


def order_detail_panel(request, store, order) -> dict[str, Any] | None:
    """The Letzshop panel of an order's page, or None for orders that did not come from Letzshop."""
    if order.channel != "letzshop":
        return None
    membership = membership_get(user=request.user, store=store)
    can = allowed_actions(registry.permissions(membership.role, store.merchant.enabled_modules) if membership else ())
    if not can["view"]:
        return None
    shipment = LetzshopShipment.objects.filter(store_id=store.id, order_id=order.pk).first()
    if shipment is None:
        return None
    lines = {line.pk: line for line in order.lines.all()}
    units = [(unit, lines.get(unit.order_line_id)) for unit in LetzshopUnit.objects.filter(shipment=shipment)]
    open_units = [unit for unit, _line in units if unit.state == LetzshopUnit.State.UNCONFIRMED]
    return {
        "template": "marketplace/store/units/_order_panel.html",
        "shipment": shipment,
        "units": units,
        "open_units": bool(open_units),
        "unmatched": [line for line in lines.values() if line.needs_match],
        "carriers": operations.CARRIERS.items(),
        "carrier": shipment.carrier or connection_get(store=store).default_carrier,
        "carrier_name": operations.CARRIERS.get(shipment.carrier, shipment.carrier),  # the name, not the key
        "can": can,
    }
