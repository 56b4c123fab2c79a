"""Placing an order: one service for every channel.

In one transaction it locks the cart (a double submit places one order), the discount code (the
last use goes to one order) and the variants' stock rows in primary-key order (two checkouts
cannot deadlock), re-reads every price, reserves the stock (or sells it at once at the till),
copies titles, SKUs, prices and VAT onto the lines, and numbers the order from the store's
gapless sequence. Anything wrong rolls all of it back: the cart stays as it was. The number of
queries does not grow with the number of lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog_services
from apps.core.audit import audit_record
from apps.core.errors import NotFound, ValidationFailed

from ..addresses import address_name
from ..errors import OrdersErrorCode
from ..models import Cart, Customer, DiscountCode, Order, OrderLine, ShippingMethod
from ..models.orders import Channel, FulfilmentStatus, PaymentStatus
from ..models.settings import PaymentMethod
from ..pricing import DiscountRule, PriceLine, Totals, totals_compute
from ..shipping import shipping_quote
from ..signals import announce, order_placed
from ..types import Actor, StoreRef
from .customers import customer_for_checkout
from .discounts import discount_check, discount_find, discount_redeem
from .events import order_event_add
from .sequences import order_sequence_name, sequence_next


@dataclass(frozen=True)
class LineRequest:
    variant_id: int
    quantity: int
    # the unit price the buyer was shown; when given and no longer the current price, the order
    # is refused (PRICE_CHANGED) so nobody pays a price they did not see
    expected_price: Decimal | None = None


@dataclass(frozen=True)
class CheckoutDetails:
    """What the buyer entered. Addresses are cleaned (addresses.address_clean) by the caller."""

    email: str
    payment_method: str
    shipping_address: dict[str, str] = field(default_factory=dict)
    billing_address: dict[str, str] = field(default_factory=dict)  # empty: same as shipping
    shipping_method_id: int | None = None
    discount_code: str = ""
    note: str = ""
    language: str = ""
    phone: str = ""
    marketing_consent: bool | None = None


@dataclass
class _Draft:
    """What is worked out before anything is written."""

    sale: dict[int, Any]
    price_lines: list[PriceLine]
    totals: Totals
    shipping: ShippingMethod | None
    discount: DiscountCode | None
    customer: Customer | None


def _refuse(message: str, code: OrdersErrorCode, field_name: str = "") -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field_name: [message]} if field_name else None)


def _check_lines(lines: Sequence[LineRequest]) -> None:
    limits = settings.ORDERS
    if not lines:
        raise _refuse(_("Your cart is empty."), OrdersErrorCode.CART_EMPTY)
    if len(lines) > limits["MAX_LINES"] or len({line.variant_id for line in lines}) != len(lines):
        raise _refuse(_("Too many lines in one order."), OrdersErrorCode.CART_TOO_LARGE)
    for line in lines:
        if not isinstance(line.quantity, int) or not 1 <= line.quantity <= limits["MAX_QUANTITY"]:
            raise _refuse(
                _("Enter a quantity from 1 to %(max)d.") % {"max": limits["MAX_QUANTITY"]},
                OrdersErrorCode.QUANTITY_INVALID,
                "quantity",
            )


def _price_lines(lines: Sequence[LineRequest], sale: dict[int, Any]) -> list[PriceLine]:
    result = []
    for line in lines:
        variant = sale.get(line.variant_id)
        if variant is None or not variant.for_sale:
            title = variant.product_title if variant else _("A product")
            raise _refuse(
                _("%(title)s is no longer available.") % {"title": title}, OrdersErrorCode.VARIANT_UNAVAILABLE
            )
        if line.expected_price is not None and line.expected_price != variant.price:
            raise _refuse(
                _("The price of %(title)s has changed. Please check your cart.") % {"title": variant.product_title},
                OrdersErrorCode.PRICE_CHANGED,
            )
        result.append(
            PriceLine(
                key=line.variant_id,
                quantity=line.quantity,
                unit_price=variant.price,
                vat_rate=variant.vat_rate,
                product_id=variant.product_id,
                category_ids=variant.category_ids,
            )
        )
    return result


def _shipping(
    *, store: StoreRef, details: CheckoutDetails, sale: dict[int, Any], lines: Sequence[LineRequest]
) -> tuple[ShippingMethod | None, Decimal | None]:
    if details.shipping_method_id is None:
        return None, None
    method = ShippingMethod.objects.filter(store_id=store.id, pk=details.shipping_method_id, is_active=True).first()
    if method is None:
        raise _refuse(_("Choose a shipping method."), OrdersErrorCode.SHIPPING_METHOD_INVALID, "shipping_method")
    weight = sum((sale[line.variant_id].weight_grams or 0) * line.quantity for line in lines)
    price = shipping_quote(method, weight_grams=weight, country=details.shipping_address.get("country", ""))
    if price is None:
        raise _refuse(
            _("%(method)s is not available for this address.") % {"method": method.name},
            OrdersErrorCode.SHIPPING_METHOD_INVALID,
            "shipping_method",
        )
    return method, price


def _discount(
    *, store: StoreRef, details: CheckoutDetails, price_lines: list[PriceLine], customer: Customer | None, now
) -> tuple[DiscountCode | None, DiscountRule | None]:
    if not details.discount_code.strip():
        return None, None
    code = discount_find(store=store, code=details.discount_code, for_update=True)
    rule = discount_check(code, lines=price_lines, now=now, customer=customer, email=details.email)
    return code, rule


def _draft(
    *, store: StoreRef, lines: Sequence[LineRequest], details: CheckoutDetails, customer: Customer | None, now
) -> _Draft:
    sale = catalog_selectors.variants_for_sale(store=store, variant_ids=[line.variant_id for line in lines])
    price_lines = _price_lines(lines, sale)
    method, shipping_price = _shipping(store=store, details=details, sale=sale, lines=lines)
    code, rule = _discount(store=store, details=details, price_lines=price_lines, customer=customer, now=now)
    totals = totals_compute(
        price_lines,
        shipping_price=shipping_price,
        shipping_vat_rate=method.vat_rate if method else Decimal("17.00"),
        free_shipping_above=method.free_above if method else None,
        discount=rule,
    )
    return _Draft(sale=sale, price_lines=price_lines, totals=totals, shipping=method, discount=code, customer=customer)


def _allocate(*, store: StoreRef, lines: Sequence[LineRequest], draft: _Draft, sell_now: bool, actor, number: str):
    op = catalog_services.StockOp.SELL if sell_now else catalog_services.StockOp.RESERVE
    changes = [catalog_services.StockChange(line.variant_id, op, line.quantity) for line in lines]
    try:
        catalog_services.stock_apply(store=store, changes=changes, actor=actor, reference=number)
    except catalog_services.InsufficientStock as error:
        names = ", ".join(
            _("%(title)s (%(available)d left)") % {"title": draft.sale[variant_id].product_title, "available": left}
            for variant_id, left in error.short.items()
        )
        raise ValidationFailed(
            _("Not enough stock: %(products)s. Your cart is unchanged; please change the quantities.")
            % {"products": names},
            code=OrdersErrorCode.OUT_OF_STOCK,
            fields={"lines": [str(variant_id) for variant_id in error.short]},
        ) from error


def _order_row(
    *, store: StoreRef, details: CheckoutDetails, draft: _Draft, channel: str, actor, now, sequence: int
) -> Order:
    totals = draft.totals
    address = details.billing_address or details.shipping_address
    staff = actor if channel in (Channel.POS, Channel.BACKOFFICE) and actor is not None else None
    number = f"{store.code}-{sequence:06d}"
    name = address_name(address) or (draft.customer.full_name if draft.customer else "")
    expires = None
    if details.payment_method == PaymentMethod.CARD:
        expires = now + timedelta(minutes=settings.ORDERS["UNPAID_CARD_MINUTES"])
    return Order.objects.create(
        store_id=store.id,
        number=number,
        sequence_number=sequence,
        channel=channel,
        customer=draft.customer,
        email=details.email,
        customer_name=name[:200],
        phone=(details.phone or address.get("phone", ""))[:32],
        language=details.language or store.language,
        shipping_address=details.shipping_address,
        billing_address=details.billing_address or details.shipping_address,
        shipping_method=draft.shipping,
        shipping_method_name=draft.shipping.name if draft.shipping else "",
        is_pickup=bool(draft.shipping and draft.shipping.is_pickup),
        payment_method=details.payment_method,
        subtotal=totals.subtotal,
        discount_total=totals.discount_total,
        shipping_total=totals.shipping_total,
        shipping_vat_rate=draft.shipping.vat_rate if draft.shipping else Decimal("17.00"),
        total=totals.total,
        vat_total=totals.vat_total,
        vat_breakdown=[row.as_dict() for row in totals.vat_breakdown],
        discount_code=draft.discount.code if draft.discount else "",
        note=details.note[:500],
        placed_at=now,
        expires_at=expires,
        placed_by_id=staff.pk if staff else None,
        placed_by_email=staff.email if staff else "",
        search_text=f"{number} {details.email} {name}".lower(),
    )


def _line_rows(order: Order, lines: Sequence[LineRequest], draft: _Draft, *, fulfilled: bool) -> list[OrderLine]:
    rows = []
    for position, (line, priced) in enumerate(zip(lines, draft.price_lines, strict=True)):
        variant = draft.sale[line.variant_id]
        discount = draft.totals.line_discounts.get(priced.key, Decimal("0.00"))
        rows.append(
            OrderLine(
                order=order,
                variant_id=variant.variant_id,
                product_id=variant.product_id,
                product_title=variant.product_title[:200],
                variant_title=variant.variant_title[:200],
                sku=variant.sku,
                gtin=variant.gtin,
                quantity=line.quantity,
                unit_price=variant.price,
                vat_rate=variant.vat_rate,
                discount_amount=discount,
                total=priced.amount - discount,
                weight_grams=variant.weight_grams,
                quantity_fulfilled=line.quantity if fulfilled else 0,
                position=position,
            )
        )
    return OrderLine.objects.bulk_create(rows)


def _lock_cart(*, store: StoreRef, cart_id: int | None) -> None:
    if cart_id is None:
        return
    cart = Cart.objects.select_for_update().filter(store_id=store.id, pk=cart_id).only("status").first()
    if cart is None:
        raise NotFound(_("No such cart."), code=OrdersErrorCode.CART_NOT_FOUND)
    if cart.status != Cart.Status.OPEN:
        raise _refuse(_("This cart has already been ordered."), OrdersErrorCode.CART_EMPTY)


def order_place(
    *,
    store: StoreRef,
    lines: Sequence[LineRequest],
    details: CheckoutDetails,
    channel: str = Channel.STOREFRONT,
    actor: Actor | None = None,
    user: Any = None,
    cart_id: int | None = None,
    handed_over: bool = False,
) -> Order:
    """Place an order. `actor`: who places it (the customer's user online, staff at the till or in
    the back office); `user`: the customer's account, if any; `cart_id`: the cart it comes from
    (marked ordered with it); `handed_over`: the goods leave at once (the till): the stock is sold
    rather than reserved and the lines are fulfilled.

    Checks of payment methods per store are the caller's (checkout, the till), which know what
    they offer; this service checks what must hold for every channel."""
    _check_lines(lines)
    now = timezone.now()
    with transaction.atomic():
        _lock_cart(store=store, cart_id=cart_id)
        customer = customer_for_checkout(
            store=store,
            email=details.email,
            user=user,
            first_name=details.shipping_address.get("first_name", "") or details.billing_address.get("first_name", ""),
            last_name=details.shipping_address.get("last_name", "") or details.billing_address.get("last_name", ""),
            language=details.language,
            marketing_consent=details.marketing_consent,
        )
        draft = _draft(store=store, lines=lines, details=details, customer=customer, now=now)
        sequence = sequence_next(order_sequence_name(store.id))
        order = _order_row(
            store=store, details=details, draft=draft, channel=channel, actor=actor, now=now, sequence=sequence
        )
        _allocate(store=store, lines=lines, draft=draft, sell_now=handed_over, actor=actor, number=order.number)
        order.lines_cache = _line_rows(order, lines, draft, fulfilled=handed_over)
        if handed_over:
            Order.objects.filter(pk=order.pk).update(fulfilment_status=FulfilmentStatus.FULFILLED, fulfilled_at=now)
            order.fulfilment_status, order.fulfilled_at = FulfilmentStatus.FULFILLED, now
        if draft.discount is not None:
            discount_redeem(code=draft.discount, order=order, customer=customer, amount=draft.totals.discount_total)
        Customer.objects.filter(pk=customer.pk).update(orders_count=F("orders_count") + 1, last_order_at=now)
        if cart_id is not None:
            Cart.objects.filter(pk=cart_id).update(status=Cart.Status.ORDERED, updated_at=now)
        order_event_add(
            order=order,
            kind="placed",
            actor=actor,
            by_customer=channel == Channel.STOREFRONT,
            data={"channel": channel, "total": str(order.total)},
        )
        audit_record(
            actor=actor,
            action="orders.order_place",
            target=order.number,
            store=store,
            data={"total": str(order.total), "lines": len(lines), "channel": channel},
        )
        if order.total == 0:
            Order.objects.filter(pk=order.pk).update(payment_status=PaymentStatus.PAID, paid_at=now, expires_at=None)
            order.payment_status, order.paid_at, order.expires_at = PaymentStatus.PAID, now, None
        announce(order_placed, sender=Order, order_id=order.pk, store_id=store.id)
    return order
