"""Internal notes on an order: for the team, never shown to the customer."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import ValidationFailed

from ..models import OrderEvent
from ..types import Actor, StoreRef
from .events import order_event_add
from .payments import order_lock

NOTE_MAX_LENGTH = 2000


def order_note_add(*, store: StoreRef, order_id: int | str, actor: Actor | None, text: str) -> OrderEvent:
    """Add a note to the order's timeline, with who wrote it."""
    body = str(text or "").strip()
    if not body:
        message = _("Write the note.")
        raise ValidationFailed(message, fields={"text": [message]})
    if len(body) > NOTE_MAX_LENGTH:
        message = _("A note has at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}
        raise ValidationFailed(message, fields={"text": [message]})
    with transaction.atomic():
        order = order_lock(store=store, order_id=order_id)
        event = order_event_add(order=order, kind=OrderEvent.Kind.NOTE, actor=actor, message=body)
        audit_record(actor=actor, action="orders.order_note_add", target=order.number, store=store)
    return event
