"""Returns: asked for by the customer (or recorded by staff), then received (restocked or not,
refunded or not) or rejected. Never more units than were fulfilled and not yet returned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from apps.catalog import services as catalog_services
from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Order, OrderLine, Return, ReturnLine
from ..models.orders import OrderStatus
from ..signals import announce, order_returned
from ..types import Actor, StoreRef
from .events import order_event_add
from .fulfilment import fulfilment_status_of
from .payments import RefundLineRequest, order_lock, refund_create


@dataclass(frozen=True)
class ReturnLineRequest:
    order_line_id: int
    quantity: int
    reason: str = ""


def _open_units(order: Order) -> dict[int, int]:
    """{line id: units asked for in returns still waiting}."""
    rows = (
        ReturnLine.objects.filter(ret__order=order, ret__status=Return.Status.REQUESTED)
        .values("order_line_id")
        .annotate(units=Sum("quantity"))
    )
    return {row["order_line_id"]: row["units"] for row in rows}


def _checked(order: Order, requests: Sequence[ReturnLineRequest]) -> list[tuple[OrderLine, ReturnLineRequest]]:
    if not requests:
        raise ValidationFailed(_("Choose what is sent back."), code=OrdersErrorCode.RETURN_TOO_MANY)
    ids = [int(request.order_line_id) for request in requests]
    if len(set(ids)) != len(ids):  # each alone within what is left, together more
        message = _("Name each line once.")
        raise ValidationFailed(message, code=OrdersErrorCode.RETURN_TOO_MANY, fields={"lines": [message]})
    lines = {line.pk: line for line in order.lines.all()}
    waiting = _open_units(order)
    checked = []
    for request in requests:
        line = lines.get(int(request.order_line_id))
        if line is None:
            raise NotFound(_("No such line in this order."))
        left = line.quantity_fulfilled - line.quantity_returned - waiting.get(line.pk, 0)
        if not isinstance(request.quantity, int) or not 1 <= request.quantity <= left:
            message = _("%(sku)s: at most %(left)d can be returned.") % {
                "sku": line.sku or line.product_title,
                "left": max(left, 0),
            }
            raise ValidationFailed(message, code=OrdersErrorCode.RETURN_TOO_MANY, fields={"lines": [message]})
        checked.append((line, request))
    return checked


def return_request(
    *,
    store: StoreRef,
    order_id: int | str,
    lines: Sequence[ReturnLineRequest],
    actor: Actor | None,
    reason: str = "",
    by_customer: bool = False,
) -> Return:
    """Open a return of fulfilled units, waiting for the goods to come back."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        if order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
            raise ValidationFailed(_("This order is cancelled."), code=OrdersErrorCode.ORDER_STATE)
        checked = _checked(order, lines)
        staff = actor if actor is not None and getattr(actor, "is_authenticated", False) and not by_customer else None
        ret = Return.objects.create(
            order=order,
            reason=reason.strip()[:300],
            requested_by_customer=by_customer,
            created_by_id=staff.pk if staff else None,
            created_by_email=staff.email if staff else "",
        )
        ReturnLine.objects.bulk_create(
            [
                ReturnLine(ret=ret, order_line=line, quantity=request.quantity, reason=request.reason.strip()[:200])
                for line, request in checked
            ]
        )
        order_event_add(
            order=order,
            kind="return",
            actor=actor,
            by_customer=by_customer,
            message=reason.strip()[:300],
            data={"return": ret.pk, "status": ret.status, "units": sum(r.quantity for _l, r in checked)},
        )
        audit_record(
            actor=actor, action="orders.return_request", target=order.number, store=store, data={"return": ret.pk}
        )
    return ret


def return_receive(
    *,
    store: StoreRef,
    order_id: int | str,
    return_id: int | str,
    actor: Actor | None,
    restock: bool = True,
    refund: bool = False,
) -> Return:
    """The goods are back: count them as returned, put them back on sale when `restock`, and
    refund their share of what was charged when `refund`."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        ret = _waiting(order, return_id)
        ret_lines = list(ret.lines.select_related("order_line"))
        if restock and order.channel != Order.Channel.LETZSHOP:
            catalog_services.stock_apply(
                store=store,
                changes=[
                    catalog_services.StockChange(
                        rl.order_line.variant_id, catalog_services.StockOp.RESTOCK, rl.quantity
                    )
                    for rl in ret_lines
                    if rl.order_line.variant_id is not None
                ],
                actor=actor,
                reference=order.number,
            )
        for rl in ret_lines:
            OrderLine.objects.filter(pk=rl.order_line_id).update(quantity_returned=F("quantity_returned") + rl.quantity)
        order.fulfilment_status = fulfilment_status_of(list(order.lines.all()))
        order.save(update_fields=["fulfilment_status", "updated_at"])
        ret.status, ret.restock = Return.Status.RECEIVED, restock
        # never more than is left to refund (an earlier refund may have covered part of it)
        amount = min(_share(ret_lines), order.refundable)
        if refund and amount > 0:
            refunds = refund_create(
                store=store,
                order_id=order.pk,
                actor=actor,
                amount=amount,
                lines=[RefundLineRequest(rl.order_line_id, rl.quantity) for rl in ret_lines],
                reason=ret.reason or _("Return"),
            )
            ret.refund = refunds[0] if refunds else None
        ret.save(update_fields=["status", "restock", "refund", "updated_at"])
        order_event_add(
            order=order,
            kind="return",
            actor=actor,
            data={"return": ret.pk, "status": ret.status, "restock": restock, "refund": refund},
        )
        audit_record(
            actor=actor,
            action="orders.return_receive",
            target=order.number,
            store=store,
            data={"return": ret.pk, "restock": restock, "refund": refund},
        )
        announce(order_returned, sender=Order, order_id=order.pk, store_id=store.id, return_id=ret.pk)
    return ret


def _share(ret_lines: Sequence[ReturnLine]) -> Decimal:
    """What the returned units were charged (their lines' totals, discount taken off)."""
    return sum(
        ((rl.order_line.total * rl.quantity / rl.order_line.quantity).quantize(Decimal("0.01")) for rl in ret_lines),
        Decimal("0.00"),
    )


def return_reject(
    *, store: StoreRef, order_id: int | str, return_id: int | str, actor: Actor | None, reason: str = ""
) -> Return:
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        ret = _waiting(order, return_id)
        ret.status = Return.Status.REJECTED
        ret.save(update_fields=["status", "updated_at"])
        order_event_add(
            order=order, kind="return", actor=actor, message=reason[:300], data={"return": ret.pk, "status": ret.status}
        )
        audit_record(
            actor=actor, action="orders.return_reject", target=order.number, store=store, data={"return": ret.pk}
        )
    return ret


def _waiting(order: Order, return_id: int | str) -> Return:
    ret = order.returns.select_for_update().filter(pk=int(return_id) if str(return_id).isdigit() else 0).first()
    if ret is None:
        raise NotFound(_("No such return on this order."))
    if ret.status != Return.Status.REQUESTED:
        raise ValidationFailed(_("This return has already been handled."), code=OrdersErrorCode.ORDER_STATE)
    return ret
