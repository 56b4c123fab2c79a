"""Orders for the order management tests, made through the services."""

from __future__ import annotations

from django.db import connection

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


def ids_apart(tenant, start: int = 1_000_000) -> None:
    """Number `tenant`'s orders from `start` on, so an id of the other merchant's (each schema
    numbers its own) never names one of them by chance and a 404 means isolation. (Sequences are
    not rolled back; moving one ahead harms nothing.)"""
    with tenant, connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('orders_order', 'id'), "
            "GREATEST(%s, (SELECT last_value FROM orders_order_id_seq)))",
            [start],
        )
