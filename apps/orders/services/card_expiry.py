"""Unpaid online card orders run out: past Order.expires_at their stock goes back on sale
(lifecycle.order_expire, which locks the order, so a payment arriving at the same moment wins or
waits). Run by the beat task in every merchant's schema."""

from __future__ import annotations

import logging

from django.utils import timezone

from apps.tenancy import selectors as tenancy_selectors

from ..models import Order
from ..models.orders import OrderStatus, PaymentStatus
from ..models.settings import PaymentMethod
from .lifecycle import order_expire

logger = logging.getLogger(__name__)

BATCH = 500


def card_orders_expire() -> int:
    """Expire this schema's card orders still unpaid past their time; how many expired."""
    due = (
        Order.objects.filter(
            expires_at__lte=timezone.now(),
            payment_status=PaymentStatus.PENDING,
            payment_method=PaymentMethod.CARD,
            status__in=(OrderStatus.OPEN, OrderStatus.CONFIRMED),
        )
        .order_by("expires_at", "id")
        .values_list("id", "store_id")[:BATCH]
    )
    stores: dict[int, object] = {}
    expired = 0
    for order_id, store_id in list(due):
        if store_id not in stores:
            stores[store_id] = tenancy_selectors.dangerously_store_get_by_id(store_id=store_id)
        try:
            expired += order_expire(store=stores[store_id], order_id=order_id)
        except Exception:  # one order that cannot expire must not keep the others
            logger.exception("could not expire order %s", order_id)
    return expired
