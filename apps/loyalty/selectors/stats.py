"""The programme's figures for the stats page and the store API, read from the ledger's days
(LedgerDay: per day, store, staff PIN and kind, kept by the ledger with each entry) and from
indexed counts of the cards, never by adding up the ledger's entries: a few small queries whatever
the number of cards and transactions.

What the figures mean:
- stamps / points issued: what the till, online purchases, welcome and referral bonuses gave;
- stamps / points redeemed: what rewards took;
- rewards given: how many rewards were redeemed;
- corrections: the net change of voids, adjustments, expiries and online returns (voids are not
  split by what they reversed: the ledger's days keep one sum per kind).
Members are the merchant's cards (for one store: the cards enrolled there); active members had
activity (an earning or a redemption) in the last 30 days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..models import Card, LedgerDay, StaffPin, Transaction
from .backoffice import _scope, _zone, store_names

K = Transaction.Kind
EARN_KINDS = (K.STAMP, K.POINTS_EARN, K.WELCOME, K.ONLINE_EARN, K.REFERRAL)
REDEEM_KINDS = (K.STAMP_REDEEM, K.POINTS_REDEEM)
CORRECTION_KINDS = (K.VOID, K.ADJUST, K.EXPIRE, K.ONLINE_RETURN)
PERIODS = (30, 90, 365)
ACTIVE_DAYS = 30


@dataclass
class Figures:
    """The sums of one scope (the whole, one store, one staff member, one day or week)."""

    transactions: int = 0
    stamps_issued: int = 0
    stamps_redeemed: int = 0
    points_issued: int = 0
    points_redeemed: int = 0
    rewards: int = 0
    stamps_corrected: int = 0
    points_corrected: int = 0

    def add(self, kind: str, count: int, stamps: int, points: int) -> None:
        self.transactions += count
        if kind in EARN_KINDS:
            self.stamps_issued += stamps
            self.points_issued += points
        elif kind in REDEEM_KINDS:
            self.stamps_redeemed -= stamps
            self.points_redeemed -= points
            self.rewards += count
        else:
            self.stamps_corrected += stamps
            self.points_corrected += points

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class Row(Figures):
    """Figures with what they are of: a store, a staff member or a bucket of days."""

    key: Any = None
    label: str = ""
    store_label: str = ""


@dataclass
class Stats:
    days: int
    first: date
    last: date
    bucket: str  # "day" | "week"
    members: int = 0
    active_members: int = 0
    new_members: int = 0
    totals: Figures = field(default_factory=Figures)
    stores: list[Row] = field(default_factory=list)
    staff: list[Row] = field(default_factory=list)
    series: list[Row] = field(default_factory=list)


def period_clean(value: Any) -> int:
    """30, 90 or 365 days (30 for anything else)."""
    text = str(value or "")
    return int(text) if text in {str(p) for p in PERIODS} else PERIODS[0]


def _members(store: Any, only_store: bool, first: date) -> dict[str, int]:
    zone = _zone(store)
    since_active = timezone.now() - timedelta(days=ACTIVE_DAYS)
    first_start = datetime.combine(first, time.min, tzinfo=zone)
    cards = Card.objects.filter(enrolled_store_id=store.id) if only_store else Card.objects.all()
    return cards.aggregate(
        members=Count("id"),
        active_members=Count("id", filter=Q(last_activity_at__gte=since_active)),
        new_members=Count("id", filter=Q(created_at__gte=first_start)),
    )


def _buckets(first: date, last: date, bucket: str) -> list[Row]:
    step = 1 if bucket == "day" else 7
    rows, day = [], first
    while day <= last:
        rows.append(Row(key=day))
        day += timedelta(days=step)
    return rows


def _series(days_qs: Any, result: Stats) -> None:
    rows = days_qs.values("day", "kind").annotate(n=Sum("count"), s=Sum("stamps"), p=Sum("points"))
    buckets = _buckets(result.first, result.last, result.bucket)
    step = 1 if result.bucket == "day" else 7
    for row in rows:
        index = (row["day"] - result.first).days // step
        if 0 <= index < len(buckets):
            buckets[index].add(row["kind"], row["n"], row["s"], row["p"])
    result.series = buckets


def _by_store_and_staff(days_qs: Any, result: Stats, names: dict[int, str]) -> None:
    rows = list(
        days_qs.values("store_id", "staff_pin_id", "kind").annotate(n=Sum("count"), s=Sum("stamps"), p=Sum("points"))
    )
    stores: dict[int, Row] = {}
    staff: dict[int, Row] = {}
    for row in rows:
        figures = (row["kind"], row["n"], row["s"], row["p"])
        result.totals.add(*figures)
        store_id = row["store_id"]
        stores.setdefault(store_id, Row(key=store_id, label=names.get(store_id) or f"#{store_id}")).add(*figures)
        if row["staff_pin_id"]:
            staff.setdefault(row["staff_pin_id"], Row(key=row["staff_pin_id"])).add(*figures)
    pins = StaffPin.objects.filter(pk__in=list(staff)).values("pk", "name", "store_id") if staff else []
    for pin in pins:
        row = staff[pin["pk"]]
        row.label, row.store_label = pin["name"], names.get(pin["store_id"]) or f"#{pin['store_id']}"
    result.stores = sorted(stores.values(), key=lambda r: (-r.transactions, r.label))
    result.staff = sorted(staff.values(), key=lambda r: (-r.transactions, r.label))


def stats(*, store: Any, only_store: bool = False, days: int = PERIODS[0]) -> Stats:
    """The programme's figures over the last `days` days (the store's days, today included): of
    all the merchant's stores, or of `store` alone with `only_store`."""
    _scope(store)
    days = days if days in PERIODS else PERIODS[0]
    last = timezone.now().astimezone(_zone(store)).date()
    first = last - timedelta(days=days - 1)
    result = Stats(days=days, first=first, last=last, bucket="day" if days <= 31 else "week")
    for name, value in _members(store, only_store, first).items():
        setattr(result, name, value)
    days_qs = LedgerDay.objects.filter(day__gte=first, day__lte=last)
    if only_store:
        days_qs = days_qs.filter(store_id=store.id)
    _by_store_and_staff(days_qs, result, store_names(store=store))
    _series(days_qs, result)
    return result
