"""Gapless numbers: orders per store, customers and invoices per merchant (models.Sequence)."""

from __future__ import annotations

from django.db import connection


def sequence_next(name: str) -> int:
    """The next value of counter `name`. Call inside the transaction that uses the number: the row
    stays locked until it commits (concurrent callers wait, so no duplicates) and a rollback gives
    the number back (no gaps). One statement; the counter row is created on first use."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO orders_sequence (name, value) VALUES (%s, 1) "
            "ON CONFLICT (name) DO UPDATE SET value = orders_sequence.value + 1 RETURNING value",
            [name],
        )
        return cursor.fetchone()[0]


def order_sequence_name(store_id: int) -> str:
    return f"order:{store_id}"


CUSTOMER_SEQUENCE = "customer"
INVOICE_SEQUENCE = "invoice"
