"""Points expiry after months without activity, with one warning e-mail before, from the enrolled
store in its name and language."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.utils import timezone

from apps.loyalty import services, tasks
from apps.loyalty.models import Card, Program, Transaction
from apps.loyalty.services.expiry import expire_points, expiry_warnings_send, months_before

from .factories import card_make, ledger_balanced, program_make


def inactive(card, days):
    Card.objects.filter(pk=card.pk).update(last_activity_at=timezone.now() - timedelta(days=days))


def test_months_before():
    now = timezone.now().replace(year=2026, month=3, day=31)
    assert months_before(now, 1).date().isoformat() == "2026-02-28"
    assert months_before(now, 12).date().isoformat() == "2025-03-31"
    assert months_before(now, -1).date().isoformat() == "2026-04-30"


def test_warning_then_expiry(tenant_a):
    with tenant_a:
        store = tenant_a.store
        type(store).objects.filter(pk=store.pk).update(language="fr")
        store.refresh_from_db()
        program_make(Program.Kind.POINTS, points_expiry_months=12, expiry_warning_days=14)
        sleepy = card_make(store, email="sleepy@example.lu")
        services.points_earn(terminal=services.Terminal(store=store), card=sleepy, amount=Decimal("30.00"))
        active = card_make(store, email="active@example.lu")
        services.points_earn(terminal=services.Terminal(store=store), card=active, amount=Decimal("30.00"))
        inactive(sleepy, 365 - 10)  # expires in about ten days
        inactive(active, 100)
        assert expire_points() == 0
        assert expiry_warnings_send() == 1
        [message] = mail.outbox
        assert message.to == ["sleepy@example.lu"] and store.name in message.subject
        # in the store's language (French), from the store
        assert message.body.startswith("Bonjour") and "300" in message.body and sleepy.display_number in message.body
        assert expiry_warnings_send() == 0  # warned once
        sleepy.refresh_from_db()
        assert sleepy.expiry_warned_at is not None
        inactive(sleepy, 400)
        assert expire_points() == 1
        sleepy.refresh_from_db()
        [entry] = Transaction.objects.filter(card=sleepy, kind=Transaction.Kind.EXPIRE)
        assert entry.points_delta == -300 and sleepy.points_balance == 0 and ledger_balanced(sleepy)
        assert expire_points() == 0
        active.refresh_from_db()
        assert active.points_balance == 300


def test_activity_clears_the_warning_and_no_expiry_without_months(tenant_a):
    with tenant_a:
        program = program_make(Program.Kind.POINTS, points_expiry_months=6)
        card = card_make(tenant_a.store)
        services.points_earn(terminal=services.Terminal(store=tenant_a.store), card=card, amount=Decimal("10.00"))
        inactive(card, 180)
        assert expiry_warnings_send() == 1
        services.points_earn(terminal=services.Terminal(store=tenant_a.store), card=card, amount=Decimal("1.00"))
        card.refresh_from_db()
        assert card.expiry_warned_at is None
        Program.objects.filter(pk=program.pk).update(points_expiry_months=None)
        inactive(card, 1000)
        assert expire_points() == 0 and expiry_warnings_send() == 0


def test_beat_task_keeps_merchants_apart(tenant_a, tenant_b):
    with tenant_a:
        program_make(Program.Kind.POINTS, points_expiry_months=1)
        card_a = card_make(tenant_a.store)
        services.points_earn(terminal=services.Terminal(store=tenant_a.store), card=card_a, amount=Decimal("1.00"))
        inactive(card_a, 100)
    with tenant_b:
        program_make(Program.Kind.POINTS)  # no expiry
        card_b = card_make(tenant_b.store)
        services.points_earn(terminal=services.Terminal(store=tenant_b.store), card=card_b, amount=Decimal("1.00"))
        inactive(card_b, 100)
    assert tasks.points_expire_all() == 1
    with tenant_a:
        assert Card.objects.get(pk=card_a.pk).points_balance == 0
    with tenant_b:
        assert Card.objects.get(pk=card_b.pk).points_balance == 10
