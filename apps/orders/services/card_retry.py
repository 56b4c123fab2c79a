"""After the buyer came back from Stripe's payment page without paying: pay again, or take the
order back into the cart to change it (the order is cancelled and its stock released)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Cart, Order
from ..models.orders import OrderStatus, PaymentStatus
from ..models.settings import PaymentMethod
from ..types import StoreRef
from .card import card_checkout_start
from .carts import Skipped, cart_reorder
from .lifecycle import order_cancel
from .payments import order_lock


def card_awaiting(order: Order) -> bool:
    """A card order nothing has been paid on, still open for payment."""
    return (
        order.payment_method == PaymentMethod.CARD
        and order.payment_status == PaymentStatus.PENDING
        and order.status in (OrderStatus.OPEN, OrderStatus.CONFIRMED)
    )


def _awaiting(store: StoreRef, order_id: int) -> Order:
    order = order_lock(store=store, order_id=order_id)
    if not card_awaiting(order):
        raise ValidationFailed(
            _("This order is no longer waiting for a card payment."), code=OrdersErrorCode.ORDER_STATE
        )
    return order


def card_payment_retry(*, store: StoreRef, order_id: int, card_urls: Callable[[Order], tuple[str, str]]) -> str:
    """A new payment page for the order: its address."""
    with transaction.atomic():
        order = _awaiting(store, order_id)
    success, cancel = card_urls(order)
    return card_checkout_start(store=store, order=order, success_url=success, cancel_url=cancel)


def card_payment_abandon(*, store: StoreRef, order_id: int, cart: Cart) -> list[Skipped]:
    """Cancel the unpaid order and put its products back into `cart`: what could not go back."""
    with transaction.atomic():
        order = _awaiting(store, order_id)
        order_cancel(store=store, order_id=order.pk, actor=None, reason=_("The customer changed the order."))
        return cart_reorder(store=store, cart=cart, order=order)
