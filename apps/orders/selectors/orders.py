"""Reads of the store's orders for the store pages and the store API: the list with its filters and
search, and one order with everything its page shows.

The list stays fast with 100,000 orders in a store: every filter has an index beginning with the
store (`order_store_*`), the search uses the trigram index on `search_text`, and pages never count
every order - `OrderPaginator` counts at most COUNT_CAP rows and says when there are more."""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound

from ..models import Fulfilment, FulfilmentLine, Order, OrderEvent, Refund, Return, ReturnLine
from ..types import StoreRef

COUNT_CAP = 10_000
# A search counts fewer: each match is a row read and tested, where the plain list counts down an
# index; a search matching more than this is a search to narrow.
SEARCH_COUNT_CAP = 1_000
ORDER_FILTERS = ("status", "payment_status", "fulfilment_status", "channel")
DEFAULT_TIME_ZONE = "Europe/Luxembourg"


def _zone(store: StoreRef) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(store, "time_zone", "") or DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def _day_start(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def order_search(queryset: QuerySet[Order], text: str) -> QuerySet[Order]:
    """Orders whose number, e-mail or name holds `text` (any case), or whose number starts with it
    ("000123", "ALPHA-0001") or is it (123)."""
    query = " ".join(str(text).split())[:200]
    if not query:
        return queryset
    # search_text holds the number too, so one trigram-indexed condition finds any part of it; a
    # LIKE on `number` would need a scan of the store's orders (its index cannot serve LIKE)
    match = Q(search_text__contains=query.lower())
    if query.isascii() and query.isdigit() and len(query) <= 9:
        match |= Q(sequence_number=int(query))
    return queryset.filter(match)


def order_list(*, store: StoreRef, filters: Mapping[str, Any] | None = None) -> QuerySet[Order]:
    """The store's orders, newest first. `filters` (all optional): status, payment_status,
    fulfilment_status, channel (the values of their choices), date_from and date_to (dates, both
    included, in the store's time zone), q (search) and ids (only these orders)."""
    filters = filters or {}
    queryset = Order.objects.filter(store_id=store.id)
    for name in ORDER_FILTERS:
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    zone = _zone(store)
    if filters.get("date_from"):
        queryset = queryset.filter(placed_at__gte=_day_start(filters["date_from"], zone))
    if filters.get("date_to"):
        queryset = queryset.filter(placed_at__lt=_day_start(filters["date_to"] + timedelta(days=1), zone))
    if filters.get("ids") is not None:
        queryset = queryset.filter(pk__in=list(filters["ids"]))
    queryset = order_search(queryset, filters.get("q") or "")
    return queryset.order_by("-placed_at", "-id")


def order_get(*, store: StoreRef, order_id: int | str) -> Order:
    """One order of the store with its lines, payments, refunds, fulfilments (with their lines),
    returns (with their lines) and its timeline, in a constant number of queries."""
    text = str(order_id)
    pk = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0
    order = (
        Order.objects.filter(store_id=store.id, pk=pk)
        .select_related("customer")
        .prefetch_related(
            "lines",
            "payments",
            Prefetch("refunds", queryset=Refund.objects.select_related("payment")),
            Prefetch(
                "fulfilments",
                queryset=Fulfilment.objects.prefetch_related(
                    Prefetch("lines", queryset=FulfilmentLine.objects.select_related("order_line"))
                ),
            ),
            Prefetch(
                "returns",
                queryset=Return.objects.prefetch_related(
                    Prefetch("lines", queryset=ReturnLine.objects.select_related("order_line"))
                ),
            ),
            Prefetch("events", queryset=OrderEvent.objects.order_by("-created_at", "-id")),
        )
        .first()
    )
    if order is None:
        raise NotFound(_("No such order in this store."))
    return order


class OrderPaginator(Paginator):
    """Pages of a big list without counting all of it: the count stops at COUNT_CAP (a search's at
    SEARCH_COUNT_CAP; `capped` says so), which holds the pages up to there; past them the filters
    narrow the list."""

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *, searching: bool = False, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        if searching:
            self.cap = SEARCH_COUNT_CAP

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
