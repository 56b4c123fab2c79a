"""Reads of the merchant's customers for the store pages and the store API. Customers live in the
merchant's schema and every store of it shares them: `store` says whose pages ask (and keeps the
selector's signature that of every other), the schema does the isolation."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.core.numbers import MAX_ID, NotANumber, parse_integer

from ..models import Address, Customer, Order
from ..types import StoreRef

CUSTOMER_SORTS = {
    "newest": (F("created_at").desc(), F("id").desc()),
    "last_order": (F("last_order_at").desc(nulls_last=True), F("id").desc()),
    "spend": (F("total_spent").desc(), F("id").desc()),
    "orders": (F("orders_count").desc(), F("id").desc()),
    "name": (F("last_name").asc(), F("first_name").asc(), F("id").asc()),
}
ORDERS_SHOWN = 50
_NUMBER = re.compile(r"c-?0*(\d{1,9})", re.IGNORECASE | re.ASCII)


def _scope(store: StoreRef) -> None:
    """Customers are read in the schema of the store's merchant, never another one's."""
    tenant = getattr(connection, "tenant", None)
    if tenant is None or tenant.pk != store.merchant_id:
        raise NotFound(_("No such customer."))


def _search(qs: QuerySet[Customer], text: str) -> QuerySet[Customer]:
    text = text.strip()[:200]
    if not text:
        return qs
    found = _NUMBER.fullmatch(text)
    if found:
        return qs.filter(number=int(found.group(1)))
    query = Q(email__icontains=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
    words = text.split()
    if len(words) > 1:
        query |= Q(first_name__icontains=words[0], last_name__icontains=" ".join(words[1:]))
    if text.isascii() and text.isdigit() and len(text) <= 9:
        query |= Q(number=int(text))
    return qs.filter(query)


def flag(value: Any) -> bool | None:
    """A yes/no filter: True, False, or None when not given (or not understood)."""
    if value in (True, "true", "yes", "1"):
        return True
    if value in (False, "false", "no", "0"):
        return False
    return None


def _flags(qs: QuerySet[Customer], filters: dict[str, Any]) -> QuerySet[Customer]:
    has_account = flag(filters.get("has_account"))
    if has_account is not None:
        qs = qs.filter(user__isnull=not has_account)
    marketing = flag(filters.get("marketing"))
    if marketing is not None:
        qs = qs.filter(marketing_consent=marketing)
    has_orders = flag(filters.get("has_orders"))
    if has_orders is not None:
        qs = qs.filter(orders_count__gt=0) if has_orders else qs.filter(orders_count=0)
    return qs


def customer_list(
    *, store: StoreRef, filters: dict[str, Any] | None = None, sort: str = "newest"
) -> QuerySet[Customer]:
    """The merchant's customers (`store`: any store of it). Filters: q (name, e-mail, number
    C-000123), has_account, marketing (consent), has_orders (yes/no), country (of any address).
    Sorts: CUSTOMER_SORTS."""
    _scope(store)
    filters = filters or {}
    qs = _flags(_search(Customer.objects.all(), str(filters.get("q") or "")), filters)
    country = str(filters.get("country") or "").upper()[:2]
    if country:
        qs = qs.filter(Exists(Address.objects.filter(customer_id=OuterRef("pk"), country=country)))
    return qs.order_by(*(CUSTOMER_SORTS.get(sort) or CUSTOMER_SORTS["newest"]))


def customer_get(*, store: StoreRef, customer_id: Any) -> Customer:
    """One customer of the merchant with its addresses, or NotFound (also for an id that is no
    number: another merchant's id is simply not in this schema)."""
    _scope(store)
    try:
        pk = parse_integer(customer_id if isinstance(customer_id, int) else str(customer_id))
    except NotANumber:
        pk = 0
    found = None
    if 0 < pk <= MAX_ID:
        found = Customer.objects.prefetch_related("addresses").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such customer."))
    return found


def customer_address_get(*, store: StoreRef, customer: Customer, address_id: Any) -> Address:
    _scope(store)
    for address in customer.addresses.all():
        if str(address.pk) == str(address_id):
            return address
    raise NotFound(_("No such address."))


def customer_recent_orders(*, store: StoreRef, customer: Customer, limit: int = ORDERS_SHOWN) -> list[Order]:
    """The customer's latest orders in every store of the merchant (the page marks those of
    other stores), newest first."""
    _scope(store)
    return list(
        Order.objects.filter(customer_id=customer.pk).only(
            "id",
            "store_id",
            "number",
            "placed_at",
            "status",
            "payment_status",
            "fulfilment_status",
            "total",
            "currency",
            "channel",
        )[:limit]
    )


def customer_countries(*, store: StoreRef) -> list[str]:
    """The countries of the merchant's customers' addresses, for the list's filter."""
    _scope(store)
    return sorted(set(Address.objects.values_list("country", flat=True).distinct()))
