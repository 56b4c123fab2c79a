"""The orders module's part of the store dashboard: today's and this month's sales, orders waiting
to be fulfilled, unpaid orders, and the sales of the last 30 days. Days are the store's (its time
zone). Sales are what paid orders brought in: their totals less what was refunded, by the day the
order was placed. Two queries, whatever the number of orders."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.modules import DashboardBar, DashboardStat, DashboardWidget

from .models import Order
from .models.orders import FulfilmentStatus, OrderStatus, PaymentStatus
from .permissions import Action, permission_of
from .types import StoreRef

DAYS = 30
PAID = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)
LIVE = (OrderStatus.OPEN, OrderStatus.CONFIRMED)
WAITING = Q(status__in=LIVE, fulfilment_status__in=(FulfilmentStatus.UNFULFILLED, FulfilmentStatus.PARTIALLY_FULFILLED))
UNPAID = Q(status__in=LIVE, payment_status__in=(PaymentStatus.PENDING, PaymentStatus.PARTIALLY_PAID))
NET = F("total") - F("refunded_amount")
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)


def _zone(store: StoreRef):
    try:
        return zoneinfo.ZoneInfo(getattr(store, "time_zone", "") or "Europe/Luxembourg")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/Luxembourg")


def _start(day: date, zone) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _money(amount: Decimal) -> str:
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} EUR"


def _orders_url(store: StoreRef, query: str) -> str:
    """The order list filtered (the order pages may not be mounted yet: then no link)."""
    try:
        return f"{reverse('store:orders:list', kwargs={'code': store.code})}?{query}"
    except NoReverseMatch:
        return ""


def sales_summary(*, store: StoreRef, today: date, zone) -> dict:
    month_start = _start(today.replace(day=1), zone)
    day_start = _start(today, zone)
    paid = Q(payment_status__in=PAID)
    return Order.objects.filter(store_id=store.id).aggregate(
        today=Coalesce(Sum(NET, filter=paid & Q(placed_at__gte=day_start)), ZERO),
        month=Coalesce(Sum(NET, filter=paid & Q(placed_at__gte=month_start)), ZERO),
        waiting=Count("id", filter=WAITING),
        unpaid=Count("id", filter=UNPAID),
    )


def sales_by_day(*, store: StoreRef, today: date, zone, days: int = DAYS) -> list[tuple[date, Decimal]]:
    """(day, sales) of the last `days` days up to today, every day (0 when none)."""
    first = today - timedelta(days=days - 1)
    rows = (
        Order.objects.filter(store_id=store.id, payment_status__in=PAID, placed_at__gte=_start(first, zone))
        .annotate(day=TruncDate("placed_at", tzinfo=zone))
        .values("day")
        .annotate(amount=Sum(NET))
        .order_by("day")
    )
    found = {row["day"]: row["amount"] for row in rows}
    return [(first + timedelta(days=n), found.get(first + timedelta(days=n)) or Decimal("0")) for n in range(days)]


def widgets(store: StoreRef) -> list[DashboardWidget]:
    zone = _zone(store)
    today = timezone.now().astimezone(zone).date()
    summary = sales_summary(store=store, today=today, zone=zone)
    days = sales_by_day(store=store, today=today, zone=zone)
    stats = (
        DashboardStat(_("Sales today"), _money(summary["today"])),
        DashboardStat(_("Sales this month"), _money(summary["month"])),
        DashboardStat(
            _("Waiting to be fulfilled"), str(summary["waiting"]), _orders_url(store, "fulfilment=unfulfilled")
        ),
        DashboardStat(_("Unpaid orders"), str(summary["unpaid"]), _orders_url(store, "payment=pending")),
    )
    bars = tuple(
        DashboardBar(formats.date_format(day, "SHORT_DATE_FORMAT"), float(amount), _money(amount))
        for day, amount in days
    )
    return [
        DashboardWidget(
            key="orders.sales",
            title=gettext_lazy("Sales"),
            permission=permission_of(Action.VIEW),
            stats=stats,
            chart_title=_("Sales of the last %(days)d days") % {"days": DAYS},
            bars=bars,
        )
    ]
