"""Money in and out of an order: payments recorded by staff or confirmed by Stripe, and refunds.

Every change locks the order row first, so two members of staff (or staff and a webhook) cannot
both record the last payment or refund the same euro twice; the database's checks (refunded <=
paid, a provider reference used once) stand behind that. The order's payment status and the
customer's lifetime spend follow in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Customer, Order, Payment, Refund
from ..models.orders import OrderStatus, PaymentStatus
from ..models.settings import PaymentMethod
from ..signals import announce, order_paid, order_refunded
from ..types import Actor, StoreRef
from .events import order_event_add

ZERO = Decimal("0.00")


def order_lock(*, store: StoreRef, order_id: int | str) -> Order:
    """The store's order, its row locked until the transaction ends."""
    try:
        pk = int(order_id)
    except (TypeError, ValueError):
        pk = 0
    order = Order.objects.select_for_update(of=("self",)).filter(store_id=store.id, pk=pk).first()
    if order is None:
        raise NotFound(_("No such order in this store."))
    return order


def payment_status_of(order: Order) -> str:
    """What an order's amounts say about its payment."""
    if order.refunded_amount > 0:
        return (
            PaymentStatus.REFUNDED if order.refunded_amount >= order.paid_amount else PaymentStatus.PARTIALLY_REFUNDED
        )
    if order.paid_amount >= order.total:
        return PaymentStatus.PAID
    if order.paid_amount > 0:
        return PaymentStatus.PARTIALLY_PAID
    if order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
        return PaymentStatus.VOIDED
    return PaymentStatus.PENDING


def _money(amount: object, field: str) -> Decimal:
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except Exception as error:  # noqa: BLE001 - any unreadable amount is the same mistake
        raise ValidationFailed(_("Enter an amount."), fields={field: [_("Enter an amount.")]}) from error
    if value <= 0:
        raise ValidationFailed(_("Enter an amount above zero."), fields={field: [_("Enter an amount above zero.")]})
    return value


def _settle(order: Order, *, now) -> bool:
    """Save the order's amounts and payment status; True when it just became fully paid."""
    was_paid = order.payment_status == PaymentStatus.PAID
    order.payment_status = payment_status_of(order)
    fields = ["paid_amount", "refunded_amount", "payment_status", "updated_at"]
    if order.payment_status == PaymentStatus.PAID and order.paid_at is None:
        order.paid_at = now
        order.expires_at = None
        fields += ["paid_at", "expires_at"]
    order.save(update_fields=fields)
    return order.payment_status == PaymentStatus.PAID and not was_paid


def _spend(order: Order, delta: Decimal) -> None:
    if order.customer_id is not None and delta:
        Customer.objects.filter(pk=order.customer_id).update(total_spent=F("total_spent") + delta)


def payment_record(
    *,
    store: StoreRef,
    order_id: int | str,
    amount: object,
    actor: Actor | None,
    method: str = "",
    note: str = "",
    provider: str = Payment.Provider.OFFLINE,
    reference: str = "",
    payment_intent: str = "",
) -> Payment:
    """Record money received for an order (all of the balance or part of it). Staff record offline
    payments; the Stripe webhook records card payments with their reference (a reference seen
    before is refused). Never more than the balance due."""
    value = _money(amount, "amount")
    method = method or PaymentMethod.CARD
    if method not in PaymentMethod.values:
        raise ValidationFailed(_("Choose a payment method."), code=OrdersErrorCode.PAYMENT_METHOD_INVALID)
    now = timezone.now()
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        if order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED) and provider == Payment.Provider.OFFLINE:
            raise ValidationFailed(
                _("This order is cancelled: it takes no payments."), code=OrdersErrorCode.ORDER_STATE
            )
        if value > order.balance_due:
            due = formats.number_format(order.balance_due, 2)
            message = _("Only %(due)s EUR is still due on this order.") % {"due": due}
            raise ValidationFailed(message, code=OrdersErrorCode.PAYMENT_TOO_MUCH, fields={"amount": [message]})
        staff = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        payment = Payment.objects.create(
            order=order,
            method=method,
            provider=provider,
            amount=value,
            reference=reference[:255],
            payment_intent=payment_intent[:255],
            note=note[:200],
            recorded_by_id=staff.pk if staff else None,
            recorded_by_email=staff.email if staff else "",
        )
        order.paid_amount += value
        became_paid = _settle(order, now=now)
        _spend(order, value)
        order_event_add(
            order=order,
            kind="payment",
            actor=actor,
            message=_("%(amount)s EUR received (%(method)s).")
            % {"amount": formats.number_format(value, 2), "method": payment.get_method_display()},
            data={"payment": payment.pk, "amount": str(value), "reference": reference},
        )
        audit_record(
            actor=actor,
            action="orders.payment_record",
            target=order.number,
            store=store,
            data={"amount": str(value), "method": method, "provider": provider},
        )
        if became_paid:
            announce(order_paid, sender=Order, order_id=order.pk, store_id=store.id)
    return payment


@dataclass(frozen=True)
class RefundLineRequest:
    order_line_id: int
    quantity: int


# How money goes back through a payment's provider: (payment, amount) -> (status, reference,
# failure message). Offline refunds are only recorded; the Stripe module registers its own.
RefundProvider = Callable[[Payment, Decimal], tuple[str, str, str]]
_PROVIDERS: dict[str, RefundProvider] = {}


