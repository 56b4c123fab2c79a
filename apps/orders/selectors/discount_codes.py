"""Reads of a store's discount codes for its pages: the codes with their state, and their uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.errors import NotFound
from apps.core.numbers import MAX_ID, NotANumber, parse_integer

from ..models import DiscountCode, DiscountRedemption
from ..types import StoreRef

STATES = {
    "active": gettext_lazy("Active"),
    "paused": gettext_lazy("Paused"),
    "scheduled": gettext_lazy("Scheduled"),
    "expired": gettext_lazy("Expired"),
    "used_up": gettext_lazy("Used up"),
}


def discount_code_state(code: DiscountCode, *, now: datetime) -> str:
    """One of STATES: paused first (the merchant's choice), then used up, expired, scheduled."""
    if not code.is_active:
        return "paused"
    if code.max_uses is not None and code.uses >= code.max_uses:
        return "used_up"
    if code.ends_at and now >= code.ends_at:
        return "expired"
    if code.starts_at and now < code.starts_at:
        return "scheduled"
    return "active"


def discount_code_list(*, store: StoreRef) -> QuerySet[DiscountCode]:
    return DiscountCode.objects.filter(store_id=store.id).order_by("-created_at", "-id")


def discount_code_get(*, store: StoreRef, code_id: Any) -> DiscountCode:
    try:
        pk = parse_integer(code_id)
    except NotANumber:
        pk = 0
    found = None
    if 0 < pk <= MAX_ID:
        found = DiscountCode.objects.filter(store_id=store.id, pk=pk).prefetch_related("categories", "products").first()
    if found is None:
        raise NotFound(_("No such discount code in this store."))
    return found


def discount_redemption_list(*, store: StoreRef, code: DiscountCode, limit: int = 100) -> list[DiscountRedemption]:
    """The code's latest uses with their orders (number, store), newest first."""
    return list(
        DiscountRedemption.objects.filter(code_id=code.pk, code__store_id=store.id)
        .select_related("order")
        .only("id", "amount", "email", "created_at", "customer_id", "order__id", "order__number", "order__store_id")
        .order_by("-created_at", "-id")[:limit]
    )
