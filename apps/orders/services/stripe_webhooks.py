"""Stripe's webhooks: accepted on the platform's domain, processed in the merchant's schema.

Accepting (public schema, in the request): the signature is verified first (the view, through
stripe_client), then the event is recorded once by its id in the public table and its processing
queued to the merchant's schema; the answer goes back at once. A duplicate or replayed event finds
its row and queues nothing; an event for an account no store connected is recorded as ignored.

Processing (the task, in the merchant's schema): the event's row is claimed under a lock, so it
is processed exactly once; each kind calls one service; an event that names an order of another
merchant or store, or no order at all, is logged and ignored.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from apps.core.background import task_send_on_commit
from apps.core.errors import NotFound
from apps.tenancy import selectors as tenancy_selectors
from apps.tenancy import services as tenancy_services

from .card import CENT, card_payment_confirm, card_payment_failed, card_refund_settle
from .stripe_connect import stripe_account_apply

logger = logging.getLogger(__name__)

PROCESS_TASK = "apps.orders.tasks.stripe_event_process"
HANDLED = frozenset(
    {
        "account.updated",
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.expired",
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "charge.refunded",
        "refund.updated",
        "charge.refund.updated",
    }
)


def stripe_webhook_accept(*, event: dict) -> str:
    """Record a verified event once and queue its processing: "queued", "duplicate" or
    "ignored" (unknown account, or a kind we do not handle)."""
    account_id = str(event.get("account") or "")
    data = (event.get("data") or {}).get("object") or {}
    if not account_id and event.get("type") == "account.updated":
        account_id = str(data.get("id") or "")
    route = tenancy_services.payment_route_find(account_id=account_id)
    note = ""
    if route is None:
        note = "no store connected this account"
    elif event.get("type") not in HANDLED:
        route, note = None, "not a kind of event handled"
    received = tenancy_services.ReceivedEvent(
        event_id=str(event.get("id") or ""),
        type=str(event.get("type") or ""),
        account_id=account_id,
        created=datetime.fromtimestamp(int(event.get("created") or 0), tz=UTC),
        payload=data,
    )
    with transaction.atomic():
        row = tenancy_services.webhook_event_record(event=received, route=route, note=note)
        if row is None:
            return "duplicate"
        if route is None:
            logger.info("Stripe event %s (%s) ignored: %s", received.event_id, received.type, note)
            return "ignored"
        with schema_context(route.merchant.schema_name):
            task_send_on_commit(PROCESS_TASK, received.event_id)
    return "queued"


def stripe_event_process(*, event_id: str) -> str:
    """Process one recorded event in this (the merchant's) schema, exactly once: its final status."""
    with transaction.atomic():
        row = tenancy_services.dangerously_webhook_event_claim(event_id=event_id)
        if row is None:
            return "done before"
        route_schema = row.merchant.schema_name if row.merchant_id else ""
        if route_schema != connection.schema_name or row.store_id is None:
            status, note = "ignored", "queued to another merchant's schema"
        else:
            store = tenancy_selectors.dangerously_store_get_by_id(store_id=row.store_id)
            status, note = _dispatch(store, row.type, row.payload, created=row.created)
        if status == "ignored":
            logger.warning("Stripe event %s (%s) ignored: %s", event_id, row.type, note)
        tenancy_services.webhook_event_finish(event=row, status=status, note=note)
    return status


def _order_of(data: dict) -> str:
    """The order id the object names, "" when it belongs to another merchant or names none."""
    metadata = data.get("metadata") or {}
    if metadata.get("merchant_schema") and metadata["merchant_schema"] != connection.schema_name:
        return ""
    return str(metadata.get("order_id") or data.get("client_reference_id") or "")


def _amount(value: object) -> Decimal:
    return (Decimal(int(value or 0)) * CENT).quantize(CENT)


def _dispatch(store, kind: str, data: dict, *, created: datetime) -> tuple[str, str]:
    if kind == "account.updated":
        applied = stripe_account_apply(store=store, data=data, as_of=created)
        return ("processed", "") if applied else ("ignored", "older than the state applied, or another account")
    if kind in ("charge.refunded", "refund.updated", "charge.refund.updated"):
        refunds = (data.get("refunds") or {}).get("data") or [] if kind == "charge.refunded" else [data]
        for refund in refunds:
            card_refund_settle(
                store=store,
                reference=str(refund.get("id") or ""),
                status=str(refund.get("status") or ""),
                failure=str(refund.get("failure_reason") or ""),
            )
        return "processed", ""
    order_id = _order_of(data)
    if not order_id:
        return "ignored", "names no order of this merchant"
    try:
        return _order_event(store, kind, data, order_id)
    except NotFound:
        return "ignored", "no such order in the account's store"


def _order_event(store, kind: str, data: dict, order_id: str) -> tuple[str, str]:
    if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        if data.get("payment_status") != "paid" or not data.get("payment_intent"):
            return "processed", "not paid yet"
        pi = data["payment_intent"]
        pi = pi.get("id", "") if isinstance(pi, dict) else str(pi)
        card_payment_confirm(
            store=store, order_id=order_id, amount=_amount(data.get("amount_total")), payment_intent=pi
        )
    elif kind == "payment_intent.succeeded":
        amount = _amount(data.get("amount_received") or data.get("amount"))
        card_payment_confirm(store=store, order_id=order_id, amount=amount, payment_intent=str(data.get("id")))
    elif kind == "checkout.session.expired":
        message = _("The card payment page expired without a payment.")
        card_payment_failed(store=store, order_id=order_id, message=message, session_id=str(data.get("id") or ""))
    elif kind == "payment_intent.payment_failed":
        reason = str((data.get("last_payment_error") or {}).get("message") or "")
        card_payment_failed(
            store=store, order_id=order_id, message=_("A card payment failed: %(reason)s") % {"reason": reason}
        )
    return "processed", ""
