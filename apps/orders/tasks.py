"""Orders background work, run in the merchant's schema it was queued from. Tasks take ids and
call one service; receivers and services queue them by name (apps.core.background) and never
import this module."""

from __future__ import annotations

from celery import shared_task

from apps.tenancy.selectors import dangerously_store_get_by_id

from .documents.emails import order_email_send
from .models import Order
from .services.invoices import credit_note_issue, invoice_issue

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
