"""Online card payments through the store's Stripe Connect account (direct charges: the payment
belongs to the merchant's account, the platform takes its application fee).

The customer pays on a Stripe Checkout page; the order is marked paid only by Stripe's webhook
(services.stripe_webhooks), never by the customer coming back. Refunds of card payments go back
through Stripe on the same account (registered as the "stripe" refund provider); one Stripe has
not settled yet stays pending until its webhook."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import formats
from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed

from .. import stripe_client
from ..errors import OrdersErrorCode
from ..models import Customer, Order, Payment, Refund, StripeAccount
from ..models.orders import OrderStatus
from ..models.settings import PaymentMethod
from ..payment_methods import card_ready
from ..signals import announce, order_refunded
from ..types import StoreRef
from .events import order_event_add
from .payments import order_lock, payment_record, payment_status_of, refund_provider_register

CENT = Decimal("0.01")


def cents(amount: Decimal) -> int:
    return int((amount / CENT).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def application_fee_cents(total: Decimal) -> int:
    """The platform's fee on a payment of `total` (ORDERS["APPLICATION_FEE_PERCENT"])."""
    percent = Decimal(str(settings.ORDERS["APPLICATION_FEE_PERCENT"]))
    return cents((total * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP))


def _session_params(order: Order, amount: Decimal, *, success_url: str, cancel_url: str) -> dict:
    metadata = {"order_id": str(order.pk), "order_number": order.number, "merchant_schema": connection.schema_name}
    label = _("Order %(number)s") % {"number": order.number}
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": order.currency.lower(),
                    "unit_amount": cents(amount),
                    "product_data": {"name": label},
                },
            }
        ],
        "payment_intent_data": {
            "application_fee_amount": application_fee_cents(amount),
            "description": label,
            "metadata": metadata,
        },
        "metadata": metadata,
        "client_reference_id": str(order.pk),
        "customer_email": order.email,
        "success_url": success_url,
        "cancel_url": cancel_url,
    }


def card_checkout_start(*, store: StoreRef, order: Order, success_url: str, cancel_url: str) -> str:
    """Start paying `order` by card: a Checkout Session on the store's connected account for
    what is still due, a pending Payment with the session's id, and the URL of the payment page
    the customer is sent to."""
    ready, reason = card_ready(store=store)
    if not ready:
        raise ValidationFailed(reason, code=OrdersErrorCode.CARD_PAYMENTS_UNAVAILABLE)
    if order.store_id != store.id or order.payment_method != PaymentMethod.CARD:
        raise ValidationFailed(_("This order is not paid by card."), code=OrdersErrorCode.PAYMENT_METHOD_INVALID)
    if order.status not in (OrderStatus.OPEN, OrderStatus.CONFIRMED) or order.balance_due <= 0:
        raise ValidationFailed(_("Nothing is due on this order."), code=OrdersErrorCode.ORDER_STATE)
    account = StripeAccount.objects.get(store_id=store.id)
    account_id = stripe_client.secret_decrypt(account.account_id_encrypted)
    amount = order.balance_due
    attempt = Payment.objects.filter(order=order, provider=Payment.Provider.STRIPE).count()
    try:
        session_id, url = stripe_client.checkout_session_create(
            account_id=account_id,
            params=_session_params(order, amount, success_url=success_url, cancel_url=cancel_url),
            idempotency_key=f"checkout-{connection.schema_name}-{order.pk}-{attempt}",
        )
    except stripe_client.StripeFailed as error:
        raise ValidationFailed(
            _("The card payment could not be started: %(reason)s") % {"reason": error.message},
            code=OrdersErrorCode.STRIPE_ERROR,
        ) from error
    with transaction.atomic():
        locked = order_lock(store=store, order_id=order.pk)
        Payment.objects.create(
            order=locked,
            method=PaymentMethod.CARD,
            provider=Payment.Provider.STRIPE,
            status=Payment.Status.PENDING,
            amount=amount,
            reference=session_id,
        )
    return url


