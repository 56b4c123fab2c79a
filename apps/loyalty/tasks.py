"""Loyalty's Celery tasks: take ids, call one service. Routed in config/settings/background.py."""

from __future__ import annotations

from celery import shared_task

from .services.welcome_mail import card_welcome_email_send
from .wallet import card_passes_refresh


@shared_task(name="apps.loyalty.tasks.card_pass_refresh", ignore_result=True)
def card_pass_refresh(card_id: int) -> None:
    """A card's balance changed: update its wallet passes (Apple push, Google object)."""
    card_passes_refresh(card_id=card_id)


# --- customers: the join page and the storefront account ----------------------------------------


@shared_task(name="apps.loyalty.tasks.card_welcome_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def card_welcome_email(card_id: int) -> None:
    """A customer joined: e-mail them their card number, from the store they joined at."""
    card_welcome_email_send(card_id=card_id)
