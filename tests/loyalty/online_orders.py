"""Orders for the online loyalty tests: a card for a customer with an account, and storefront
orders of that customer, paid, refunded and returned through the orders services (with the
signals and the tasks they queue run, as after a commit)."""

from __future__ import annotations

from decimal import Decimal

from apps.orders import services as order_services
from apps.orders.models import Order

from ..orders.factories import place, shop_setup, variant
from .factories import card_make


def member_card(tenant, email: str = "anna@example.lu"):
    """A card of a customer who has a storefront account (customer.user set)."""
    user = tenant.customer(email)
    return card_make(tenant.store, email=email, user=user)


def storefront_order(store, *, email: str = "anna@example.lu", price: str = "25.00", quantity: int = 2, **overrides):
    """A placed storefront order of one line (quantity x price), unpaid, with shipping."""
    methods = shop_setup(store)
    return place(store, [(variant(store, stock=50, price=price), quantity)], methods=methods, email=email, **overrides)


def pay(capture, store, order: Order) -> Order:
    with capture(execute=True):
        order_services.payment_record(
            store=store, order_id=order.pk, amount=order.total, method="bank_transfer", actor=None
        )
    order.refresh_from_db()
    return order


def refund(capture, store, order: Order, amount: str) -> None:
    with capture(execute=True):
        order_services.refund_create(store=store, order_id=order.pk, actor=None, amount=Decimal(amount))


def return_all(capture, store, order: Order, *, refund: bool = True) -> None:
    lines = [order_services.ReturnLineRequest(line.pk, line.quantity) for line in order.lines.all()]
    with capture(execute=True):
        order_services.fulfilment_create(store=store, order_id=order.pk, actor=None, notify_customer=False)
        ret = order_services.return_request(store=store, order_id=order.pk, lines=lines, actor=None)
        order_services.return_receive(store=store, order_id=order.pk, return_id=ret.pk, actor=None, refund=refund)
