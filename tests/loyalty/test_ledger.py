"""The ledger's rules: stamps, points, rewards, voids, adjustments, PINs and the append-only
ledger, at the service level."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, transaction
from django.utils import timezone

from apps.core.errors import ApplicationError
from apps.loyalty import services
from apps.loyalty.models import Card, Program, Reward, Transaction
from apps.loyalty.platform.models import MerchantLoyaltyPolicy

from .factories import PIN, card_make, ledger_balanced, pin_make, program_make


def code_of(call) -> str:
    with pytest.raises(ApplicationError) as info:
        call()
    return info.value.code


@pytest.fixture
def till(tenant_a):
    with tenant_a:
        program_make()
        yield services.Terminal(store=tenant_a.store, ip_address="192.0.2.7", device="test")


def test_stamps_cooldown_daily_limit_and_reward(tenant_a, till):
    card = card_make(tenant_a.store)
    result = services.stamp_add(terminal=till, card=card)
    assert result.card.stamps_balance == 1 and result.transaction.ip_address == "192.0.2.7"
    assert code_of(lambda: services.stamp_add(terminal=till, card=card)) == "stamp_cooldown"
    Program.objects.update(stamp_cooldown_minutes=0)
    for _i in range(4):
        services.stamp_add(terminal=till, card=card)
    assert code_of(lambda: services.stamp_add(terminal=till, card=card)) == "daily_limit"
    assert code_of(lambda: services.stamp_redeem(terminal=till, card=card)) == "not_enough_stamps"
    Card.objects.filter(pk=card.pk).update(stamps_day=timezone.localdate() - timedelta(days=1))
    for _i in range(5):
        services.stamp_add(terminal=till, card=card)
    redeemed = services.stamp_redeem(terminal=till, card=card)
    assert redeemed.card.stamps_balance == 0 and redeemed.transaction.reward_name == "Free coffee"
    assert ledger_balanced(card)


def test_points_earn_redeem_and_void_capped(tenant_a, till):
    card = card_make(tenant_a.store)
    earned = services.points_earn(terminal=till, card=card, amount=Decimal("25.00"))
    assert earned.transaction.points_delta == 250
    reward = Reward.objects.get(name="Tote bag")
    services.points_redeem(terminal=till, card=card, reward_id=reward.pk)
    services.points_redeem(terminal=till, card=card, reward_id=reward.pk)
    assert code_of(lambda: services.points_redeem(terminal=till, card=card, reward_id=reward.pk)) == "not_enough_points"
    # the void of the 250 takes back only the 50 left, never below zero
    void = services.transaction_void(terminal=till, card=card, transaction_id=earned.transaction.pk)
    assert void.transaction.points_delta == -50 and void.card.points_balance == 0
    assert void.transaction.voids_id == earned.transaction.pk
    assert code_of(
        lambda: services.transaction_void(terminal=till, card=card, transaction_id=earned.transaction.pk)
    ) == ("already_voided")
    assert code_of(lambda: services.transaction_void(terminal=till, card=card, transaction_id=void.transaction.pk)) == (
        "void_of_void"
    )
    other = card_make(tenant_a.store, email="other@example.lu")
    assert (
        code_of(lambda: services.transaction_void(terminal=till, card=other, transaction_id=earned.transaction.pk))
        == "transaction_not_found"
    )
    assert code_of(lambda: services.points_earn(terminal=till, card=card, amount=Decimal("-1"))) == "amount_invalid"
    assert ledger_balanced(card) and ledger_balanced(other)


def test_policy_cross_store_voids_and_reference(tenant_a, till):
    card = card_make(tenant_a.store)
    services.points_earn(terminal=till, card=card, amount=Decimal("30"))
    MerchantLoyaltyPolicy.objects.create(
        merchant=tenant_a.merchant, cross_store_redemption=False, voids_allowed=False, order_reference_required=True
    )
    elsewhere = services.Terminal(store=tenant_a.stores["ALPHA2"])
    reward = Reward.objects.get(name="Tote bag")
    assert code_of(lambda: services.points_redeem(terminal=elsewhere, card=card, reward_id=reward.pk)) == (
        "cross_store_not_allowed"
    )
    assert code_of(lambda: services.points_earn(terminal=elsewhere, card=card, amount=Decimal("1"))) == (
        "order_reference_required"
    )
    txn = card.transactions.filter(kind=Transaction.Kind.POINTS_EARN).first()
    assert code_of(lambda: services.transaction_void(terminal=till, card=card, transaction_id=txn.pk)) == (
        "voids_not_allowed"
    )


def test_pins_count_wrong_tries_and_lock(tenant_a, till):
    del till
    rules = services.rules_get()
    pin = pin_make(tenant_a.store)
    assert services.pin_verify(store=tenant_a.store, rules=rules, pin_id=pin.pk, pin=PIN) == pin
    codes = [
        code_of(lambda: services.pin_verify(store=tenant_a.store, rules=rules, pin_id=pin.pk, pin="0000"))
        for _ in range(5)
    ]
    assert codes == ["pin_wrong"] * 4 + ["pin_locked"]
    assert (
        code_of(lambda: services.pin_verify(store=tenant_a.store, rules=rules, pin_id=pin.pk, pin=PIN)) == "pin_locked"
    )
    services.pin_reset(store=tenant_a.store, actor=None, pin_id=pin.pk, pin="987654")
    assert services.pin_verify(store=tenant_a.store, rules=rules, pin_id=pin.pk, pin="987654") == pin
    assert (
        code_of(lambda: services.pin_verify(store=tenant_a.store, rules=rules, pin_id=None, pin=None)) == "pin_required"
    )
    other_store_pin = pin_make(tenant_a.stores["ALPHA2"], name="Bob")
    assert (
        code_of(lambda: services.pin_verify(store=tenant_a.store, rules=rules, pin_id=other_store_pin.pk, pin=PIN))
        == "pin_not_found"
    )


def test_enrolment_welcome_bonus_and_duplicates(tenant_a, till):
    del till
    Program.objects.update(welcome_bonus_points=50, welcome_bonus_stamps=1)
    card = card_make(tenant_a.store)
    assert (card.points_balance, card.stamps_balance) == (50, 1)
    assert code_of(lambda: card_make(tenant_a.store, email="CARD@example.lu")) == "already_enrolled"
    assert services.card_find(qr=card.qr_payload) == card
    assert services.card_find(number=card.display_number) == card
    assert code_of(lambda: services.card_find(qr="https://evil.example/")) == "qr_invalid"
    assert code_of(lambda: services.card_find(number="1234-5678-9010")) == "card_not_found"


def test_the_ledger_is_append_only(tenant_a, till):
    card = card_make(tenant_a.store)
    txn = services.points_earn(terminal=till, card=card, amount=Decimal("1")).transaction
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Transaction.objects.filter(pk=txn.pk).update(points_delta=1000)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Transaction.objects.filter(pk=txn.pk).delete()
