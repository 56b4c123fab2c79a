"""Reads of carts and checkout: which cart a visitor has, what it holds now (current prices,
stock and what changed since a line was added), its totals and the options of each checkout
step. A constant number of queries for any number of lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from apps.catalog import selectors as catalog_selectors
from apps.core.errors import ApplicationError

from ..models import Cart, Customer, Order, ShippingMethod
from ..payment_methods import MethodOption, payment_options
from ..pricing import DiscountRule, PriceLine, Totals, totals_compute
from ..services.discounts import discount_check
from ..shipping import shipping_quote
from ..types import StoreRef


@dataclass(frozen=True)
class CartLineView:
    line_id: int
    variant_id: int
    quantity: int
    sale: Any  # catalog SaleVariant, None when the variant is gone from the catalog
    unit_price: Decimal  # the current price (price_seen when the variant is gone)
    price_seen: Decimal
    available: int

    @property
    def title(self) -> str:
        return self.sale.product_title if self.sale else ""

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def unavailable(self) -> bool:
        return self.sale is None or not self.sale.for_sale or self.available <= 0

    @property
    def short(self) -> bool:
        """Fewer in stock than the line holds (but some)."""
        return not self.unavailable and self.available < self.quantity

    @property
    def price_up(self) -> bool:
        return self.sale is not None and self.unit_price > self.price_seen

    @property
    def price_down(self) -> bool:
        return self.sale is not None and self.unit_price < self.price_seen

    @property
    def changed(self) -> bool:
        return self.unavailable or self.short or self.price_up or self.price_down

    @property
    def orderable(self) -> bool:
        return not self.unavailable and not self.short


@dataclass(frozen=True)
class ShippingOption:
    method: ShippingMethod
    price: Decimal  # before the free-above threshold
    free: bool  # free for this cart (threshold reached or a free-shipping code)


@dataclass
class CartView:
    cart: Cart | None
    lines: list[CartLineView]
    totals: Totals
    shipping: ShippingMethod | None = None
    shipping_price: Decimal | None = None
    discount_error: str = ""  # why the cart's code does not apply now
    discount_rule: DiscountRule | None = None
    weight_grams: int = 0
    options: list[ShippingOption] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def changed(self) -> bool:
        return any(line.changed for line in self.lines)

    @property
    def orderable(self) -> bool:
        return bool(self.lines) and all(line.orderable for line in self.lines)

    @property
    def discount_code(self) -> str:
        return self.cart.discount_code.code if self.cart and self.cart.discount_code else ""


EMPTY = totals_compute([])
# where the pages keep a guest's cart token in the session
CART_SESSION_KEY = "orders.cart"


def customer_of(*, user: Any) -> Customer | None:
    """The signed-in user's customer record in this merchant, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Customer.objects.filter(user_id=user.pk).first()


def cart_find(*, store: StoreRef, token: str = "", customer: Customer | None = None) -> Cart | None:
    """The open cart of a visitor: the customer's when signed in, else the guest cart of `token`
    (another customer's cart is never found by its token)."""
    carts = Cart.objects.filter(store_id=store.id, status=Cart.Status.OPEN).select_related("discount_code")
    if customer is not None:
        return carts.filter(customer=customer).first()
    token = (token or "").strip()[:40]
    if not token:
        return None
    return carts.filter(token=token, customer__isnull=True).first()


def _line_views(store: StoreRef, cart: Cart) -> list[CartLineView]:
    lines = list(cart.lines.all())
    sale = catalog_selectors.variants_for_sale(store=store, variant_ids=[x.variant_id for x in lines])
    views = []
    for line in lines:
        variant = sale.get(line.variant_id)
        views.append(
            CartLineView(
                line_id=line.pk,
                variant_id=line.variant_id,
                quantity=line.quantity,
                sale=variant,
                unit_price=variant.price if variant else line.price_seen,
                price_seen=line.price_seen,
                available=variant.available if variant else 0,
            )
        )
    return views


