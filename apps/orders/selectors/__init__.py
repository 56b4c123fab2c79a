"""Reads of the orders app, by area; this is their public surface. Every function takes the
store and looks only inside it."""

from ..services.checkout import shipping_countries
from .carts import (
    CART_SESSION_KEY,
    CartLineView,
    CartView,
    ShippingOption,
    cart_find,
    cart_view,
    checkout_order,
    checkout_payment_options,
    customer_of,
    customer_order,
    customer_orders,
    price_lines,
    shipping_options,
)

__all__ = [
    "CART_SESSION_KEY",
    "CartLineView",
    "CartView",
    "ShippingOption",
    "cart_find",
    "cart_view",
    "checkout_order",
    "checkout_payment_options",
    "customer_of",
    "customer_order",
    "customer_orders",
    "price_lines",
    "shipping_countries",
    "shipping_options",
]
