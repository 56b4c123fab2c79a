"""Platform-wide reads of loyalty (the platform admin and its API; public schema): the programme
directory and its totals, and one merchant's programme read inside its schema."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django_tenants.utils import tenant_context

from apps.core.modules import DashboardBar, DashboardWidget
from apps.tenancy import selectors as tenancy_selectors
from apps.tenancy.models import Merchant

from ..models import Card, Program, Reward, Tier
from .models import MerchantLoyaltyPolicy, ProgramDirectory

TOP_MERCHANTS = 10
RECENT_MEMBERS = 20


def kind_label(kind: str) -> str:
    return str(Program.Kind(kind).label) if kind in Program.Kind.values else kind


def directory_rows(*, kind: str = "", active: bool | None = None, search: str = "") -> QuerySet[ProgramDirectory]:
    rows = ProgramDirectory.objects.select_related("merchant").order_by("merchant__name", "pk")
    if kind:
        rows = rows.filter(kind=kind)
    if active is not None:
        rows = rows.filter(is_active=active)
    if search:
        rows = rows.filter(Q(merchant__name__icontains=search) | Q(name__icontains=search))
    return rows


def platform_totals() -> dict[str, int]:
    """Sums over every merchant's directory row."""
    zero = 0
    return ProgramDirectory.objects.aggregate(
        programmes=Count("id"),
        active_programmes=Count("id", filter=Q(is_active=True)),
        members=Coalesce(Sum("members"), zero),
        active_members=Coalesce(Sum("active_members"), zero),
        transactions_30d=Coalesce(Sum("transactions_30d"), zero),
        points_issued_30d=Coalesce(Sum("points_issued_30d"), zero),
        stamps_issued_30d=Coalesce(Sum("stamps_issued_30d"), zero),
    )


def programmes_by_kind() -> list[dict[str, Any]]:
    counts = dict(ProgramDirectory.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return [{"kind": kind, "label": str(label), "count": counts.get(kind, 0)} for kind, label in Program.Kind.choices]


def top_merchants(*, limit: int = TOP_MERCHANTS) -> list[ProgramDirectory]:
    """The most active programmes of the last 30 days."""
    rows = ProgramDirectory.objects.select_related("merchant").order_by("-transactions_30d", "-members", "pk")
    return list(rows[:limit])


def activity_chart(rows: list[ProgramDirectory], title: Any) -> DashboardWidget:
    bars = tuple(
        DashboardBar(label=row.merchant.name, value=row.transactions_30d, text=str(row.transactions_30d))
        for row in rows
    )
    return DashboardWidget(key="loyalty-activity", title=title, permission="", chart_title=title, bars=bars)


def dangerously_merchant_get(*, merchant_id: int) -> Merchant | None:
    """Any merchant by its id (platform staff only)."""
    return Merchant.objects.filter(pk=merchant_id).first()


def policy_or_default(*, merchant: Merchant) -> MerchantLoyaltyPolicy:
    """The merchant's policy, or an unsaved one with the defaults."""
    return MerchantLoyaltyPolicy.objects.filter(merchant_id=merchant.pk).first() or MerchantLoyaltyPolicy(
        merchant=merchant
    )


def merchant_programme(*, merchant: Merchant) -> dict[str, Any]:
    """The merchant's programme as the platform admin reads it (in the merchant's schema):
    the programme, rewards, tiers, stores and members (count and the most recently active)."""
    stores = list(tenancy_selectors.store_list(merchant=merchant))
    with tenant_context(merchant):
        program = Program.objects.filter(key=1).first()
        if program is None:
            return {"program": None, "stores": stores}
        return {
            "program": program,
            "kind_label": kind_label(program.kind),
            "rewards": list(Reward.objects.order_by("points_cost", "pk")),
            "tiers": list(Tier.objects.order_by("threshold", "pk")) if program.tiers_enabled else [],
            "stores": stores,
            "members": Card.objects.count(),
            "recent": list(
                Card.objects.select_related("customer").order_by(F("last_activity_at").desc(nulls_last=True), "-pk")[
                    :RECENT_MEMBERS
                ]
            ),
            "enrolled_per_store": _enrolled_per_store(stores),
        }


def _enrolled_per_store(stores: list) -> list[dict[str, Any]]:
    counts = dict(
        Card.objects.values_list("enrolled_store_id").annotate(n=Count("id")).values_list("enrolled_store_id", "n")
    )
    return [{"store": store, "cards": counts.get(store.id, 0)} for store in stores]
