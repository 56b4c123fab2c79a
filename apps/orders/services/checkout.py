"""Checkout on the storefront: the details kept on the cart step by step (contact, addresses,
shipping and payment method, discount code, note), each checked as it is set, and placing the
order from the cart. Placing goes through order_place, which re-checks everything in one
transaction; a refusal (out of stock, a changed price, a code used up) leaves the cart as it was."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.core.errors import ApplicationError, NotFound, ValidationFailed

from ..addresses import address_clean
from ..errors import OrdersErrorCode
from ..models import Cart, Customer, DiscountCode, Order, ShippingMethod
from ..models.settings import PaymentMethod
from ..payment_methods import payment_method_allowed
from ..pricing import PriceLine
from ..shipping import shipping_quote
from ..types import Actor, StoreRef
from .card import card_checkout_start
from .discounts import discount_check, discount_find
from .lifecycle import order_cancel
from .placement import CheckoutDetails, LineRequest, order_place

UNSET: Any = object()


def _refuse(message: str, code: OrdersErrorCode, field: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]})


def _open(store: StoreRef, cart: Cart, *, lock: bool = False) -> Cart:
    carts = Cart.objects.filter(store_id=store.id, pk=cart.pk, status=Cart.Status.OPEN)
    carts = carts.select_related("discount_code", "shipping_method")
    found = (carts.select_for_update(of=("self",)) if lock else carts).first()
    if found is None:
        raise NotFound(_("This cart is no longer open."), code=OrdersErrorCode.CART_NOT_FOUND)
    return found


def shipping_countries(*, store: StoreRef) -> list[str] | None:
    """ISO codes the store's active methods ship to, sorted; None when it only offers pickup (any
    address will do); [] when it offers nothing."""
    methods = list(ShippingMethod.objects.filter(store_id=store.id, is_active=True))
    codes = sorted({code for method in methods if not method.is_pickup for code in method.countries})
    if not codes and any(method.is_pickup for method in methods):
        return None
    return codes


def _cart_sale(store: StoreRef, cart: Cart) -> tuple[list, dict[int, Any]]:
    lines = list(cart.lines.all())
    return lines, catalog_selectors.variants_for_sale(store=store, variant_ids=[line.variant_id for line in lines])


def _price_lines(lines: list, sale: dict[int, Any]) -> list[PriceLine]:
    result = []
    for line in lines:
        variant = sale.get(line.variant_id)
        if variant is not None and variant.for_sale:
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


# --- discount code -------------------------------------------------------------------------------


def cart_discount_apply(*, store: StoreRef, cart: Cart, code: str, customer: Customer | None = None) -> DiscountCode:
    """Put a code on the cart once it applies to it now; else ValidationFailed with the reason."""
    with transaction.atomic():
        cart = _open(store, cart, lock=True)
        found = discount_find(store=store, code=code)
        lines, sale = _cart_sale(store, cart)
        discount_check(found, lines=_price_lines(lines, sale), now=timezone.now(), customer=customer, email=cart.email)
        cart.discount_code = found
        cart.save(update_fields=["discount_code", "updated_at"])
    return found


def cart_discount_remove(*, store: StoreRef, cart: Cart) -> None:
    with transaction.atomic():
        cart = _open(store, cart, lock=True)
        cart.discount_code = None
        cart.save(update_fields=["discount_code", "updated_at"])


# --- the checkout steps --------------------------------------------------------------------------


def _email(value: Any) -> str:
    email = str(value or "").strip()[:254]
    try:
        validate_email(email)
    except ValidationError:
        raise _refuse(_("Enter a valid e-mail address."), OrdersErrorCode.EMAIL_REQUIRED, "email") from None
    return email


def _weight(store: StoreRef, cart: Cart) -> int:
    lines, sale = _cart_sale(store, cart)
    return sum((sale[line.variant_id].weight_grams or 0) * line.quantity for line in lines if line.variant_id in sale)


def _method(store: StoreRef, cart: Cart, method_id: Any) -> ShippingMethod:
    try:
        pk = int(method_id)
    except (TypeError, ValueError):
        pk = 0
    method = ShippingMethod.objects.filter(store_id=store.id, pk=pk, is_active=True).first()
    if method is None:
        raise _refuse(_("Choose a shipping method."), OrdersErrorCode.SHIPPING_METHOD_INVALID, "shipping_method")
    country = cart.shipping_address.get("country", "")
    if not method.is_pickup and not country:
        raise _refuse(
            _("Enter the shipping address first."), OrdersErrorCode.SHIPPING_METHOD_INVALID, "shipping_method"
        )
    if shipping_quote(method, weight_grams=_weight(store, cart), country=country) is None:
        raise _refuse(
            _("%(method)s is not available for this address.") % {"method": method.name},
            OrdersErrorCode.SHIPPING_METHOD_INVALID,
            "shipping_method",
        )
    return method


def _shipping_address(store: StoreRef, cart: Cart, data: Any) -> None:
    cart.shipping_address = address_clean(
        data, prefix="shipping_address", countries_allowed=shipping_countries(store=store)
    )
    method = cart.shipping_method
    if method is not None and not method.is_pickup and cart.shipping_address["country"] not in method.countries:
        cart.shipping_method = None  # no longer offered for the new address


def _payment(store: StoreRef, cart: Cart, method: Any, customer: Customer | None) -> str:
    pickup = bool(cart.shipping_method and cart.shipping_method.is_pickup)
    if not payment_method_allowed(store=store, method=str(method or ""), customer=customer, pickup=pickup):
        raise _refuse(
            _("Choose one of the payment methods offered."), OrdersErrorCode.PAYMENT_METHOD_INVALID, "payment_method"
        )
    return str(method)


@dataclass(frozen=True)
class CheckoutInput:
    """What one checkout step sends; UNSET leaves a detail as it is. billing_address: {} means
    the same as the shipping address."""

    email: Any = UNSET
    shipping_address: Any = UNSET
    billing_address: Any = UNSET
    shipping_method_id: Any = UNSET
    payment_method: Any = UNSET
    note: Any = UNSET


def checkout_update(*, store: StoreRef, cart: Cart, data: CheckoutInput, customer: Customer | None = None) -> Cart:
    """Set the checkout details given in `data` on the cart, each checked; nothing is saved when
    one is refused. The errors name their fields (email, shipping_address.city, ...)."""
    with transaction.atomic():
        cart = _open(store, cart, lock=True)
        if data.email is not UNSET:
            cart.email = _email(data.email)
        if data.shipping_address is not UNSET:
            _shipping_address(store, cart, data.shipping_address)
        if data.billing_address is not UNSET:
            cart.billing_address = (
                address_clean(data.billing_address, prefix="billing_address") if data.billing_address else {}
            )
        if data.shipping_method_id is not UNSET:
            cart.shipping_method = _method(store, cart, data.shipping_method_id)
        if data.payment_method is not UNSET:
            cart.payment_method = _payment(store, cart, data.payment_method, customer)
        if data.note is not UNSET:
            cart.note = str(data.note or "").strip()[:500]
        cart.save()
    return cart


# --- placing the order ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    redirect_url: str = ""  # card payments: the payment page to send the buyer to


def _ready(store: StoreRef, cart: Cart, customer: Customer | None) -> None:
    """Every step done, and the payment method still allowed."""
    if not cart.email:
        raise _refuse(_("Enter your e-mail address."), OrdersErrorCode.EMAIL_REQUIRED, "email")
    if not cart.shipping_address:
        raise _refuse(_("Enter the shipping address."), OrdersErrorCode.ADDRESS_INVALID, "shipping_address")
    if cart.shipping_method_id is None:
        raise _refuse(_("Choose a shipping method."), OrdersErrorCode.SHIPPING_METHOD_INVALID, "shipping_method")
    _payment(store, cart, cart.payment_method, customer)


def checkout_complete(
    *,
    store: StoreRef,
    cart: Cart,
    user: Actor | None = None,
    customer: Customer | None = None,
    expected_prices: Mapping[int, Decimal] | None = None,
    card_urls: Callable[[Order], tuple[str, str]] | None = None,
) -> CheckoutResult:
    """Place the order of the cart. `expected_prices`: {variant id: unit price the buyer was
    shown} (default: the prices the cart last showed, CartLine.price_seen); a different current
    price refuses the order (PRICE_CHANGED). `card_urls(order)` gives the success and cancel
    addresses of a card payment. The payment starts after the order is committed, so no stock or
    order-number lock is held while Stripe answers; when it cannot start, the order is cancelled
    (its stock released) and the cart is open again as it was."""
    cart = _open(store, cart)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    _ready(store, cart, customer)
    prices = expected_prices or {}
    lines = [
        LineRequest(
            variant_id=line.variant_id,
            quantity=line.quantity,
            expected_price=prices.get(line.variant_id, line.price_seen),
        )
        for line in cart.lines.all()
    ]
    details = CheckoutDetails(
        email=cart.email,
        payment_method=cart.payment_method,
        shipping_address=cart.shipping_address,
        billing_address=cart.billing_address,
        shipping_method_id=cart.shipping_method_id,
        discount_code=cart.discount_code.code if cart.discount_code else "",
        note=cart.note,
        language=get_language() or "",
    )
    order = order_place(
        store=store,
        lines=lines,
        details=details,
        actor=user if signed_in else None,
        user=user if signed_in else None,
        cart_id=cart.pk,
    )
    url = ""
    if order.payment_method == PaymentMethod.CARD and order.total > 0 and card_urls is not None:
        url = _card_start(store=store, cart=cart, order=order, card_urls=card_urls)
    return CheckoutResult(order=order, redirect_url=url)


def _card_start(*, store: StoreRef, cart: Cart, order: Order, card_urls: Callable[[Order], tuple[str, str]]) -> str:
    success, cancel = card_urls(order)
    try:
        return card_checkout_start(store=store, order=order, success_url=success, cancel_url=cancel)
    except ApplicationError:
        with transaction.atomic():
            order_cancel(store=store, order_id=order.pk, actor=None, reason=_("The card payment could not start."))
            reopened = Cart.objects.filter(store_id=store.id, pk=cart.pk, status=Cart.Status.ORDERED)
            # the visitor may have opened another cart meanwhile: then that one stays
            with suppress(IntegrityError), transaction.atomic():
                reopened.update(status=Cart.Status.OPEN)
        raise


def checkout_prefill(*, store: StoreRef, cart: Cart, email: str) -> None:
    """A signed-in customer's e-mail on a cart that has none yet."""
    if not cart.email and email:
        Cart.objects.filter(store_id=store.id, pk=cart.pk, email="").update(email=email[:254])
        cart.email = email[:254]
