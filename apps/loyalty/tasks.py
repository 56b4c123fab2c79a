"""Loyalty's Celery tasks: take ids, call one service. Routed in config/settings/background.py."""

from __future__ import annotations

import logging

from celery import shared_task

from .services import directory
from .services.welcome_mail import card_welcome_email_send
from .wallet import WalletError, card_passes_refresh

logger = logging.getLogger(__name__)

# a failed wallet update is tried again after 30 s, 60 s, 120 s, ... (at most 10 min), 6 times
PASS_RETRIES = 6
PASS_BACKOFF = 30
PASS_BACKOFF_MAX = 600


@shared_task(bind=True, name="apps.loyalty.tasks.card_pass_refresh", ignore_result=True, max_retries=PASS_RETRIES)
def card_pass_refresh(self, card_id: int) -> None:
    """A card's balance changed: update its wallet passes (Apple push, Google object). A failure
    is logged and retried with backoff; run eagerly (tests, development) it is only logged, so it
    never reaches the ledger call that queued it."""
    try:
        card_passes_refresh(card_id=card_id)
    except WalletError as exc:
        logger.warning("card %s: wallet pass update failed: %s", card_id, exc)
        if self.request.is_eager or self.request.retries >= PASS_RETRIES:
            return
        raise self.retry(exc=exc, countdown=min(PASS_BACKOFF * 2**self.request.retries, PASS_BACKOFF_MAX)) from exc


# --- platform: the programme directory ---


@shared_task(name="apps.loyalty.tasks.program_directory_refresh", ignore_result=True)
def program_directory_refresh(merchant_id: int) -> None:
    """A programme changed (or an admin asked): refresh the merchant's directory row."""
    directory.directory_refresh_by_id(merchant_id=merchant_id)


@shared_task(name="apps.loyalty.tasks.program_directory_refresh_all", ignore_result=True)
def program_directory_refresh_all() -> int:
    """Beat (public schema), hourly and nightly: refresh every merchant's directory row."""
    return directory.directory_refresh_all()


# --- customers: the join page and the storefront account ----------------------------------------


@shared_task(name="apps.loyalty.tasks.card_welcome_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def card_welcome_email(card_id: int) -> None:
    """A customer joined: e-mail them their card number, from the store they joined at."""
    card_welcome_email_send(card_id=card_id)