def refund_provider_register(provider: str, send: RefundProvider) -> None:
    _PROVIDERS[provider] = send


def _lines_amount(order: Order, lines: Sequence[RefundLineRequest]) -> tuple[Decimal, list[dict]]:
    by_id = {line.pk: line for line in order.lines.all()}
    amount, record = ZERO, []
    for request in lines:
        line = by_id.get(int(request.order_line_id))
        if line is None or not isinstance(request.quantity, int) or not 1 <= request.quantity <= line.quantity:
            raise ValidationFailed(
                _("Choose lines of this order and quantities up to what was ordered."),
                code=OrdersErrorCode.REFUND_TOO_MUCH,
                fields={"lines": [_("Choose lines of this order and quantities up to what was ordered.")]},
            )
        share = (line.total * request.quantity / line.quantity).quantize(Decimal("0.01"))
        amount += share
        record.append({"order_line": line.pk, "quantity": request.quantity, "amount": str(share)})
    return amount, record


def _pending_by_payment(order: Order) -> dict[int, Decimal]:
    """{payment id: refunds asked for but not settled yet} (Stripe settles some later)."""
    rows = order.refunds.filter(status=Refund.Status.PENDING).values("payment_id").annotate(total=Sum("amount"))
    return {row["payment_id"]: row["total"] for row in rows}


def _refund_from(order: Order, amount: Decimal, pending: dict[int, Decimal]) -> list[tuple[Payment, Decimal]]:
    """Which payments give the money back: the latest first, each up to what it has left."""
    plan, left = [], amount
    for payment in order.payments.filter(status=Payment.Status.SUCCEEDED).order_by("-created_at", "-id"):
        if left <= 0:
            break
        share = min(payment.amount - payment.refunded_amount - pending.get(payment.pk, ZERO), left)
        if share > 0:
            plan.append((payment, share))
            left -= share
    return plan


def refund_create(
    *,
    store: StoreRef,
    order_id: int | str,
    actor: Actor | None,
    amount: object = None,
    lines: Sequence[RefundLineRequest] = (),
    shipping_amount: object = None,
    reason: str = "",
) -> list[Refund]:
    """Give money back: an amount, or lines (their share of what was charged) plus shipping.
    Never more than paid minus refunded, and minus refunds still settling. Card payments are
    refunded through Stripe, offline ones are recorded. One Refund per payment it draws on."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        total, record = _lines_amount(order, lines) if lines else (ZERO, [])
        shipping = _money(shipping_amount, "shipping_amount") if shipping_amount not in (None, "", 0) else ZERO
        value = _money(amount, "amount") if amount not in (None, "") else total + shipping
        if value <= 0:
            raise ValidationFailed(
                _("Enter an amount above zero."), fields={"amount": [_("Enter an amount above zero.")]}
            )
        pending = _pending_by_payment(order)
        # a refund still settling counts as given: never ask for the same euro twice
        refundable = order.refundable - sum(pending.values(), ZERO)
        if value > refundable:
            left = formats.number_format(max(refundable, ZERO), 2)
            message = _("At most %(amount)s EUR can be refunded on this order.") % {"amount": left}
            raise ValidationFailed(message, code=OrdersErrorCode.REFUND_TOO_MUCH, fields={"amount": [message]})
        refunds = [
            _refund_one(order, payment, share, actor=actor, reason=reason, lines=record, shipping=shipping)
            for payment, share in _refund_from(order, value, pending)
        ]
        done = sum((r.amount for r in refunds if r.status == Refund.Status.SUCCEEDED), ZERO)
        order.refunded_amount += done
        _settle(order, now=timezone.now())
        _spend(order, -done)
        audit_record(
            actor=actor,
            action="orders.refund_create",
            target=order.number,
            store=store,
            data={"amount": str(value), "refunded": str(done), "reason": reason[:200]},
        )
        for refund in refunds:
            if refund.status == Refund.Status.SUCCEEDED:
                announce(
                    order_refunded,
                    sender=Order,
                    order_id=order.pk,
                    store_id=store.id,
                    refund_id=refund.pk,
                    amount=refund.amount,
                )
    return refunds


def _refund_one(
    order: Order, payment: Payment, amount: Decimal, *, actor, reason: str, lines: list, shipping: Decimal
) -> Refund:
    send = _PROVIDERS.get(payment.provider)
    status, reference, failure = send(payment, amount) if send else (Refund.Status.SUCCEEDED, "", "")
    if status == Refund.Status.FAILED:
        raise ValidationFailed(
            _("The refund was refused: %(reason)s") % {"reason": failure}, code=OrdersErrorCode.REFUND_FAILED
        )
    staff = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    refund = Refund.objects.create(
        order=order,
        payment=payment,
        amount=amount,
        status=status,
        reason=reason[:200],
        lines=lines,
        shipping_amount=shipping,
        reference=reference,
        failure_message=failure[:255],
        created_by_id=staff.pk if staff else None,
        created_by_email=staff.email if staff else "",
    )
    if status == Refund.Status.SUCCEEDED:
        Payment.objects.filter(pk=payment.pk).update(refunded_amount=F("refunded_amount") + amount)
    order_event_add(
        order=order,
        kind="refund",
        actor=actor,
        message=_("%(amount)s EUR refunded (%(method)s).")
        % {"amount": formats.number_format(amount, 2), "method": payment.get_method_display()},
        data={"refund": refund.pk, "amount": str(amount), "status": status, "reason": reason[:200]},
    )
    return refund
