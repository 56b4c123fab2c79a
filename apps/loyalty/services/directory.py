"""The programme directory: one row per merchant's programme in the public schema, with the
figures the platform admin lists and sums (members, activity, what was issued in 30 days).
Refreshed nightly and hourly by beat, and soon after a programme changes (receivers_platform)."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.core.background import for_each_merchant_schema
from apps.tenancy.models import Merchant

from ..models import Card, LedgerDay, Program, Transaction
from ..platform.models import ProgramDirectory

WINDOW_DAYS = 30
# what counts as "issued": stamps and points given to customers, not voids, expiries or corrections
ISSUING = (
    Transaction.Kind.WELCOME,
    Transaction.Kind.STAMP,
    Transaction.Kind.POINTS_EARN,
    Transaction.Kind.ONLINE_EARN,
    Transaction.Kind.REFERRAL,
)


def _figures(now) -> dict:
    """In the merchant's schema: members and the last 30 days, read from the cards and LedgerDay."""
    since = now - timedelta(days=WINDOW_DAYS)
    cards = Card.objects.aggregate(
        members=Count("id"),
        active=Count("id", filter=Q(last_activity_at__gte=since)),
        last=Max("last_activity_at"),
    )
    first_day = timezone.localdate(now) - timedelta(days=WINDOW_DAYS - 1)
    days = LedgerDay.objects.filter(day__gte=first_day)
    issued = days.filter(kind__in=ISSUING)
    totals = days.aggregate(count=Sum("count"))
    given = issued.aggregate(
        stamps=Sum("stamps", filter=Q(stamps__gt=0)),
        points=Sum("points", filter=Q(points__gt=0)),
    )
    return {
        "members": cards["members"],
        "active_members": cards["active"],
        "last_activity_at": cards["last"],
        "transactions_30d": totals["count"] or 0,
        "stamps_issued_30d": given["stamps"] or 0,
        "points_issued_30d": given["points"] or 0,
    }


def directory_refresh(*, merchant: Merchant) -> ProgramDirectory | None:
    """Read the merchant's programme and figures in its schema and write its directory row (or
    delete the row when the merchant has no programme). Returns the row, or None."""
    now = timezone.now()
    with tenant_context(merchant):
        program = Program.objects.filter(key=1).first()
        figures = _figures(now) if program is not None else None
    if program is None:
        ProgramDirectory.objects.filter(merchant_id=merchant.pk).delete()
        return None
    values = {
        "name": program.name,
        "kind": program.kind,
        "is_active": program.is_active,
        "refreshed_at": now,
        **figures,
    }
    # one INSERT ... ON CONFLICT: two refreshes of one merchant at once (beat and a programme
    # change) both land, neither fails on the unique merchant
    ProgramDirectory.objects.bulk_create(
        [ProgramDirectory(merchant_id=merchant.pk, **values)],
        update_conflicts=True,
        unique_fields=["merchant"],
        update_fields=list(values),
    )
    return ProgramDirectory.objects.get(merchant_id=merchant.pk)


def directory_refresh_by_id(*, merchant_id: int) -> ProgramDirectory | None:
    """A task's entry point: the merchant by its id (gone: its row went with it)."""
    merchant = Merchant.objects.filter(pk=merchant_id).first()
    return directory_refresh(merchant=merchant) if merchant is not None else None


def _refresh_current() -> bool:
    merchant = Merchant.objects.get(schema_name=connection.schema_name)
    return directory_refresh(merchant=merchant) is not None


def directory_refresh_all() -> int:
    """Beat (public schema): refresh every merchant's row; a schema that fails is logged and
    skipped. Returns how many merchants have a programme."""
    return sum(1 for _schema, listed in for_each_merchant_schema(_refresh_current) if listed)
