"""Writes of the orders app, one module per aggregate; this is their public surface."""

from .card import card_checkout_start
from .carts import (
    Skipped,
    cart_create,
    cart_line_add,
    cart_line_remove,
    cart_line_set,
    cart_merge,
    cart_prices_accept,
    cart_reorder,
)
from .checkout import (
    UNSET,
    CheckoutInput,
    CheckoutResult,
    cart_discount_apply,
    cart_discount_remove,
    checkout_complete,
    checkout_prefill,
    checkout_update,
    shipping_countries,
)
from .customers import customer_for_checkout
from .discount_codes import discount_code_create
from .discounts import discount_check, discount_find, discount_redeem, discount_rule
from .events import order_event_add
from .external import ExternalLine, order_line_match, order_record_external  # noqa: F401 - marketplaces
from .fulfilment import FulfilLineRequest, fulfilment_create, fulfilment_deliver, fulfilment_status_of, order_confirm
from .idempotency import IdempotentOutcome, idempotency_key_clean, idempotent_call
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
from .pos import PosLine, PosPayment, PosSale, pos_sale_create, pos_walk_in_email
from .returns import ReturnLineRequest, return_receive, return_reject, return_request
from .sequences import sequence_next

__all__ = [
    "Skipped",
    "cart_create",
    "cart_line_add",
    "cart_line_remove",
    "cart_line_set",
    "cart_merge",
    "cart_prices_accept",
    "cart_reorder",
    "UNSET",
    "CheckoutInput",
    "CheckoutResult",
    "cart_discount_apply",
    "cart_discount_remove",
    "checkout_complete",
    "checkout_prefill",
    "checkout_update",
    "shipping_countries",
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
    "discount_code_create",
    "discount_find",
    "discount_redeem",
    "discount_rule",
    "order_event_add",
    "order_note_add",
    "order_place",
    "sequence_next",
    "IdempotentOutcome",
    "idempotency_key_clean",
    "idempotent_call",
    "PosLine",
    "PosPayment",
    "PosSale",
    "pos_sale_create",
    "pos_walk_in_email",
]
