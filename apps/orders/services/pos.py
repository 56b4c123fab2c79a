"""A sale at the till: scanned codes in, an order that is handed over and paid out, in one
transaction - no order without its payment, no payment without its order.

A walk-in buyer who gives no e-mail address is booked on the store's walk-in customer (one per
store, with an address under the reserved .invalid domain, so nothing is ever mailed to it):
every order has a customer, as order placement needs one, while the merchant's real customers
stay free of anonymous records. A buyer who gives an e-mail address gets the order (and the
lifetime spend) on their own customer record, as online.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.core.errors import ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Order, Payment
from ..models.orders import Channel
from ..models.settings import PaymentMethod
from ..types import Actor, StoreRef
from .events import order_event_add
from .payments import payment_record
from .placement import CheckoutDetails, LineRequest, order_place

POS_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD_PRESENT)
WALK_IN_DOMAIN = "walk-in.invalid"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PosLine:
    code: str  # SKU (any case) or barcode
    quantity: int


@dataclass(frozen=True)
class PosPayment:
    method: str  # cash or card_present
    amount: Decimal  # cash: what was handed over, change included


@dataclass(frozen=True)
class PosSale:
    order: Order
    payments: list[Payment]
    tendered: Decimal
    change: Decimal


def pos_walk_in_email(store: StoreRef) -> str:
    """The e-mail address of the store's walk-in customer."""
    return f"till-{store.code.lower()}@{WALK_IN_DOMAIN}"


def _refuse(message: str, code: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]})


def _line_requests(store: StoreRef, lines: Sequence[PosLine]) -> list[LineRequest]:
    """Codes to variants; the same variant scanned twice is one line."""
    found = catalog_selectors.variants_for_sale_by_code(store=store, codes=[line.code for line in lines])
    unknown = [line.code for line in lines if line.code.strip() not in found]
    if unknown:
        message = _("Unknown SKU or barcode: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise _refuse(message, OrdersErrorCode.VARIANT_UNAVAILABLE, "lines")
    quantities: dict[int, int] = {}
    for line in lines:
        variant_id = found[line.code.strip()].variant_id
        quantities[variant_id] = quantities.get(variant_id, 0) + line.quantity
    return [LineRequest(variant_id=variant_id, quantity=quantity) for variant_id, quantity in quantities.items()]


def _check_payments(payments: Sequence[PosPayment]) -> None:
    if not payments:
        raise _refuse(_("Record how the sale is paid."), OrdersErrorCode.PAYMENT_METHOD_INVALID, "payments")
    for payment in payments:
        if payment.method not in POS_METHODS:
            raise _refuse(
                _("The till takes cash or card payments."), OrdersErrorCode.PAYMENT_METHOD_INVALID, "payments"
            )
        if payment.amount <= 0:
            raise _refuse(_("Enter an amount above zero."), OrdersErrorCode.PAYMENT_METHOD_INVALID, "payments")


def _main_method(payments: Sequence[PosPayment]) -> str:
    """The order's payment method: the one that pays the largest share (the first of equals)."""
    return max(payments, key=lambda payment: payment.amount).method


def _plan(total: Decimal, payments: Sequence[PosPayment]) -> tuple[list[tuple[str, Decimal]], Decimal]:
    """What each payment records (cards first, then cash up to what is still due) and the change
    due. Cards never pay more than the total; only cash gives change."""
    tendered = sum((payment.amount for payment in payments), ZERO)
    cards = sum((p.amount for p in payments if p.method == PaymentMethod.CARD_PRESENT), ZERO)
    if tendered < total:
        due = formats.number_format(total - tendered, 2)
        message = _("%(due)s EUR is still missing: the payments must cover the total.") % {"due": due}
        raise _refuse(message, OrdersErrorCode.PAYMENT_TOO_MUCH, "payments")
    if cards > total:
        message = _("Card payments cannot exceed the total; only cash gives change.")
        raise _refuse(message, OrdersErrorCode.PAYMENT_TOO_MUCH, "payments")
    left, plan = total, []
    ordered = sorted(payments, key=lambda p: p.method != PaymentMethod.CARD_PRESENT)  # stable: cards first
    for payment in ordered:
        share = min(payment.amount, left)
        if share > 0:
            plan.append((payment.method, share))
            left -= share
    return plan, tendered - total


def pos_sale_create(
    *,
    store: StoreRef,
    cashier: Actor,
    lines: Sequence[PosLine],
    payments: Sequence[PosPayment],
    email: str = "",
) -> PosSale:
    """Sell at the till: the order (channel "pos", handed over, so the stock is sold at once and
    the lines fulfilled) and its payments, in one transaction."""
    if not lines:
        raise _refuse(_("Scan at least one product."), OrdersErrorCode.CART_EMPTY, "lines")
    _check_payments(payments)
    with transaction.atomic():
        requests = _line_requests(store, lines)
        details = CheckoutDetails(
            email=email.strip().lower() or pos_walk_in_email(store),
            payment_method=_main_method(payments),
            language=store.language,
        )
        order = order_place(
            store=store, lines=requests, details=details, channel=Channel.POS, actor=cashier, handed_over=True
        )
        plan, change = _plan(order.total, payments)
        recorded = [
            payment_record(store=store, order_id=order.pk, amount=amount, method=method, actor=cashier)
            for method, amount in plan
        ]
        tendered = sum((payment.amount for payment in payments), ZERO)
        if change > 0:
            order_event_add(
                order=order,
                kind="note",
                actor=cashier,
                message=_("Cash tendered %(tendered)s EUR, change %(change)s EUR.")
                % {"tendered": formats.number_format(tendered, 2), "change": formats.number_format(change, 2)},
                data={"pos": {"tendered": str(tendered), "change": str(change)}},
            )
        order.refresh_from_db()
    return PosSale(order=order, payments=recorded, tendered=tendered, change=change)
