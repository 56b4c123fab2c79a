"""Reads of the merchant's cards for the store pages and the store API: the list with its search
and filters, one card, and its history with the store of each entry.

Cards live in the merchant's schema and every store of it shares them: `store` says whose pages
ask (and keeps every selector's signature), the schema does the isolation, and `_scope` refuses a
store of another merchant."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound, ValidationFailed
from apps.core.numbers import MAX_ID, NotANumber, parse_integer
from apps.orders import selectors as orders_selectors
from apps.tenancy import selectors as tenancy_selectors

from ..errors import LoyaltyErrorCode
from ..models import Card, Transaction

CARD_SORTS = {
    "newest": (F("created_at").desc(), F("id").desc()),
    "oldest": (F("created_at").asc(), F("id").asc()),
    "activity": (F("last_activity_at").desc(nulls_last=True), F("id").desc()),
    "inactive": (F("last_activity_at").asc(nulls_first=True), F("id").asc()),
    "points": (F("points_balance").desc(), F("id").desc()),
    "stamps": (F("stamps_balance").desc(), F("id").desc()),
}
STATUSES = ("active", "inactive")
MAX_BALANCE = 2**31 - 1
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_NUMBERISH = re.compile(r"^[0-9 -]{4,16}$", re.ASCII)


@dataclass(frozen=True)
class CardFilters:
    q: str = ""
    status: str = ""  # active | inactive
    inactive_since: date | None = None  # no activity since this day
    points_min: int | None = None
    points_max: int | None = None
    stamps_min: int | None = None
    sort: str = "newest"

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list (the sort does not)."""
        return any(value not in ("", None) for key, value in asdict(self).items() if key != "sort")

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters (links to the export, the pages)."""
        params = {}
        for key, value in asdict(self).items():
            if value not in ("", None) and not (key == "sort" and value == "newest"):
                params[key] = value.isoformat() if isinstance(value, date) else str(value)
        return params


def _scope(store: Any) -> None:
    """Cards are read in the schema of the store's merchant, never another one's."""
    tenant = getattr(connection, "tenant", None)
    if tenant is None or tenant.pk != store.merchant_id:
        raise NotFound(_("No such card."), code=LoyaltyErrorCode.CARD_NOT_FOUND)


def _whole(params: Any, name: str, errors: dict[str, list[str]]) -> int | None:
    raw = str(params.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = parse_integer(raw)
    except NotANumber:
        value = -1
    if not 0 <= value <= MAX_BALANCE:
        errors[name] = [_("Enter a whole number, 0 or more.")]
        return None
    return value


def _day(params: Any, name: str, errors: dict[str, list[str]]) -> date | None:
    raw = str(params.get(name) or "").strip()
    if not raw:
        return None
    try:
        if _DATE.match(raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    errors[name] = [_("Enter a date like 2025-01-31.")]
    return None


def card_filters_parse(params: Any) -> CardFilters:
    """The list's filters from query parameters (a page's GET or the API's), or ValidationFailed
    naming each parameter that is not understood."""
    errors: dict[str, list[str]] = {}
    status = str(params.get("status") or "")
    if status and status not in STATUSES:
        errors["status"] = [_("Choose active or inactive.")]
    sort = str(params.get("sort") or "newest")
    if sort not in CARD_SORTS:
        errors["sort"] = [_("Choose one of: %(sorts)s.") % {"sorts": ", ".join(CARD_SORTS)}]
    filters = CardFilters(
        q=str(params.get("q") or "").strip()[:200],
        status=status if status in STATUSES else "",
        inactive_since=_day(params, "inactive_since", errors),
        points_min=_whole(params, "points_min", errors),
        points_max=_whole(params, "points_max", errors),
        stamps_min=_whole(params, "stamps_min", errors),
        sort=sort if sort in CARD_SORTS else "newest",
    )
    if errors:
        raise ValidationFailed(_("Check the filters."), fields=errors)
    return filters


def _search(qs: QuerySet[Card], store: Any, text: str) -> QuerySet[Card]:
    """A card number (whole or its start, with or without dashes and spaces), else the customer's
    name or e-mail address (the orders app's customer search)."""
    if _NUMBERISH.match(text):
        digits = re.sub(r"[ -]", "", text)
        if digits.isdigit():
            return qs.filter(number=digits) if len(digits) == 12 else qs.filter(number__startswith=digits)
    customers = orders_selectors.customer_list(store=store, filters={"q": text}).order_by().values("pk")
    return qs.filter(customer_id__in=customers)


def _zone(store: Any) -> ZoneInfo:
    try:
        return ZoneInfo(getattr(store, "time_zone", "") or "Europe/Luxembourg")
    except (ValueError, KeyError):
        return ZoneInfo("Europe/Luxembourg")


def cards_list(*, store: Any, filters: CardFilters | None = None) -> QuerySet[Card]:
    """The merchant's cards with their customer, narrowed by `filters` and sorted."""
    _scope(store)
    filters = filters or CardFilters()
    qs = Card.objects.select_related("customer", "tier")
    if filters.q:
        qs = _search(qs, store, filters.q)
    if filters.status:
        qs = qs.filter(is_active=filters.status == "active")
    if filters.inactive_since is not None:
        since = datetime.combine(filters.inactive_since, time.min, tzinfo=_zone(store))
        qs = qs.filter(Q(last_activity_at__lt=since) | Q(last_activity_at__isnull=True, created_at__lt=since))
    if filters.points_min is not None:
        qs = qs.filter(points_balance__gte=filters.points_min)
    if filters.points_max is not None:
        qs = qs.filter(points_balance__lte=filters.points_max)
    if filters.stamps_min is not None:
        qs = qs.filter(stamps_balance__gte=filters.stamps_min)
    return qs.order_by(*CARD_SORTS[filters.sort])


def card_get(*, store: Any, card_id: Any) -> Card:
    """One card of the merchant with its customer, tier and referrer, or NotFound (also for an id
    that is no number: another merchant's card is simply not in this schema)."""
    _scope(store)
    try:
        pk = parse_integer(card_id if isinstance(card_id, int) else str(card_id))
    except NotANumber:
        pk = 0
    card = Card.objects.select_related("customer", "tier").filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if card is None:
        raise NotFound(_("No such card."), code=LoyaltyErrorCode.CARD_NOT_FOUND)
    return card


def store_names(*, store: Any) -> dict[int, str]:
    """Store id -> "CODE · Name" of the merchant's stores, read once (stores are in the public
    schema: a transaction keeps only the id)."""
    return {s.id: f"{s.code} · {s.name}" for s in tenancy_selectors.store_list(merchant=store.merchant)}


def card_transactions(*, store: Any, card: Card) -> QuerySet[Transaction]:
    """The card's ledger, newest first, with what voided each entry (`voided_by`) and the user."""
    _scope(store)
    return (
        Transaction.objects.filter(card_id=card.pk).select_related("voided_by", "user").order_by("-created_at", "-id")
    )


def transactions_named(rows: Any, names: dict[int, str]) -> list[Transaction]:
    """The entries of one page with `store_name` (from `names`, see store_names), `staff_label` (the
    PIN's name, else the signed-in user) and `voided_by_id` set, without a query per entry."""
    rows = list(rows)
    for row in rows:
        row.store_name = names.get(row.store_id) or f"#{row.store_id}"
        row.staff_label = row.staff_name or (row.user.email if row.user_id and row.user else "")
        try:
            row.voided_by_id = row.voided_by.pk
        except Transaction.DoesNotExist:
            row.voided_by_id = None
    return rows