def price_lines(lines: Sequence[CartLineView]) -> list[PriceLine]:
    """The lines that can be ordered, as pricing takes them."""
    return [
        PriceLine(
            key=line.variant_id,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.sale.vat_rate,
            product_id=line.sale.product_id,
            category_ids=line.sale.category_ids,
        )
        for line in lines
        if not line.unavailable
    ]


def _discount(cart: Cart, priced: list[PriceLine], customer: Customer | None) -> tuple[DiscountRule | None, str]:
    code = cart.discount_code
    if code is None or not priced:
        return None, ""
    try:
        return discount_check(code, lines=priced, now=timezone.now(), customer=customer, email=cart.email), ""
    except ApplicationError as error:
        return None, error.message


def shipping_options(*, store: StoreRef, country: str, weight_grams: int, methods=None) -> list[ShippingOption]:
    """The active methods offered to `country` for a parcel of that weight, with their prices."""
    if methods is None:
        methods = ShippingMethod.objects.filter(store_id=store.id, is_active=True)
    options = []
    for method in methods:
        price = shipping_quote(method, weight_grams=weight_grams, country=country)
        if price is not None:
            options.append(ShippingOption(method=method, price=price, free=False))
    return options


def cart_view(*, store: StoreRef, cart: Cart | None, customer: Customer | None = None) -> CartView:
    """What the cart holds now, what changed, and its totals with its shipping method and code."""
    if cart is None or cart.store_id != store.id:
        return CartView(cart=None, lines=[], totals=EMPTY)
    lines = _line_views(store, cart)
    priced = price_lines(lines)
    rule, discount_error = _discount(cart, priced, customer)
    weight = sum((line.sale.weight_grams or 0) * line.quantity for line in lines if not line.unavailable)
    country = cart.shipping_address.get("country", "") if isinstance(cart.shipping_address, dict) else ""
    methods = list(ShippingMethod.objects.filter(store_id=store.id, is_active=True))
    options = shipping_options(store=store, country=country, weight_grams=weight, methods=methods)
    chosen = next((o for o in options if o.method.pk == cart.shipping_method_id), None)
    totals = totals_compute(
        priced,
        shipping_price=chosen.price if chosen else None,
        shipping_vat_rate=chosen.method.vat_rate if chosen else Decimal("17.00"),
        free_shipping_above=chosen.method.free_above if chosen else None,
        discount=rule,
    )
    after_discount = totals.subtotal - totals.discount_total
    free_code = rule is not None and rule.kind == "free_shipping"
    options = [
        ShippingOption(
            method=o.method,
            price=o.price,
            free=free_code or (o.method.free_above is not None and after_discount >= o.method.free_above),
        )
        for o in options
    ]
    return CartView(
        cart=cart,
        lines=lines,
        totals=totals,
        shipping=chosen.method if chosen else None,
        shipping_price=chosen.price if chosen else None,
        discount_error=discount_error,
        discount_rule=rule,
        weight_grams=weight,
        options=options,
    )


def checkout_payment_options(*, store: StoreRef, view: CartView, customer: Customer | None) -> list[MethodOption]:
    pickup = bool(view.shipping and view.shipping.is_pickup)
    return payment_options(store=store, customer=customer, pickup=pickup)


def customer_orders(*, store: StoreRef, customer: Customer | None):
    """The customer's orders in this store, newest first (none for no customer)."""
    if customer is None:
        return Order.objects.none()
    return Order.objects.filter(store_id=store.id, customer=customer).order_by("-placed_at", "-id")


def customer_order(*, store: StoreRef, customer: Customer | None, number: str) -> Order | None:
    """One of the customer's orders in this store by its number, with what its page shows."""
    if customer is None:
        return None
    return (
        Order.objects.filter(store_id=store.id, customer=customer, number=(number or "")[:40])
        .prefetch_related("lines", "fulfilments", "returns__lines", "invoices")
        .first()
    )


def checkout_order(*, store: StoreRef, order_id: int) -> Order | None:
    """The order a checkout just placed in this store, with its lines (the confirmation page)."""
    return Order.objects.filter(store_id=store.id, pk=order_id).prefetch_related("lines").first()
