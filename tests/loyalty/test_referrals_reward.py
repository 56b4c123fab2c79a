"""Referral bonuses: given once per friend, with the friend's first qualifying paid order, even
when two orders are paid at once."""

from __future__ import annotations

from decimal import Decimal

from apps.loyalty import tasks
from apps.loyalty.models import Program, Referral, Transaction

from .factories import card_make, ledger_balanced, program_make
from .online_orders import member_card, pay, storefront_order


def referral_entries(card):
    entries = Transaction.objects.filter(card=card, kind=Transaction.Kind.REFERRAL)
    return list(entries.values_list("points_delta", flat=True))


def test_friend_and_referrer_get_their_bonus_once(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(
            Program.Kind.POINTS,
            referrals_enabled=True,
            referral_bonus_friend=50,
            referral_bonus_referrer=100,
            referral_min_order=Decimal("60.00"),
        )
        referrer = card_make(tenant_a.store, email="referrer@example.lu")
        friend = card_make(
            tenant_a.store,
            email="anna@example.lu",
            user=tenant_a.customer("anna@example.lu"),
            referral_code=referrer.referral_code.lower(),
        )
        assert Referral.objects.get(friend=friend).status == Referral.Status.PENDING
        small = storefront_order(tenant_a.store, price="10.00", quantity=2)  # 20.00 + shipping: too small
        pay(django_capture_on_commit_callbacks, tenant_a.store, small)
        assert referral_entries(friend) == []
        big = storefront_order(tenant_a.store, price="40.00", quantity=2)
        pay(django_capture_on_commit_callbacks, tenant_a.store, big)
        assert referral_entries(friend) == [50] and referral_entries(referrer) == [100]
        referral = Referral.objects.get(friend=friend)
        assert referral.status == Referral.Status.REWARDED and referral.rewarded_at is not None
        another = storefront_order(tenant_a.store, price="40.00", quantity=2)
        pay(django_capture_on_commit_callbacks, tenant_a.store, another)
        tasks.online_order_paid(big.pk, tenant_a.store.id)
        assert referral_entries(friend) == [50] and referral_entries(referrer) == [100]
        assert ledger_balanced(friend) and ledger_balanced(referrer)


def test_stamps_programme_gives_stamps(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        program_make(Program.Kind.STAMPS, referrals_enabled=True, referral_bonus_friend=1, referral_bonus_referrer=2)
        referrer = card_make(tenant_a.store, email="referrer@example.lu")
        friend = member_card(tenant_a)
        Referral.objects.create(referrer=referrer, friend=friend)
        pay(django_capture_on_commit_callbacks, tenant_a.store, storefront_order(tenant_a.store))
        referrer.refresh_from_db()
        friend.refresh_from_db()
        assert referrer.stamps_balance == 2 and friend.stamps_balance == 1 + 1  # bonus and the order's stamp
