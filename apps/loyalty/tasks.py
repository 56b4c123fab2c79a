"""Loyalty's Celery tasks: take ids, call one service. Routed in config/settings/background.py."""

from __future__ import annotations

from celery import shared_task

from .wallet import card_passes_refresh


@shared_task(name="apps.loyalty.tasks.card_pass_refresh", ignore_result=True)
def card_pass_refresh(card_id: int) -> None:
    """A card's balance changed: update its wallet passes (Apple push, Google object)."""
    card_passes_refresh(card_id=card_id)
