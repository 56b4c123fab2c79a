"""Tiers: reached by what a card earned in the last twelve months (not its balance), set by one
UPDATE per schema, never retroactive."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection

from apps.loyalty import services, tasks
from apps.loyalty.models import Card, Program, Tier, Transaction
from apps.loyalty.services.tiers import tiers_recalculate

from .factories import card_make, program_make


def till(store):
    return services.Terminal(store=store)


def backdate(card, days):
    """Move the card's entries back in time (the ledger refuses UPDATE: its trigger is off for
    the statement, as only a test may)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE loyalty_transaction SET created_at = created_at - %s WHERE card_id = %s",
            [timedelta(days=days), card.pk],
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_tier_by_twelve_months_earnings_not_balance(tenant_a, queries):
    with tenant_a:
        program_make(Program.Kind.POINTS, tiers_enabled=True, welcome_bonus_points=5000)
        silver = Tier.objects.create(name="Silver", threshold=500, multiplier=Decimal("1.50"))
        gold = Tier.objects.create(name="Gold", threshold=2000, multiplier=Decimal("2.00"))
        card_make(tenant_a.store, email="rich@example.lu")  # 5000 welcome points, earned nothing
        old = card_make(tenant_a.store, email="old@example.lu")
        services.points_earn(terminal=till(tenant_a.store), card=old, amount=Decimal("300.00"))  # 3000
        backdate(old, 400)
        buyer = card_make(tenant_a.store, email="buyer@example.lu")
        services.points_earn(terminal=till(tenant_a.store), card=buyer, amount=Decimal("60.00"))  # 600
        voided = card_make(tenant_a.store, email="voided@example.lu")
        entry = services.points_earn(terminal=till(tenant_a.store), card=voided, amount=Decimal("60.00")).transaction
        services.transaction_void(terminal=till(tenant_a.store), card=voided, transaction_id=entry.pk)
        with queries.exactly(5):  # savepoint, programme, tiers exist, the one UPDATE, release
            changed = tiers_recalculate()
        assert changed == 1
        tiers = dict(Card.objects.values_list("customer__email", "tier_id"))
        assert tiers == {
            "rich@example.lu": None,
            "old@example.lu": None,
            "buyer@example.lu": silver.pk,
            "voided@example.lu": None,
        }
        assert tiers_recalculate() == 0  # nothing changes twice
        services.points_earn(terminal=till(tenant_a.store), card=buyer, amount=Decimal("150.00"))  # 1.5 x 1500
        assert Transaction.objects.filter(card=buyer).order_by("-id").first().points_delta == 2250
        tiers_recalculate()
        buyer.refresh_from_db()
        assert buyer.tier_id == gold.pk
        # not retroactive: past entries stay as they were
        assert sorted(Transaction.objects.filter(card=buyer).values_list("points_delta", flat=True)) == [
            600,
            2250,
            5000,
        ]


def test_stamps_programme_counts_stamps_and_tiers_off_clears(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program = program_make(Program.Kind.STAMPS, tiers_enabled=True, stamp_cooldown_minutes=0)
        regular = Tier.objects.create(name="Regular", threshold=3)
        card = card_make(tenant_a.store)
        for _i in range(3):
            services.stamp_add(terminal=till(tenant_a.store), card=card)
        assert tasks._tiers_schema() == 1
        card.refresh_from_db()
        assert card.tier_id == regular.pk
        Program.objects.filter(pk=program.pk).update(tiers_enabled=False)
        tiers_recalculate()
        card.refresh_from_db()
        assert card.tier_id is None


def test_beat_task_runs_every_merchant_apart(tenant_a, tenant_b):
    with tenant_a:
        program_make(Program.Kind.POINTS, tiers_enabled=True)
        tier_a = Tier.objects.create(name="A", threshold=10)
        card_a = card_make(tenant_a.store)
        services.points_earn(terminal=till(tenant_a.store), card=card_a, amount=Decimal("5.00"))
    with tenant_b:
        program_make(Program.Kind.POINTS, tiers_enabled=True)
        Tier.objects.create(name="B", threshold=1000)
        card_b = card_make(tenant_b.store)
        services.points_earn(terminal=till(tenant_b.store), card=card_b, amount=Decimal("5.00"))
    assert tasks.tiers_recalculate_all() == 1
    with tenant_a:
        assert Card.objects.get(pk=card_a.pk).tier_id == tier_a.pk
    with tenant_b:
        assert Card.objects.get(pk=card_b.pk).tier_id is None
