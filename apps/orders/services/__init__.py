"""Writes of the orders app, one module per aggregate; this is their public surface."""

from .card import card_checkout_start
from .customers import customer_for_checkout
from .discounts import discount_check, discount_find, discount_redeem, discount_rule
from .events import order_event_add
from .fulfilment import FulfilLineRequest, fulfilment_create, fulfilment_deliver, fulfilment_status_of, order_confirm
from .lifecycle import order_cancel, order_expire
from .notes import order_note_add
from .payments import (
    RefundLineRequest,
    order_lock,
    payment_record,
    payment_status_of,
    refund_create,
    refund_provider_register,
)
from .placement import CheckoutDetails, LineRequest, order_place
from .returns import ReturnLineRequest, return_receive, return_reject, return_request
from .sequences import sequence_next

__all__ = [
    "FulfilLineRequest",
    "ReturnLineRequest",
    "card_checkout_start",
    "fulfilment_create",
    "fulfilment_deliver",
    "fulfilment_status_of",
    "order_confirm",
    "return_receive",
    "return_reject",
    "return_request",
    "RefundLineRequest",
    "order_cancel",
    "order_expire",
    "order_lock",
    "payment_record",
    "payment_status_of",
    "refund_create",
    "refund_provider_register",
    "CheckoutDetails",
    "LineRequest",
    "customer_for_checkout",
    "discount_check",
    "discount_find",
    "discount_redeem",
    "discount_rule",
    "order_event_add",
    "order_note_add",
    "order_place",
    "sequence_next",
]
