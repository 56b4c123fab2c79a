"""The orders app's tables, all in the merchant's schema: customers and their addresses, carts,
shipping and payment set-up per store, discount codes, orders with their lines, payments,
fulfilments, returns and refunds, invoices, and the counters that number them."""

from .carts import Cart, CartLine
from .customers import Address, Customer
from .discounts import DiscountCode, DiscountRedemption
from .orders import Order, OrderEvent, OrderLine
from .payments import IdempotentRequest, Payment, Refund, StripeAccount
from .sales import Fulfilment, FulfilmentLine, Invoice, Return, ReturnLine
from .sequences import Sequence
from .settings import CheckoutSettings, ShippingMethod

__all__ = [
    "Address",
    "Cart",
    "CartLine",
    "CheckoutSettings",
    "Customer",
    "DiscountCode",
    "DiscountRedemption",
    "Fulfilment",
    "FulfilmentLine",
    "IdempotentRequest",
    "Invoice",
    "Order",
    "OrderEvent",
    "OrderLine",
    "Payment",
    "Refund",
    "Return",
    "ReturnLine",
    "Sequence",
    "ShippingMethod",
    "StripeAccount",
]
