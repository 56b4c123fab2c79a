"""News of orders for higher apps (loyalty, marketplace) and for the orders app's own e-mails.
Each is sent after the transaction that made the change has committed, with the order's id."""

from django.dispatch import Signal

# sender=Order; kwargs: order_id, store_id
order_placed = Signal()
order_paid = Signal()  # fully paid
order_fulfilled = Signal()  # kwargs also: fulfilment_id
order_cancelled = Signal()
order_refunded = Signal()  # kwargs also: refund_id, amount
order_returned = Signal()  # kwargs also: return_id
