"""Orders for the order management tests, made through the services."""

from __future__ import annotations

from apps.core.roles import Role
from apps.orders import services

from .factories import place, variant

PAGE = "/store/{code}/orders/"
API = "/api/v1/store/stores/{code}/orders/"


def paid_order(store, *, quantity: int = 2, price: str = "10.00", stock: int = 10, **overrides):
    """A placed order of one line, paid in full by bank transfer."""
    order = place(store, [(variant(store, stock=stock, price=price), quantity)], **overrides)
    services.payment_record(store=store, order_id=order.pk, amount=order.total, method="bank_transfer", actor=None)
    order.refresh_from_db()
    return order


def user_of(tenant, role: str):
    return tenant.owner() if role == Role.OWNER else tenant.member(role)
