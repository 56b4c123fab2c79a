"""The platform's side of payment provider webhooks: which merchant a connected account belongs
to, and the one record of each event received. Both tables live in the public schema because a
webhook arrives on the platform's domain, before anyone knows whose schema it concerns; the work
itself runs in the merchant's schema (the orders app)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Merchant, PaymentAccountRoute, PaymentWebhookEvent


def account_id_hash(account_id: str) -> str:
    """The hash a connected account is found by (its id is kept encrypted)."""
    return hashlib.sha256(account_id.encode()).hexdigest()


def payment_route_set(*, merchant: Merchant, store_id: int, account_id: str) -> PaymentAccountRoute:
    """Point the connected account at this merchant's store (a store connecting its account)."""
    route, _created = PaymentAccountRoute.objects.update_or_create(
        account_id_hash=account_id_hash(account_id), defaults={"merchant": merchant, "store_id": store_id}
    )
    return route


def payment_route_find(*, account_id: str) -> PaymentAccountRoute | None:
    """The merchant and store of a connected account, None when no store connected it."""
    if not account_id:
        return None
    return (
        PaymentAccountRoute.objects.select_related("merchant")
        .filter(account_id_hash=account_id_hash(account_id))
        .first()
    )


@dataclass(frozen=True)
class ReceivedEvent:
    event_id: str
    type: str
    account_id: str
    created: datetime
    payload: dict


def webhook_event_record(
    *, event: ReceivedEvent, route: PaymentAccountRoute | None, note: str = ""
) -> PaymentWebhookEvent | None:
    """Record an event once: the new row, or None when its id was recorded before (a duplicate
    or a replay). Without a route it is recorded as ignored."""
    fields = {
        "type": event.type[:100],
        "account_id_hash": account_id_hash(event.account_id) if event.account_id else "",
        "merchant": route.merchant if route else None,
        "store_id": route.store_id if route else None,
        "created": event.created,
        "payload": event.payload if route else {},
        "status": PaymentWebhookEvent.Status.QUEUED if route else PaymentWebhookEvent.Status.IGNORED,
        "note": note[:255],
        "processed_at": None if route else timezone.now(),
    }
    try:
        with transaction.atomic():
            return PaymentWebhookEvent.objects.create(event_id=event.event_id[:255], **fields)
    except IntegrityError:
        return None


def dangerously_webhook_event_claim(*, event_id: str) -> PaymentWebhookEvent | None:
    """The queued event, its row locked until the transaction ends; None when it was processed
    (or ignored) already. For the task that processes it, which has the id from the webhook."""
    return (
        PaymentWebhookEvent.objects.select_for_update()
        .filter(event_id=event_id, status=PaymentWebhookEvent.Status.QUEUED)
        .first()
    )


def webhook_event_finish(*, event: PaymentWebhookEvent, status: str, note: str = "") -> None:
    event.status, event.note, event.processed_at = status, note[:255], timezone.now()
    event.save(update_fields=["status", "note", "processed_at"])
