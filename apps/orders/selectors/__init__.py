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
from .pos import pos_order_get

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
    "pos_order_get",
    "price_lines",
    "shipping_countries",
    "shipping_options",
]

from .customers import customer_address_get as customer_address_get
from .customers import customer_countries as customer_countries
from .customers import customer_get as customer_get
from .customers import customer_list as customer_list
from .customers import customer_recent_orders as customer_recent_orders
from .discount_codes import discount_code_get as discount_code_get
from .discount_codes import discount_code_list as discount_code_list
from .discount_codes import discount_code_state as discount_code_state
from .discount_codes import discount_redemption_list as discount_redemption_list
from .orders import COUNT_CAP as COUNT_CAP
from .orders import OrderPaginator as OrderPaginator
from .orders import order_get as order_get
from .orders import order_list as order_list
from .orders import order_search as order_search
from .shipping_methods import shipping_method_get as shipping_method_get
from .shipping_methods import shipping_method_list as shipping_method_list
