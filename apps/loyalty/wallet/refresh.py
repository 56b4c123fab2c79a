"""After a balance change (task card_pass_refresh): push to the card's Apple devices and patch its
Google object, for each wallet that is configured."""

from __future__ import annotations

import logging

from apps.loyalty.models import Card, Program

from . import apns, google
from .config import apple_enabled, google_enabled

logger = logging.getLogger(__name__)


def _google_sync(*, program: Program, card: Card) -> None:
    version = card.pass_version
    if card.google_synced_version >= version:
        return
    google.object_patch(program=program, card=card)
    Card.objects.filter(pk=card.pk, google_synced_version__lt=version).update(google_synced_version=version)


def card_passes_refresh(*, card_id: int) -> None:
    """Bring the card's passes up to date. Raises WalletError when a wallet failed (the task
    retries); the ledger never sees it (the task runs after the ledger's commit)."""
    if not (apple_enabled() or google_enabled()):
        return
    card = Card.objects.select_related("customer", "tier").filter(pk=card_id).first()
    program = Program.objects.filter(key=1).first()
    if card is None or program is None:
        return
    if apple_enabled():
        pushed = apns.devices_push(list(card.pass_devices.all()))
        logger.debug("card %s: %s Apple devices notified", card.number, pushed)
    if google_enabled():
        _google_sync(program=program, card=card)
