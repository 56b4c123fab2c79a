"""The warehouse's work: confirming an order, shipping all or some of its lines, delivery."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import services as catalog_services
from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Fulfilment, FulfilmentLine, Order, OrderLine
from ..models.orders import FulfilmentStatus, OrderStatus
from ..signals import announce, order_fulfilled
from ..types import Actor, StoreRef
from .events import order_event_add
from .payments import order_lock

CLOSED = (OrderStatus.CANCELLED, OrderStatus.EXPIRED)


@dataclass(frozen=True)
class FulfilLineRequest:
    order_line_id: int
    quantity: int


def order_confirm(*, store: StoreRef, order_id: int | str, actor: Actor | None) -> Order:
    """The merchant accepts an open order."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        if order.status != OrderStatus.OPEN:
            raise ValidationFailed(_("Only an open order can be confirmed."), code=OrdersErrorCode.ORDER_STATE)
        order.status, order.confirmed_at = OrderStatus.CONFIRMED, timezone.now()
        order.save(update_fields=["status", "confirmed_at", "updated_at"])
        order_event_add(order=order, kind="confirmed", actor=actor)
        audit_record(actor=actor, action="orders.order_confirm", target=order.number, store=store)
    return order


def fulfilment_status_of(lines: Sequence[OrderLine]) -> str:
    fulfilled = sum(line.quantity_fulfilled for line in lines)
    returned = sum(line.quantity_returned for line in lines)
    ordered = sum(line.quantity for line in lines)
    if returned and returned >= ordered:
        return FulfilmentStatus.RETURNED
    if returned:
        return FulfilmentStatus.PARTIALLY_RETURNED
    if fulfilled >= ordered:
        return FulfilmentStatus.FULFILLED
    return FulfilmentStatus.PARTIALLY_FULFILLED if fulfilled else FulfilmentStatus.UNFULFILLED


def _each_line_once(requests: Sequence[FulfilLineRequest]) -> None:
    """A line named twice would pass each check alone and ship more than was ordered."""
    ids = [int(request.order_line_id) for request in requests]
    if len(set(ids)) != len(ids):
        message = _("Name each line once.")
        raise ValidationFailed(message, code=OrdersErrorCode.FULFIL_TOO_MANY, fields={"lines": [message]})


def _plan(order: Order, requests: Sequence[FulfilLineRequest] | None) -> list[tuple[OrderLine, int]]:
    """(line, units) to ship: the requested ones, or everything still unfulfilled."""
    lines = {line.pk: line for line in order.lines.all()}
    if not requests:
        plan = [(line, line.quantity_unfulfilled) for line in lines.values() if line.quantity_unfulfilled > 0]
    else:
        plan = []
        _each_line_once(requests)
        for request in requests:
            line = lines.get(int(request.order_line_id))
            if line is None:
                raise NotFound(_("No such line in this order."))
            if not isinstance(request.quantity, int) or not 1 <= request.quantity <= line.quantity_unfulfilled:
                message = _("%(sku)s: at most %(left)d left to fulfil.") % {
                    "sku": line.sku or line.product_title,
                    "left": line.quantity_unfulfilled,
                }
                raise ValidationFailed(message, code=OrdersErrorCode.FULFIL_TOO_MANY, fields={"lines": [message]})
            plan.append((line, request.quantity))
    if not plan:
        raise ValidationFailed(_("Nothing is left to fulfil on this order."), code=OrdersErrorCode.FULFIL_TOO_MANY)
    return plan


def fulfilment_create(
    *,
    store: StoreRef,
    order_id: int | str,
    actor: Actor | None,
    lines: Sequence[FulfilLineRequest] | None = None,
    carrier: str = "",
    tracking_number: str = "",
    tracking_url: str = "",
    notify_customer: bool = True,
) -> Fulfilment:
    """Ship (or hand over) some lines, or all that is left: the reserved stock leaves the shelf
    (ledger: sold), the lines count it, and the customer is told (order_fulfilled) when asked."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        if order.status in CLOSED:
            raise ValidationFailed(
                _("This order is cancelled: nothing can be fulfilled."), code=OrdersErrorCode.ORDER_STATE
            )
        plan = _plan(order, lines)
        changes = [
            catalog_services.StockChange(line.variant_id, catalog_services.StockOp.SHIP, units)
            for line, units in plan
            if line.variant_id is not None and not line.needs_match and order.channel != Order.Channel.LETZSHOP
        ]
        catalog_services.stock_apply(store=store, changes=changes, actor=actor, reference=order.number)
        staff = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        fulfilment = Fulfilment.objects.create(
            order=order,
            carrier=carrier.strip()[:60],
            tracking_number=tracking_number.strip()[:100],
            tracking_url=tracking_url.strip()[:500],
            notify_customer=notify_customer,
            created_by_id=staff.pk if staff else None,
            created_by_email=staff.email if staff else "",
        )
        FulfilmentLine.objects.bulk_create(
            [FulfilmentLine(fulfilment=fulfilment, order_line=line, quantity=units) for line, units in plan]
        )
        for line, units in plan:
            OrderLine.objects.filter(pk=line.pk).update(quantity_fulfilled=F("quantity_fulfilled") + units)
            line.quantity_fulfilled += units
        order.fulfilment_status = fulfilment_status_of(list(order.lines.all()))
        if order.fulfilment_status == FulfilmentStatus.FULFILLED:
            order.fulfilled_at = timezone.now()
        if order.status == OrderStatus.OPEN:
            order.status, order.confirmed_at = OrderStatus.CONFIRMED, timezone.now()
        order.save(update_fields=["fulfilment_status", "fulfilled_at", "status", "confirmed_at", "updated_at"])
        units = sum(units for _line, units in plan)
        order_event_add(
            order=order,
            kind="fulfilled",
            actor=actor,
            message=" ".join(part for part in (carrier, tracking_number) if part),
            data={"fulfilment": fulfilment.pk, "units": units, "tracking_url": fulfilment.tracking_url},
        )
        audit_record(
            actor=actor,
            action="orders.fulfilment_create",
            target=order.number,
            store=store,
            data={"units": units, "carrier": carrier},
        )
        announce(order_fulfilled, sender=Order, order_id=order.pk, store_id=store.id, fulfilment_id=fulfilment.pk)
    return fulfilment


def fulfilment_deliver(*, store: StoreRef, order_id: int | str, fulfilment_id: int | str, actor: Actor | None) -> Order:
    """Mark a shipment delivered; the order is delivered once all of it is."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        fulfilment = order.fulfilments.filter(pk=int(fulfilment_id) if str(fulfilment_id).isdigit() else 0).first()
        if fulfilment is None:
            raise NotFound(_("No such shipment on this order."))
        if fulfilment.status != Fulfilment.Status.FULFILLED:
            raise ValidationFailed(_("This shipment is already delivered."), code=OrdersErrorCode.ORDER_STATE)
        fulfilment.status, fulfilment.delivered_at = Fulfilment.Status.DELIVERED, timezone.now()
        fulfilment.save(update_fields=["status", "delivered_at", "updated_at"])
        waiting = order.fulfilments.filter(status=Fulfilment.Status.FULFILLED).exists()
        if order.fulfilment_status == FulfilmentStatus.FULFILLED and not waiting:
            order.fulfilment_status = FulfilmentStatus.DELIVERED
            order.save(update_fields=["fulfilment_status", "updated_at"])
        order_event_add(order=order, kind="delivered", actor=actor, data={"fulfilment": fulfilment.pk})
        audit_record(actor=actor, action="orders.fulfilment_deliver", target=order.number, store=store)
    return order
