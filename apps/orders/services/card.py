"""Online card payments through the store's Stripe Connect account.

Until the Stripe module is in place, no store accepts cards (payment_methods.card_ready says so)
and starting a card payment is refused with a clear error."""

from __future__ import annotations

from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Order
from ..types import StoreRef


def card_checkout_start(*, store: StoreRef, order: Order, success_url: str, cancel_url: str) -> str:
    """Start paying `order` by card: the URL of the payment page the customer is sent to."""
    del store, order, success_url, cancel_url
    raise ValidationFailed(
        _("Card payments are not set up for this store."), code=OrdersErrorCode.CARD_PAYMENTS_UNAVAILABLE
    )
