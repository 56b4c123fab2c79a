"""Reads of a store's shipping methods for its settings page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.core.numbers import MAX_ID, NotANumber, parse_integer

from ..models import ShippingMethod
from ..types import StoreRef


def shipping_method_list(*, store: StoreRef, active_only: bool = False) -> QuerySet[ShippingMethod]:
    qs = ShippingMethod.objects.filter(store_id=store.id)
    return qs.filter(is_active=True) if active_only else qs


def shipping_method_get(*, store: StoreRef, method_id: Any) -> ShippingMethod:
    try:
        pk = parse_integer(method_id)
    except NotANumber:
        pk = 0
    found = ShippingMethod.objects.filter(store_id=store.id, pk=pk).first() if 0 < pk <= MAX_ID else None
    if found is None:
        raise NotFound(_("No such shipping method in this store."))
    return found
