"""Carts: a database cart per store and visitor. A guest's cart is known by its token (kept in
the session by the pages, sent as X-Cart-Token by API clients); a signed-in customer has one open
cart per store, into which the guest cart is merged at login. Every change checks that the variant
is for sale and in stock and re-reads its price (CartLine.price_seen), so the cart can say what
changed since. The cart row is locked for each change, so two tabs cannot lose an update."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.core.errors import NotFound, ValidationFailed

from ..errors import OrdersErrorCode
from ..models import Cart, CartLine, Customer, Order
from ..types import StoreRef


def _refuse(message: str, code: OrdersErrorCode, field: str = "quantity") -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]})


def _check_quantity(quantity: Any) -> int:
    limit = settings.ORDERS["MAX_QUANTITY"]
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= limit:
        raise _refuse(_("Enter a quantity from 1 to %(max)d.") % {"max": limit}, OrdersErrorCode.QUANTITY_INVALID)
    return quantity


def _sale(store: StoreRef, variant_id: int) -> Any:
    """The variant as the catalog sells it now; NotFound when it is not one of the store's."""
    variant = catalog_selectors.variants_for_sale(store=store, variant_ids=[variant_id]).get(variant_id)
    if variant is None:
        raise NotFound(_("No such product in this store."), code=OrdersErrorCode.VARIANT_UNAVAILABLE)
    return variant


def _check_stock(variant: Any, quantity: int) -> None:
    if not variant.for_sale:
        raise _refuse(
            _("%(title)s is no longer available.") % {"title": variant.product_title},
            OrdersErrorCode.VARIANT_UNAVAILABLE,
        )
    if variant.available <= 0:
        raise _refuse(_("%(title)s is out of stock.") % {"title": variant.product_title}, OrdersErrorCode.OUT_OF_STOCK)
    if quantity > variant.available:
        raise _refuse(
            _("Only %(available)d of %(title)s left in stock.")
            % {"available": variant.available, "title": variant.product_title},
            OrdersErrorCode.OUT_OF_STOCK,
        )


def _locked(store: StoreRef, cart: Cart) -> Cart:
    locked = Cart.objects.select_for_update().filter(store_id=store.id, pk=cart.pk, status=Cart.Status.OPEN).first()
    if locked is None:
        raise NotFound(_("This cart is no longer open."), code=OrdersErrorCode.CART_NOT_FOUND)
    return locked


def _touch(cart: Cart) -> None:
    cart.save(update_fields=["updated_at"])


def cart_create(*, store: StoreRef, customer: Customer | None = None, session_key: str = "") -> Cart:
    """A new open cart; a customer's existing open cart when there is one (one per store)."""
    if customer is not None:
        existing = Cart.objects.filter(store_id=store.id, customer=customer, status=Cart.Status.OPEN).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return Cart.objects.create(store_id=store.id, customer=customer, session_key=session_key[:40])
    except IntegrityError:  # a parallel request made it first
        found = Cart.objects.filter(store_id=store.id, status=Cart.Status.OPEN)
        found = found.filter(customer=customer) if customer is not None else found.filter(session_key=session_key)
        return found.get()


def cart_line_add(*, store: StoreRef, cart: Cart, variant_id: int, quantity: int) -> CartLine:
    """Add `quantity` of a variant (to the line that holds it, if any) at its current price."""
    _check_quantity(quantity)
    with transaction.atomic():
        cart = _locked(store, cart)
        variant = _sale(store, variant_id)
        line = CartLine.objects.filter(cart=cart, variant_id=variant.variant_id).first()
        if line is None and cart.lines.count() >= settings.ORDERS["MAX_LINES"]:
            raise _refuse(_("Your cart is full."), OrdersErrorCode.CART_TOO_LARGE, "variant")
        total = quantity + (line.quantity if line else 0)
        _check_quantity(total)
        _check_stock(variant, total)
        if line is None:
            line = CartLine.objects.create(
                cart=cart, variant_id=variant.variant_id, quantity=total, price_seen=variant.price
            )
        else:
            line.quantity, line.price_seen = total, variant.price
            line.save(update_fields=["quantity", "price_seen", "updated_at"])
        _touch(cart)
    return line


def _line(cart: Cart, line_id: Any) -> CartLine:
    try:
        pk = int(line_id)
    except (TypeError, ValueError):
        pk = 0
    line = CartLine.objects.filter(cart=cart, pk=pk).first()
    if line is None:
        raise NotFound(_("No such line in your cart."), code=OrdersErrorCode.CART_NOT_FOUND)
    return line


