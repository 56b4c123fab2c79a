"""The platform's programme directory: the figures read in each merchant's schema (cards and
LedgerDay), the row removed without a programme, the beat over every merchant, and the refresh
queued when a programme changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.loyalty import services
from apps.loyalty.models import Card, LedgerDay, Program
from apps.loyalty.platform.models import ProgramDirectory
from apps.loyalty.services.directory import directory_refresh, directory_refresh_all
from apps.loyalty.signals import program_changed

from .factories import card_make, program_make


def _activity(tenant) -> None:
    """Two members (one inactive for 40 days), a stamp, 350 points earned, a void, and a ledger
    day older than the window."""
    with tenant:
        program_make(Program.Kind.HYBRID, name="Alpha card")
        till = services.Terminal(store=tenant.store)
        card = card_make(tenant.store)
        other = card_make(tenant.store, email="other@example.lu")
        services.stamp_add(terminal=till, card=card)
        services.points_earn(terminal=till, card=card, amount=Decimal("25.00"))
        earned = services.points_earn(terminal=till, card=other, amount=Decimal("10.00"))
        services.transaction_void(terminal=till, card=other, transaction_id=earned.transaction.pk)
        Card.objects.filter(pk=other.pk).update(last_activity_at=timezone.now() - timedelta(days=40))
        LedgerDay.objects.create(
            day=timezone.localdate() - timedelta(days=40),
            store_id=tenant.store.id,
            kind="points_earn",
            count=3,
            points=900,
        )


def test_refresh_reads_members_activity_and_what_was_issued(tenant_a):
    _activity(tenant_a)
    row = directory_refresh(merchant=tenant_a.merchant)
    assert row is not None and row.merchant_id == tenant_a.merchant.pk
    assert (row.name, row.kind, row.is_active) == ("Alpha card", "hybrid", True)
    assert (row.members, row.active_members) == (2, 1)
    # stamp, two earnings and the void; the day 40 days ago is outside the window
    assert row.transactions_30d == 4
    assert (row.points_issued_30d, row.stamps_issued_30d) == (350, 1)
    assert row.last_activity_at is not None and row.refreshed_at is not None
    with tenant_a:
        Program.objects.update(is_active=False, name="Renamed")
    row = directory_refresh(merchant=tenant_a.merchant)
    assert (row.name, row.is_active) == ("Renamed", False)
    assert ProgramDirectory.objects.count() == 1


def test_no_programme_no_row_and_the_beat_covers_every_merchant(tenant_a, tenant_b):
    ProgramDirectory.objects.create(merchant=tenant_b.merchant, name="Stale", kind="stamps")
    assert directory_refresh(merchant=tenant_b.merchant) is None
    assert not ProgramDirectory.objects.filter(merchant=tenant_b.merchant).exists()
    _activity(tenant_a)
    assert directory_refresh_all() == 1
    assert list(ProgramDirectory.objects.values_list("merchant_id", flat=True)) == [tenant_a.merchant.pk]


def test_a_programme_change_queues_the_refresh(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(Program.Kind.STAMPS, name="Coffee card")
        with django_capture_on_commit_callbacks(execute=True):
            program_changed.send(sender=Program, merchant_id=tenant_a.merchant.pk)
    row = ProgramDirectory.objects.get(merchant=tenant_a.merchant)
    assert (row.name, row.kind, row.members) == ("Coffee card", "stamps", 0)
    with tenant_a:
        Program.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            program_changed.send(sender=Program, merchant_id=tenant_a.merchant.pk)
    assert not ProgramDirectory.objects.exists()
