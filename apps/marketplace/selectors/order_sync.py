"""Reads of the order sync: the store's synced shipments, and a marketplace line to match."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.orders.models import OrderLine
from apps.orders.models.orders import Channel

from ..models import LetzshopShipment


def shipment_list(*, store, needs_attention: bool = False) -> QuerySet[LetzshopShipment]:
    """The store's synced shipments, newest first, with their order and unit count; only those
    whose order needs the merchant's attention when asked."""
    shipments = (
        LetzshopShipment.objects.filter(store_id=store.id)
        .select_related("order")
        .annotate(unit_count=Count("units"))
        .order_by("-order__placed_at", "-id")
    )
    return shipments.filter(order__needs_attention=True) if needs_attention else shipments


def unmatched_lines(*, store, order_ids) -> dict[int, list[OrderLine]]:
    """order id -> its lines that need a match, for the store's letzshop orders among `order_ids`."""
    lines = OrderLine.objects.filter(
        order__store_id=store.id, order__channel=Channel.LETZSHOP, order_id__in=list(order_ids), needs_match=True
    ).order_by("order_id", "position")
    result: dict[int, list[OrderLine]] = {}
    for line in lines:
        result.setdefault(line.order_id, []).append(line)
    return result


def marketplace_line_get(*, store, order_id, line_id) -> OrderLine:
    """A line of one of the store's marketplace orders (NotFound for anything else)."""
    try:
        order_pk, line_pk = int(order_id), int(line_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such line on this order.")) from None
    line = (
        OrderLine.objects.select_related("order")
        .filter(Q(order__store_id=store.id), order_id=order_pk, pk=line_pk, order__channel=Channel.LETZSHOP)
        .first()
    )
    if line is None:
        raise NotFound(_("No such line on this order."))
    return line
