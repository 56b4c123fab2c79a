"""Referral bonuses: a friend who joined with a referrer's link (Referral, PENDING, made by
card_enrol) earns both of them their bonus with the first qualifying paid order: an order of the
storefront or the till whose total reaches programme.referral_min_order. Points in a points or
hybrid programme, stamps in a stamps programme. Exactly once per friend: the Referral row is
locked and its status checked under the lock, so two orders paid at once give one bonus."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.core.audit import audit_record
from apps.orders import selectors as orders_selectors

from ..models import Card, Program, Referral, Transaction
from .ledger import Terminal, card_lock, entry_post

QUALIFYING_CHANNELS = ("storefront", "pos")  # orders' Order.Channel values: the shop and the till


def _bonus(card: Card, program: Program, amount: int, store: Any, order: Any) -> None:
    if amount <= 0 or not card.is_active:
        return
    points, stamps = (amount, 0) if program.has_points else (0, amount)
    entry_post(
        card=card,
        terminal=Terminal(store=store),
        kind=Transaction.Kind.REFERRAL,
        points=points,
        stamps=stamps,
        order=order,
        order_reference=order.number[:64],
    )


def _qualifies(order: Any, program: Program | None) -> bool:
    return (
        program is not None
        and program.is_active
        and program.referrals_enabled
        and order.channel in QUALIFYING_CHANNELS
        and order.customer_id is not None
        and order.paid_at is not None
        and order.total >= program.referral_min_order
    )


def referral_reward(*, store: Any, order_id: int) -> Referral | None:
    """Give the referral bonuses if this paid order is the friend's first qualifying one. None
    when there is nothing to give (no pending referral, order too small, programme off)."""
    program = Program.objects.filter(key=1).first()
    order = orders_selectors.order_get(store=store, order_id=order_id)
    if not _qualifies(order, program):
        return None
    pending = Referral.objects.filter(friend__customer_id=order.customer_id, status=Referral.Status.PENDING).first()
    if pending is None:
        return None
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=pending.pk)
        if referral.status != Referral.Status.PENDING:
            return None
        # both cards locked in the order of their ids, as every two-card operation does
        first, second = sorted((referral.friend_id, referral.referrer_id))
        locked = {card.pk: card for card in (card_lock(first), card_lock(second))}
        _bonus(locked[referral.friend_id], program, program.referral_bonus_friend, store, order)
        _bonus(locked[referral.referrer_id], program, program.referral_bonus_referrer, store, order)
        referral.status, referral.rewarded_at = Referral.Status.REWARDED, timezone.now()
        referral.save(update_fields=["status", "rewarded_at"])
        audit_record(
            actor=None,
            action="loyalty.referral_rewarded",
            target=locked[referral.friend_id].display_number,
            store=store,
            data={"order": order.number, "referrer": locked[referral.referrer_id].display_number},
        )
    return referral
