"""The order timeline."""

from __future__ import annotations

from typing import Any

from ..models import Order, OrderEvent
from ..types import Actor


def _staff(actor: Actor | None) -> tuple[int | None, str]:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.pk, actor.email
    return None, ""


def order_event_add(
    *,
    order: Order,
    kind: str,
    actor: Actor | None,
    message: str = "",
    data: dict[str, Any] | None = None,
    by_customer: bool = False,
) -> OrderEvent:
    """One entry of the order's timeline: who (staff, the customer, or the system) did what."""
    actor_id, actor_email = _staff(actor)
    return OrderEvent.objects.create(
        order=order,
        kind=kind,
        message=str(message)[:2000],
        data=data or {},
        actor_id=actor_id,
        actor_email=actor_email,
        by_customer=by_customer,
    )
