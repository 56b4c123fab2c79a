"""Orders background work, run in the merchant's schema. Tasks take ids and call services;
services queue them by name (apps.core.background) and never import this module."""

from __future__ import annotations

from celery import shared_task

from apps.core.background import for_each_merchant_schema

from .services import card_expiry, stripe_webhooks

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
