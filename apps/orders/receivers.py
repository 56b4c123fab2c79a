"""What the orders app does when something happens elsewhere or to an order. Connected in
OrdersConfig.ready()."""

from django.dispatch import receiver

from apps.core.background import task_send_on_commit

from .signals import order_cancelled, order_fulfilled, order_paid, order_placed, order_refunded

# --- documents and e-mails ------------------------------------------------------------------------
# Invoices, credit notes and e-mails are made by tasks (apps.orders.tasks), queued once the change
# has committed: a slow mail server never holds up a checkout or a webhook.

TASKS = "apps.orders.tasks"


@receiver(order_placed, dispatch_uid="orders.documents.placed")
def _documents_on_placed(order_id, **kwargs):
    task_send_on_commit(f"{TASKS}.order_email_run", order_id, "placed")
    task_send_on_commit(f"{TASKS}.order_email_run", order_id, "notice")


@receiver(order_paid, dispatch_uid="orders.documents.paid")
def _documents_on_paid(order_id, **kwargs):
    # the invoice first, so that the e-mail can carry it
    task_send_on_commit(f"{TASKS}.invoice_issue_run", order_id)
    task_send_on_commit(f"{TASKS}.order_email_run", order_id, "paid")


@receiver(order_fulfilled, dispatch_uid="orders.documents.fulfilled")
def _documents_on_fulfilled(order_id, fulfilment_id, **kwargs):
    # sent only when the fulfilment asked for it (Fulfilment.notify_customer; the task checks)
    task_send_on_commit(f"{TASKS}.order_email_run", order_id, "shipped", fulfilment_id)


@receiver(order_cancelled, dispatch_uid="orders.documents.cancelled")
def _documents_on_cancelled(order_id, **kwargs):
    task_send_on_commit(f"{TASKS}.order_email_run", order_id, "cancelled")


@receiver(order_refunded, dispatch_uid="orders.documents.refunded")
def _documents_on_refunded(order_id, refund_id, **kwargs):
    task_send_on_commit(f"{TASKS}.credit_note_issue_run", order_id, refund_id)
    task_send_on_commit(f"{TASKS}.order_email_run", order_id, "refunded", refund_id)
