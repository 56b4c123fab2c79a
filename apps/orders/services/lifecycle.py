"""Ending an order early: cancelling it (staff) and expiring an unpaid card order (beat). Both
give the reserved stock back with its ledger rows, in the same transaction as the status."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import services as catalog_services
from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Order
from ..models.orders import FulfilmentStatus, OrderStatus, PaymentStatus
from ..models.settings import PaymentMethod
from ..signals import announce, order_cancelled
from ..types import Actor, StoreRef
from .events import order_event_add
from .payments import order_lock, payment_status_of, refund_create


def _release(*, store: StoreRef, order: Order, actor: Actor | None) -> None:
    changes = [
        catalog_services.StockChange(line.variant_id, catalog_services.StockOp.RELEASE, line.quantity_unfulfilled)
        for line in order.lines.all()
        if line.variant_id is not None and line.quantity_unfulfilled > 0 and not line.needs_match
    ]
    if order.channel != Order.Channel.LETZSHOP:  # marketplace orders never reserved stock here
        catalog_services.stock_apply(store=store, changes=changes, actor=actor, reference=order.number)


def order_cancel(
    *, store: StoreRef, order_id: int | str, actor: Actor | None, refund: bool = False, reason: str = ""
) -> Order:
    """Cancel an order nothing of which has shipped: its stock goes back on sale, and what was
    paid is refunded when `refund` (else it stays for the merchant to settle)."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        if order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
            raise ValidationFailed(_("This order is already cancelled."), code=OrdersErrorCode.ORDER_STATE)
        if order.fulfilment_status != FulfilmentStatus.UNFULFILLED:
            raise ValidationFailed(
                _("Part of this order has been fulfilled: record a return instead."), code=OrdersErrorCode.ORDER_STATE
            )
        _release(store=store, order=order, actor=actor)
        order.status, order.cancelled_at, order.expires_at = OrderStatus.CANCELLED, timezone.now(), None
        order.payment_status = payment_status_of(order)
        order.save(update_fields=["status", "cancelled_at", "expires_at", "payment_status", "updated_at"])
        order_event_add(order=order, kind="cancelled", actor=actor, message=reason[:500], data={"refund": refund})
        audit_record(
            actor=actor,
            action="orders.order_cancel",
            target=order.number,
            store=store,
            data={"refund": refund, "reason": reason[:200]},
        )
        if refund and order.refundable > 0:
            refund_create(store=store, order_id=order.pk, actor=actor, amount=order.refundable, reason=reason)
            order.refresh_from_db()
        announce(order_cancelled, sender=Order, order_id=order.pk, store_id=store.id)
    return order


def order_expire(*, store: StoreRef, order_id: int) -> bool:
    """Expire an online card order still unpaid after its time: True when it did. Safe to run
    twice and against a payment arriving at the same moment (both lock the order)."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        due = order.expires_at is not None and order.expires_at <= timezone.now()
        if not due or order.payment_status != PaymentStatus.PENDING or order.payment_method != PaymentMethod.CARD:
            return False
        if order.status not in (OrderStatus.OPEN, OrderStatus.CONFIRMED):
            return False
        _release(store=store, order=order, actor=None)
        order.status, order.payment_status, order.cancelled_at = (
            OrderStatus.EXPIRED,
            PaymentStatus.VOIDED,
            timezone.now(),
        )
        order.expires_at = None
        order.save(update_fields=["status", "payment_status", "cancelled_at", "expires_at", "updated_at"])
        order_event_add(order=order, kind="expired", actor=None, message=_("No card payment came in time."))
        announce(order_cancelled, sender=Order, order_id=order.pk, store_id=store.id)
    return True