def card_payment_confirm(
    *, store: StoreRef, order_id: int | str, amount: Decimal, payment_intent: str
) -> Payment | None:
    """Stripe says the order's card payment succeeded: record it once (by its PaymentIntent).
    A payment that arrives after the order expired or was cancelled is recorded all the same and
    the order flagged for the merchant. None when it was recorded before."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        # the session's placeholder (and any other session left open) gives way to the payment
        Payment.objects.filter(order=order, provider=Payment.Provider.STRIPE, status=Payment.Status.PENDING).delete()
        if Payment.objects.filter(provider=Payment.Provider.STRIPE, reference=payment_intent).exists():
            return None
        late = order.status in (OrderStatus.EXPIRED, OrderStatus.CANCELLED)
        try:
            payment = payment_record(
                store=store,
                order_id=order.pk,
                amount=amount,
                actor=None,
                method=PaymentMethod.CARD,
                provider=Payment.Provider.STRIPE,
                reference=payment_intent,
                payment_intent=payment_intent,
            )
        except ValidationFailed as error:  # more than is due: a second payment of the same order
            _attention(order, _("A card payment came in that was not due: %(reason)s") % {"reason": error.message})
            return None
        if late:
            _attention(
                order, _("A card payment came in after the order was cancelled: refund it or restore the order.")
            )
    return payment


def _attention(order: Order, message: str) -> None:
    Order.objects.filter(pk=order.pk).update(needs_attention=True)
    order_event_add(order=order, kind="payment", actor=None, message=message, data={"needs_attention": True})


def card_payment_failed(*, store: StoreRef, order_id: int | str, message: str, session_id: str = "") -> None:
    """A card payment failed or its payment page expired: say so on the order's timeline."""
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        if session_id:
            Payment.objects.filter(
                order=order, provider=Payment.Provider.STRIPE, status=Payment.Status.PENDING, reference=session_id
            ).update(status=Payment.Status.CANCELLED)
        order_event_add(order=order, kind="payment_failed", actor=None, message=message[:500])


# --- Refunds -----------------------------------------------------------------------------------

REFUND_STATUS = {
    "succeeded": Refund.Status.SUCCEEDED,
    "failed": Refund.Status.FAILED,
    "canceled": Refund.Status.FAILED,
}


def _refund_send(payment: Payment, amount: Decimal) -> tuple[str, str, str]:
    """Refund `amount` of a card payment on the store's connected account."""
    account = StripeAccount.objects.filter(store_id=payment.order.store_id).first()
    if account is None or not stripe_client.configured():
        return Refund.Status.FAILED, "", _("Card payments are not configured.")
    done = payment.refunds.count()
    try:
        refund_id, status, failure = stripe_client.refund_create(
            account_id=stripe_client.secret_decrypt(account.account_id_encrypted),
            payment_intent=payment.payment_intent or payment.reference,
            amount_cents=cents(amount),
            metadata={"order_id": str(payment.order_id), "merchant_schema": connection.schema_name},
            idempotency_key=f"refund-{connection.schema_name}-{payment.pk}-{done}-{cents(amount)}",
        )
    except stripe_client.StripeFailed as error:
        return Refund.Status.FAILED, "", error.message
    return REFUND_STATUS.get(status, Refund.Status.PENDING), refund_id, failure


refund_provider_register(Payment.Provider.STRIPE, _refund_send)


def card_refund_settle(*, store: StoreRef, reference: str, status: str, failure: str = "") -> bool:
    """Stripe settled a refund that was pending: count it (succeeded) or mark it failed. True
    when it changed; a refund settled before, or unknown, is left alone."""
    settled = REFUND_STATUS.get(status)
    refund = Refund.objects.filter(reference=reference, status=Refund.Status.PENDING).only("order_id").first()
    if settled is None or refund is None:
        return False
    with transaction.atomic():
        order = order_lock(store=store, order_id=refund.order_id)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status != Refund.Status.PENDING:
            return False
        refund.status, refund.failure_message = settled, failure[:255]
        refund.save(update_fields=["status", "failure_message", "updated_at"])
        amount = formats.number_format(refund.amount, 2)
        if settled == Refund.Status.FAILED:
            order_event_add(
                order=order,
                kind="refund",
                actor=None,
                message=_("The refund of %(amount)s EUR failed: %(reason)s") % {"amount": amount, "reason": failure},
                data={"refund": refund.pk, "status": settled},
            )
            return True
        Payment.objects.filter(pk=refund.payment_id).update(refunded_amount=F("refunded_amount") + refund.amount)
        order.refunded_amount += refund.amount
        order.payment_status = payment_status_of(order)
        order.save(update_fields=["refunded_amount", "payment_status", "updated_at"])
        if order.customer_id is not None:
            Customer.objects.filter(pk=order.customer_id).update(total_spent=F("total_spent") - refund.amount)
        order_event_add(
            order=order,
            kind="refund",
            actor=None,
            message=_("Stripe completed the refund of %(amount)s EUR.") % {"amount": amount},
            data={"refund": refund.pk, "status": settled},
        )
        announce(
            order_refunded,
            sender=Order,
            order_id=order.pk,
            store_id=store.id,
            refund_id=refund.pk,
            amount=refund.amount,
        )
    return True
