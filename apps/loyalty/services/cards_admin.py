"""What the store pages do to a card besides the ledger: disable it (lost, misused) and enable it
again. A disabled card keeps its balances and history; the terminal refuses it (ledger.card_usable_check)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.core.audit import audit_record
from apps.core.background import task_send_on_commit

from ..models import Card
from .ledger import PASS_TASK, card_lock


@transaction.atomic
def card_set_active(*, store: Any, card: Card | int, active: bool, actor: Any, reason: str = "") -> Card:
    """Disable or enable the card (audited; a card already in that state is left as it is)."""
    card = card_lock(card)
    if card.is_active == active:
        return card
    card.is_active = active
    card.pass_version += 1
    card.pass_updated_at = timezone.now()  # Apple's "updated since" list and Last-Modified read it
    card.save(update_fields=["is_active", "pass_version", "pass_updated_at", "updated_at"])
    audit_record(
        actor=actor,
        action="loyalty.card_enabled" if active else "loyalty.card_disabled",
        target=card.display_number,
        store=store,
        data={"card_id": card.pk, "reason": (reason or "").strip()[:255]},
    )
    task_send_on_commit(PASS_TASK, card.pk)
    return card
