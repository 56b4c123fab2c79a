"""Loyalty's Celery tasks: take ids, call one service. Routed in config/settings/background.py."""

from __future__ import annotations

from celery import shared_task

from .services import directory
from .wallet import card_passes_refresh


@shared_task(name="apps.loyalty.tasks.card_pass_refresh", ignore_result=True)
def card_pass_refresh(card_id: int) -> None:
    """A card's balance changed: update its wallet passes (Apple push, Google object)."""
    card_passes_refresh(card_id=card_id)


# --- platform: the programme directory ---


@shared_task(name="apps.loyalty.tasks.program_directory_refresh", ignore_result=True)
def program_directory_refresh(merchant_id: int) -> None:
    """A programme changed (or an admin asked): refresh the merchant's directory row."""
    directory.directory_refresh_by_id(merchant_id=merchant_id)


@shared_task(name="apps.loyalty.tasks.program_directory_refresh_all", ignore_result=True)
def program_directory_refresh_all() -> int:
    """Beat (public schema), hourly and nightly: refresh every merchant's directory row."""
    return directory.directory_refresh_all()
