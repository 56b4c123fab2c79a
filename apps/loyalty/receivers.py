"""What loyalty does when the orders app announces news (signals, sent after commit in the
merchant's schema). Each receiver only queues a task (apps.loyalty.tasks), so a checkout or a
refund is never slowed or broken by the loyalty work. Connected in LoyaltyConfig.ready()."""

from django.dispatch import receiver

from apps.core.background import task_send_on_commit
from apps.orders.signals import order_paid, order_refunded, order_returned

TASKS = "apps.loyalty.tasks"


@receiver(order_paid, dispatch_uid="loyalty.online.paid")
def online_on_paid(order_id, store_id, **kwargs) -> None:
    del kwargs
    task_send_on_commit(f"{TASKS}.online_order_paid", order_id, store_id)


@receiver(order_refunded, dispatch_uid="loyalty.online.refunded")
def online_on_refunded(order_id, store_id, **kwargs) -> None:
    del kwargs  # the amount is read from the order's totals: a retried task counts it once
    task_send_on_commit(f"{TASKS}.online_order_taken_back", order_id, store_id)


@receiver(order_returned, dispatch_uid="loyalty.online.returned")
def online_on_returned(order_id, store_id, **kwargs) -> None:
    del kwargs
    task_send_on_commit(f"{TASKS}.online_order_taken_back", order_id, store_id)
