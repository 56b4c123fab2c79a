"""Orders background work, run in the merchant's schema it was queued from. Tasks take ids and
call one service; receivers and services queue them by name (apps.core.background) and never
import this module."""

from __future__ import annotations

from celery import shared_task

from apps.core.background import for_each_merchant_schema
from apps.tenancy.selectors import dangerously_store_get_by_id

from .documents.emails import order_email_send
from .models import Order
from .services import card_expiry, stripe_webhooks
from .services.invoices import credit_note_issue, invoice_issue

# --- Stripe: webhooks and unpaid card orders (begin) -------------------------------------------


@shared_task(ignore_result=True)
def stripe_event_process(event_id: str) -> str:
    """One Stripe event recorded by the webhook, processed exactly once in this schema."""
    return stripe_webhooks.stripe_event_process(event_id=event_id)


@shared_task(ignore_result=True)
def card_orders_expire() -> int:
    """Beat (public schema): in every merchant's schema, expire the card orders still unpaid past
    their time, giving their stock back. Returns how many expired."""
    return sum(count for _schema, count in for_each_merchant_schema(card_expiry.card_orders_expire))


# --- Stripe (end) ------------------------------------------------------------------------------


# --- documents and e-mails ------------------------------------------------------------------------


def _store_of(order_id: int):
    """The store of an order of this schema (None when the order is gone)."""
    store_id = Order.objects.filter(pk=order_id).values_list("store_id", flat=True).first()
    return dangerously_store_get_by_id(store_id=store_id) if store_id is not None else None


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invoice_issue_run(order_id: int) -> None:
    """Issue the order's invoice (once: a second run finds it)."""
    store = _store_of(order_id)
    if store is not None:
        invoice_issue(store=store, order_id=order_id, actor=None)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def credit_note_issue_run(order_id: int, refund_id: int) -> None:
    """Issue the credit note of a refund (and the invoice first when the order has none)."""
    store = _store_of(order_id)
    if store is not None:
        credit_note_issue(store=store, order_id=order_id, refund_id=refund_id, actor=None)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def order_email_run(order_id: int, kind: str, ref: int | None = None) -> None:
    """Send one of the order's e-mails (documents.emails), once."""
    store = _store_of(order_id)
    if store is not None:
        order_email_send(store=store, order_id=order_id, kind=kind, ref=ref)
