"""The buyer's link to their order's confirmation page: signed, so only whoever placed the order
(and whoever they share the link with) can open it, for 30 days."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from .models import Order

SALT = "orders.checkout.done"
MAX_AGE = 60 * 60 * 24 * 30


def done_token(order: Order) -> str:
    return signing.dumps({"s": order.store_id, "o": order.pk}, salt=SALT)


def done_order_id(token: str, *, store_id: int) -> int | None:
    """The order id a token names, if it is genuine, recent and of this store."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != store_id or not isinstance(data.get("o"), int):
        return None
    return data["o"]


def card_return_urls(request, order: Order) -> tuple[str, str]:
    """Where Stripe sends the buyer back: the confirmation page, which offers to pay again or to
    change the order when they left the payment page without paying."""
    done = request.build_absolute_uri(reverse("shop:checkout_done", args=[done_token(order)]))
    return done, f"{done}?card=cancelled"
