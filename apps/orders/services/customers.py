"""Customers of the merchant, shared by its stores."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ..models import Customer
from ..types import StoreRef
from .sequences import CUSTOMER_SEQUENCE, sequence_next


def _next_number() -> int:
    return sequence_next(CUSTOMER_SEQUENCE)


def customer_for_checkout(
    *,
    store: StoreRef,
    email: str,
    user: Any = None,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    marketing_consent: bool | None = None,
) -> Customer:
    """The customer an order belongs to: the signed-in user's record, or the one with this e-mail
    (a guest's, linked to the user when they have an account now), created when there is none.
    Safe under concurrency: two checkouts with one new e-mail make one customer."""
    customer = None
    if user is not None and getattr(user, "is_authenticated", False):
        customer = Customer.objects.filter(user_id=user.pk).first()
    if customer is None:
        customer, _created = Customer.objects.get_or_create(
            email__iexact=email,
            defaults={
                "email": email,
                "number": _next_number,
                "first_name": first_name[:100],
                "last_name": last_name[:100],
                "language": language or store.language,
                "first_store_id": store.id,
            },
        )
    changed = _fill_in(customer, user=user, first_name=first_name, last_name=last_name)
    if marketing_consent is not None and marketing_consent != customer.marketing_consent:
        customer.marketing_consent = marketing_consent
        customer.marketing_consent_at = timezone.now() if marketing_consent else None
        changed += ["marketing_consent", "marketing_consent_at"]
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer


def _fill_in(customer: Customer, *, user: Any, first_name: str, last_name: str) -> list[str]:
    """Link an account to a guest record and fill in names it lacks; never overwrite."""
    changed = []
    if user is not None and getattr(user, "is_authenticated", False) and customer.user_id is None:
        customer.user_id = user.pk
        changed.append("user")
    if first_name and not customer.first_name:
        customer.first_name = first_name[:100]
        changed.append("first_name")
    if last_name and not customer.last_name:
        customer.last_name = last_name[:100]
        changed.append("last_name")
    return changed