def cart_line_set(*, store: StoreRef, cart: Cart, line_id: int, quantity: int) -> CartLine:
    """Change a line's quantity, re-reading its price and checking the stock."""
    _check_quantity(quantity)
    with transaction.atomic():
        cart = _locked(store, cart)
        line = _line(cart, line_id)
        variant = _sale(store, line.variant_id)
        _check_stock(variant, quantity)
        line.quantity, line.price_seen = quantity, variant.price
        line.save(update_fields=["quantity", "price_seen", "updated_at"])
        _touch(cart)
    return line


def cart_line_remove(*, store: StoreRef, cart: Cart, line_id: int) -> None:
    with transaction.atomic():
        cart = _locked(store, cart)
        _line(cart, line_id).delete()
        _touch(cart)


def cart_prices_accept(*, store: StoreRef, cart: Cart) -> None:
    """The customer has seen the current prices: they become the lines' prices seen."""
    with transaction.atomic():
        cart = _locked(store, cart)
        lines = list(cart.lines.all())
        sale = catalog_selectors.variants_for_sale(store=store, variant_ids=[line.variant_id for line in lines])
        changed = []
        for line in lines:
            variant = sale.get(line.variant_id)
            if variant is not None and variant.price != line.price_seen:
                line.price_seen = variant.price
                changed.append(line)
        CartLine.objects.bulk_update(changed, ["price_seen"])


@dataclass(frozen=True)
class Skipped:
    """A line that could not be put into a cart, and why."""

    title: str
    reason: str


def _merge_lines(store: StoreRef, target: Cart, wanted: Sequence[tuple[int, int, str]]) -> list[Skipped]:
    """Add (variant id, quantity, title) to `target` (locked), as much as the stock allows."""
    existing = {line.variant_id: line for line in target.lines.all()}
    sale = catalog_selectors.variants_for_sale(store=store, variant_ids=[v for v, _q, _t in wanted])
    limit, skipped, new, changed = settings.ORDERS["MAX_QUANTITY"], [], [], []
    for variant_id, quantity, title in wanted:
        variant, line = sale.get(variant_id), existing.get(variant_id)
        if variant is None or not variant.for_sale or variant.available <= 0:
            skipped.append(Skipped(variant.product_title if variant else title, _("no longer available")))
            continue
        total = min(quantity + (line.quantity if line else 0), variant.available, limit)
        if total < quantity + (line.quantity if line else 0):
            skipped.append(Skipped(variant.product_title, _("only %(n)d in stock") % {"n": variant.available}))
        if line is None:
            line = CartLine(cart=target, variant_id=variant_id, quantity=total, price_seen=variant.price)
            existing[variant_id] = line
            new.append(line)
        else:
            line.quantity, line.price_seen = total, variant.price
            changed.append(line)
    CartLine.objects.bulk_create(new)
    CartLine.objects.bulk_update(changed, ["quantity", "price_seen"])
    return skipped


def cart_merge(*, store: StoreRef, guest: Cart, customer: Customer) -> Cart:
    """At login: the guest cart becomes the customer's, or its lines join the customer's cart."""
    with transaction.atomic():
        guest = _locked(store, guest)
        if guest.customer_id == customer.pk:
            return guest
        target = (
            Cart.objects.select_for_update()
            .filter(store_id=store.id, customer=customer, status=Cart.Status.OPEN)
            .first()
        )
        if target is None:
            guest.customer = customer
            guest.save(update_fields=["customer", "updated_at"])
            return guest
        wanted = [(line.variant_id, line.quantity, "") for line in guest.lines.all()]
        _merge_lines(store, target, wanted)
        if target.discount_code_id is None and guest.discount_code_id is not None:
            target.discount_code_id = guest.discount_code_id
        target.save(update_fields=["discount_code", "updated_at"])
        guest.status = Cart.Status.MERGED
        guest.save(update_fields=["status", "updated_at"])
    return target


def cart_reorder(*, store: StoreRef, cart: Cart, order: Order) -> list[Skipped]:
    """Put the lines of a past order of this store into the cart; what could not go in, and why."""
    if order.store_id != store.id:
        raise NotFound(_("No such order in this store."))
    with transaction.atomic():
        cart = _locked(store, cart)
        lines = list(order.lines.all())
        wanted = [(line.variant_id, line.quantity, line.product_title) for line in lines if line.variant_id]
        skipped = [Skipped(line.product_title, _("no longer available")) for line in lines if not line.variant_id]
        skipped += _merge_lines(store, cart, wanted)
        _touch(cart)
    return skipped
