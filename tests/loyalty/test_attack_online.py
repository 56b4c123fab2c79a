"""Attacks on rewards spent online: spending one balance twice, and a till void giving back the
price of a reward whose discount code lives on."""

from __future__ import annotations

import pytest

from apps.core.errors import ApplicationError
from apps.loyalty import services
from apps.loyalty.models import Program, Reward, Transaction
from apps.loyalty.services.online import reward_use_online
from apps.orders.models import DiscountCode

from .factories import ledger_balanced, pin_make, program_make
from .online_orders import member_card


@pytest.fixture
def member(tenant_a):
    with tenant_a:
        program_make(Program.Kind.POINTS)
        card = member_card(tenant_a)
        services.card_adjust(terminal=services.Terminal(store=tenant_a.store), card=card, points=150, reason="t")
    return card


def test_one_balance_buys_one_reward(tenant_a, member):
    with tenant_a:
        reward = Reward.objects.get()
        first = reward_use_online(store=tenant_a.store, customer=member.customer, reward_id=reward.pk)
        # asked again at once (a double click), the same unused code comes back: nothing spent twice
        assert reward_use_online(store=tenant_a.store, customer=member.customer, reward_id=reward.pk) == first
        DiscountCode.objects.filter(pk=first.pk).update(uses=1)
        with pytest.raises(ApplicationError) as error:
            reward_use_online(store=tenant_a.store, customer=member.customer, reward_id=reward.pk)
        assert error.value.code == "not_enough_points"
        assert DiscountCode.objects.filter(code__startswith="LOYALTY-").count() == 1
        assert ledger_balanced(member) and member.points_balance == 50


def test_a_reward_spent_online_is_not_voided_at_the_till(tenant_a, member):
    with tenant_a:
        code = reward_use_online(store=tenant_a.store, customer=member.customer, reward_id=Reward.objects.get().pk)
        spent = Transaction.objects.get(card=member, kind=Transaction.Kind.POINTS_REDEEM)
        terminal = services.Terminal(store=tenant_a.store, pin=pin_make(tenant_a.store))
        with pytest.raises(ApplicationError) as error:
            services.transaction_void(terminal=terminal, card=member, transaction_id=spent.pk)
        assert error.value.code == "not_voidable"
        assert DiscountCode.objects.get(pk=code.pk).max_uses == 1
        assert ledger_balanced(member) and member.points_balance == 50
        # a reward given at the till is still voidable
        services.card_adjust(terminal=terminal, card=member, points=100, reason="t")
        at_till = services.points_redeem(terminal=terminal, card=member, reward_id=Reward.objects.get().pk)
        services.transaction_void(terminal=terminal, card=member, transaction_id=at_till.transaction.pk)
        assert ledger_balanced(member) and member.points_balance == 150
