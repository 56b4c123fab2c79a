"""News of orders for higher apps (loyalty, marketplace) and for the orders app's own e-mails
and documents. Sent with `announce`, after the transaction that made the change has committed,
in the merchant's schema it was made in, with the order's id."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.dispatch import Signal
from django_tenants.utils import schema_context

# sender=Order; kwargs: order_id, store_id
order_placed = Signal()
order_paid = Signal()  # fully paid
order_fulfilled = Signal()  # kwargs also: fulfilment_id
order_cancelled = Signal()
order_refunded = Signal()  # kwargs also: refund_id, amount
order_returned = Signal()  # kwargs also: return_id


def announce(signal: Signal, *, sender: Any, **kwargs: Any) -> None:
    """Send `signal` once the current transaction commits, in the schema this change was made in
    (a caller may have left that schema by the time its outer transaction commits)."""
    schema = connection.schema_name

    def send() -> None:
        with schema_context(schema):
            signal.send(sender=sender, **kwargs)

    transaction.on_commit(send)
