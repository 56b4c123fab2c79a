"""What the orders app does when something happens elsewhere or to an order. Connected in
OrdersConfig.ready()."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from apps.core.background import task_send_on_commit

from . import selectors, services
from .signals import order_cancelled, order_fulfilled, order_paid, order_placed, order_refunded

# --- cart ---


@receiver(user_logged_in, dispatch_uid="orders.cart_merge_at_login")
def cart_merge_at_login(sender, request, user, **kwargs) -> None:
    """A guest's cart joins the customer's cart when they sign in on the store's domain."""
    del sender, kwargs
    store, merchant = getattr(request, "store", None), getattr(request, "merchant", None)
    if store is None or merchant is None or "orders" not in merchant.enabled_modules:
        return
    token = request.session.get(selectors.CART_SESSION_KEY, "")
    guest = selectors.cart_find(store=store, token=token) if token else None
    if guest is None:
        return
    customer = services.customer_for_checkout(store=store, email=user.email, user=user)
    services.cart_merge(store=store, guest=guest, customer=customer)


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
