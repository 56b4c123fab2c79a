"""Writing the audit log. Every service that changes something a merchant or admin would want to
trace calls audit_record() inside its transaction, so the row exists exactly when the change does."""

from __future__ import annotations

from typing import Any

from django.db import connection

from .models import AuditEvent


def _actor_kind(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return AuditEvent.ActorKind.SYSTEM
    if connection.schema_name == "public":
        return AuditEvent.ActorKind.PLATFORM
    return AuditEvent.ActorKind.MERCHANT


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any = "",
    merchant: Any = None,
    store: Any = None,
    data: dict | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Write one audit row. `merchant` and `store` are the objects the action concerns (any object
    with an `id`; a store's merchant is taken from it); the row keeps their ids."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if merchant is None and store is not None:
        merchant_id = store.merchant_id
    else:
        merchant_id = merchant.id if merchant is not None else None
    return AuditEvent.objects.create(
        actor_kind=_actor_kind(actor),
        actor_id=actor.pk if authenticated else None,
        actor_email=getattr(actor, "email", "") if authenticated else "",
        merchant_id=merchant_id,
        store_id=store.id if store is not None else None,
        action=action,
        target=str(target)[:255],
        data=data or {},
        ip_address=ip_address,
    )
