"""The ledger: every change to a card's balances, and the rules at the till.

Each operation locks the card's row (SELECT ... FOR UPDATE), checks its rules against the locked
balances, appends one `Transaction`, updates the card and the day's totals (LedgerDay) and commits
them together. Terminals acting on one card at once therefore queue on its row: no lost update,
and a balance can never go below zero (the columns are unsigned, the checks run under the lock).
Retries are made safe one level up, by the API's Idempotency-Key (orders.services.idempotent_call).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.background import task_send_on_commit
from apps.core.errors import NotFound, PermissionDenied, ValidationFailed

from ..errors import LoyaltyErrorCode
from ..models import Card, Program, Reward, StaffPin, Transaction
from .policy import Rules, rules_get

MAX_PURCHASE = Decimal("100000.00")
BALANCE_MAX = 2_000_000_000  # below the balance columns' 2**31 - 1
VOIDABLE = {
    Transaction.Kind.STAMP,
    Transaction.Kind.STAMP_REDEEM,
    Transaction.Kind.POINTS_EARN,
    Transaction.Kind.POINTS_REDEEM,
}
PASS_TASK = "apps.loyalty.tasks.card_pass_refresh"
ONLINE_CODE_PREFIX = "LOYALTY-"  # a reward spent online keeps its discount code as order reference


@dataclass(frozen=True)
class Terminal:
    """Who acts, where and from what: the store, the signed-in user, the staff PIN (when one
    was entered), and the terminal's address and device, as the ledger records them."""

    store: Any
    user: Any = None
    pin: StaffPin | None = None
    ip_address: str | None = None
    device: str = ""


@dataclass(frozen=True)
class LedgerResult:
    card: Card
    transaction: Transaction


def _local_day(store: Any, when: Any) -> date:
    return timezone.localtime(when, ZoneInfo(getattr(store, "time_zone", "") or "Europe/Luxembourg")).date()


def card_lock(card: Card | int) -> Card:
    card_id = card.pk if isinstance(card, Card) else card
    return Card.objects.select_for_update(of=("self",)).select_related("tier", "customer").get(pk=card_id)


def _ledger_day_add(txn: Transaction, day: date) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO loyalty_ledgerday (day, store_id, staff_pin_id, kind, count, stamps, points)"
            " VALUES (%s, %s, %s, %s, 1, %s, %s)"
            " ON CONFLICT (day, store_id, staff_pin_id, kind) DO UPDATE SET"
            " count = loyalty_ledgerday.count + 1,"
            " stamps = loyalty_ledgerday.stamps + EXCLUDED.stamps,"
            " points = loyalty_ledgerday.points + EXCLUDED.points",
            [day, txn.store_id, txn.staff_pin_id or 0, txn.kind, txn.stamps_delta, txn.points_delta],
        )


def _balance_limit(card: Card, stamps: int, points: int) -> None:
    """A balance past its column would be a database error: refuse it clearly instead."""
    if card.stamps_balance + stamps > BALANCE_MAX or card.points_balance + points > BALANCE_MAX:
        raise ValidationFailed(
            _("This card cannot hold more: its balance would pass %(max)s.") % {"max": f"{BALANCE_MAX:,}"},
            code=LoyaltyErrorCode.BALANCE_LIMIT,
        )


def entry_post(
    *,
    card: Card,
    terminal: Terminal,
    kind: str,
    stamps: int = 0,
    points: int = 0,
    log_ip: bool = True,
    at: Any = None,
    **details: Any,
) -> Transaction:
    """Append one entry and move the card's balances by it. `card` must be locked (card_lock)
    or new in this transaction. Refuses to take a balance below zero. `at` dates an entry of the
    past brought in from elsewhere (demo history, a migration from another system): default now."""
    if card.stamps_balance + stamps < 0 or card.points_balance + points < 0:
        raise ValidationFailed(_("The card's balance cannot go below zero."), code=LoyaltyErrorCode.NOT_ENOUGH_POINTS)
    _balance_limit(card, stamps, points)
    now = at or timezone.now()
    txn = Transaction.objects.create(
        created_at=now,
        card=card,
        kind=kind,
        stamps_delta=stamps,
        points_delta=points,
        store_id=terminal.store.id,
        staff_pin=terminal.pin,
        staff_name=terminal.pin.name if terminal.pin else "",
        user=terminal.user if getattr(terminal.user, "is_authenticated", False) else None,
        ip_address=terminal.ip_address if log_ip else None,
        device=(terminal.device or "")[:200],
        **details,
    )
    card.stamps_balance += stamps
    card.points_balance += points
    if kind not in (Transaction.Kind.VOID, Transaction.Kind.EXPIRE, Transaction.Kind.ADJUST):
        card.stamps_earned = min(card.stamps_earned + max(stamps, 0), BALANCE_MAX)
        card.points_earned = min(card.points_earned + max(points, 0), BALANCE_MAX)
        card.last_activity_at = now
        card.expiry_warned_at = None
    card.pass_version += 1
    card.pass_updated_at = now
    card.save()
    _ledger_day_add(txn, _local_day(terminal.store, now))
    task_send_on_commit(PASS_TASK, card.pk)
    return txn


# --- checks -------------------------------------------------------------------------------------


def card_usable_check(card: Card) -> None:
    if not card.is_active:
        raise PermissionDenied(_("This card is disabled."), code=LoyaltyErrorCode.CARD_INACTIVE)


def redeemable_here_check(card: Card, rules: Rules, store: Any) -> None:
    if not rules.policy.cross_store_redemption and card.enrolled_store_id != store.id:
        raise PermissionDenied(
            _("This card's rewards can only be redeemed in the store where it was issued."),
            code=LoyaltyErrorCode.CROSS_STORE_NOT_ALLOWED,
        )


def _order_reference(rules: Rules, reference: str) -> str:
    reference = (reference or "").strip()[:64]
    if rules.policy.order_reference_required and not reference:
        raise ValidationFailed(
            _("Enter the receipt or order number."),
            code=LoyaltyErrorCode.ORDER_REFERENCE_REQUIRED,
            fields={"order_reference": [_("Required by your programme's settings.")]},
        )
    return reference


def _stamp_allowed(card: Card, program: Program, store: Any, now: Any) -> None:
    if card.last_stamp_at and program.stamp_cooldown_minutes:
        ready = card.last_stamp_at + timedelta(minutes=program.stamp_cooldown_minutes)
        if ready > now:
            minutes = math.ceil((ready - now).total_seconds() / 60)
            raise ValidationFailed(
                _(
                    "Too soon: this card got a stamp less than %(cooldown)d minutes ago. "
                    "Next stamp possible at %(time)s (in %(minutes)d min)."
                )
                % {
                    "cooldown": program.stamp_cooldown_minutes,
                    "time": date_format(timezone.localtime(ready), "TIME_FORMAT"),
                    "minutes": minutes,
                },
                code=LoyaltyErrorCode.STAMP_COOLDOWN,
            )
    if card.stamps_day == _local_day(store, now) and card.stamps_today >= program.max_stamps_per_day:
        raise ValidationFailed(
            _("Daily limit reached: %(limit)d stamps per card per day. Stamps are possible again tomorrow.")
            % {"limit": program.max_stamps_per_day},
            code=LoyaltyErrorCode.DAILY_LIMIT,
        )


def kind_check(program: Program, *, stamps: bool) -> None:
    if stamps and not program.has_stamps:
        raise ValidationFailed(
            _("This programme collects points, not stamps."), code=LoyaltyErrorCode.WRONG_PROGRAM_KIND
        )
    if not stamps and not program.has_points:
        raise ValidationFailed(
            _("This programme collects stamps, not points."), code=LoyaltyErrorCode.WRONG_PROGRAM_KIND
        )


# --- the till -----------------------------------------------------------------------------------


@transaction.atomic
def stamp_add(
    *, terminal: Terminal, card: Card | int, order_reference: str = "", rules: Rules | None = None
) -> LedgerResult:
    rules = rules or rules_get()
    kind_check(rules.program, stamps=True)
    reference = _order_reference(rules, order_reference)
    card = card_lock(card)
    card_usable_check(card)
    now = timezone.now()
    _stamp_allowed(card, rules.program, terminal.store, now)
    today = _local_day(terminal.store, now)
    card.stamps_today = card.stamps_today + 1 if card.stamps_day == today else 1
    card.stamps_day, card.last_stamp_at = today, now
    txn = entry_post(
        card=card,
        terminal=terminal,
        kind=Transaction.Kind.STAMP,
        stamps=1,
        log_ip=rules.policy.ip_logging,
        order_reference=reference,
    )
    return LedgerResult(card, txn)


@transaction.atomic
def stamp_redeem(*, terminal: Terminal, card: Card | int, rules: Rules | None = None) -> LedgerResult:
    rules = rules or rules_get()
    program = rules.program
    kind_check(program, stamps=True)
    card = card_lock(card)
    card_usable_check(card)
    redeemable_here_check(card, rules, terminal.store)
    if card.stamps_balance < program.stamps_target:
        raise ValidationFailed(
            _("Not enough stamps: the card has %(have)d of %(need)d. %(missing)d more for %(reward)s.")
            % {
                "have": card.stamps_balance,
                "need": program.stamps_target,
                "missing": program.stamps_target - card.stamps_balance,
                "reward": program.stamps_reward or _("the reward"),
            },
            code=LoyaltyErrorCode.NOT_ENOUGH_STAMPS,
        )
    card.rewards_redeemed += 1
    txn = entry_post(
        card=card,
        terminal=terminal,
        kind=Transaction.Kind.STAMP_REDEEM,
        stamps=-program.stamps_target,
        log_ip=rules.policy.ip_logging,
        reward_name=program.stamps_reward[:120],
    )
    return LedgerResult(card, txn)


def points_for(program: Program, amount: Decimal, card: Card | None = None) -> int:
    """Points a purchase of `amount` earns on `card` (its tier's multiplier included), rounded down."""
    multiplier = card.tier.multiplier if card is not None and card.tier_id and card.tier else Decimal(1)
    return int((amount * program.points_per_euro * multiplier).to_integral_value(rounding="ROUND_FLOOR"))


def amount_clean(amount: Any) -> Decimal:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0 or amount > MAX_PURCHASE:
        raise ValidationFailed(
            _("Enter the purchase amount in euros, more than 0 and at most 100,000."),
            code=LoyaltyErrorCode.AMOUNT_INVALID,
            fields={"amount": [_("Enter an amount like 25.00.")]},
        )
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def points_earn(
    *, terminal: Terminal, card: Card | int, amount: Decimal, order_reference: str = "", rules: Rules | None = None
) -> LedgerResult:
    rules = rules or rules_get()
    kind_check(rules.program, stamps=False)
    amount = amount_clean(amount)
    reference = _order_reference(rules, order_reference)
    card = card_lock(card)
    card_usable_check(card)
    points = points_for(rules.program, amount, card)
    txn = entry_post(
        card=card,
        terminal=terminal,
        kind=Transaction.Kind.POINTS_EARN,
        points=points,
        log_ip=rules.policy.ip_logging,
        purchase_amount=amount,
        order_reference=reference,
    )
    return LedgerResult(card, txn)


def reward_get(reward_id: Any) -> Reward:
    reward = Reward.objects.filter(pk=reward_id, is_active=True).first() if str(reward_id).isdigit() else None
    if reward is None:
        raise NotFound(_("No such reward in this programme."), code=LoyaltyErrorCode.REWARD_NOT_FOUND)
    return reward


def points_redeemable_check(card: Card, program: Program, cost: int, what: str) -> None:
    if card.points_balance < max(cost, program.min_redemption_points):
        if card.points_balance < program.min_redemption_points:
            message = _("Rewards start at %(min)d points; the card has %(have)d.") % {
                "min": program.min_redemption_points,
                "have": card.points_balance,
            }
            raise ValidationFailed(message, code=LoyaltyErrorCode.BELOW_MINIMUM)
        raise ValidationFailed(
            _("Not enough points for %(reward)s: it costs %(cost)d, the card has %(have)d (%(missing)d missing).")
            % {"reward": what, "cost": cost, "have": card.points_balance, "missing": cost - card.points_balance},
            code=LoyaltyErrorCode.NOT_ENOUGH_POINTS,
        )


@transaction.atomic
def points_redeem(*, terminal: Terminal, card: Card | int, reward_id: Any, rules: Rules | None = None) -> LedgerResult:
    rules = rules or rules_get()
    kind_check(rules.program, stamps=False)
    reward = reward_get(reward_id)
    card = card_lock(card)
    card_usable_check(card)
    redeemable_here_check(card, rules, terminal.store)
    points_redeemable_check(card, rules.program, reward.points_cost, reward.name)
    card.rewards_redeemed += 1
    txn = entry_post(
        card=card,
        terminal=terminal,
        kind=Transaction.Kind.POINTS_REDEEM,
        points=-reward.points_cost,
        log_ip=rules.policy.ip_logging,
        reward=reward,
        reward_name=reward.name,
    )
    return LedgerResult(card, txn)


def _void_target(card: Card, transaction_id: Any) -> Transaction:
    original = (
        Transaction.objects.select_for_update().filter(pk=transaction_id, card_id=card.pk).first()
        if str(transaction_id).isdigit()
        else None
    )
    if original is None:
        raise NotFound(_("This card has no such transaction."), code=LoyaltyErrorCode.TRANSACTION_NOT_FOUND)
    if original.kind == Transaction.Kind.VOID:
        raise ValidationFailed(_("A void cannot be voided."), code=LoyaltyErrorCode.VOID_OF_VOID)
    if original.kind not in VOIDABLE:
        raise ValidationFailed(
            _("Only stamps, points and rewards given at the till can be voided."), code=LoyaltyErrorCode.NOT_VOIDABLE
        )
    if original.order_reference.startswith(ONLINE_CODE_PREFIX) and original.kind in (
        Transaction.Kind.STAMP_REDEEM,
        Transaction.Kind.POINTS_REDEEM,
    ):
        # spent online: its discount code lives on, so giving the price back would pay twice
        raise ValidationFailed(
            _("A reward taken online cannot be voided at the till."), code=LoyaltyErrorCode.NOT_VOIDABLE
        )
    if Transaction.objects.filter(voids=original).exists():
        raise ValidationFailed(_("This transaction was already voided."), code=LoyaltyErrorCode.ALREADY_VOIDED)
    return original


@transaction.atomic
def transaction_void(
    *, terminal: Terminal, card: Card | int, transaction_id: Any, reason: str = "", rules: Rules | None = None
) -> LedgerResult:
    """Reverse one till transaction, linked to it. What it gave is taken back as far as the
    balance allows (never below zero); what it took is given back."""
    rules = rules or rules_get()
    if not rules.policy.voids_allowed:
        raise PermissionDenied(_("Voids are not allowed for this programme."), code=LoyaltyErrorCode.VOIDS_NOT_ALLOWED)
    card = card_lock(card)
    card_usable_check(card)
    original = _void_target(card, transaction_id)
    stamps = -min(original.stamps_delta, card.stamps_balance) if original.stamps_delta > 0 else -original.stamps_delta
    points = -min(original.points_delta, card.points_balance) if original.points_delta > 0 else -original.points_delta
    if original.kind in (Transaction.Kind.STAMP_REDEEM, Transaction.Kind.POINTS_REDEEM):
        card.rewards_redeemed = max(card.rewards_redeemed - 1, 0)
    txn = entry_post(
        card=card,
        terminal=terminal,
        kind=Transaction.Kind.VOID,
        stamps=stamps,
        points=points,
        log_ip=rules.policy.ip_logging,
        voids=original,
        reason=(reason or "").strip()[:255],
        order_reference=original.order_reference,
    )
    return LedgerResult(card, txn)


@transaction.atomic
def card_adjust(*, terminal: Terminal, card: Card | int, stamps: int = 0, points: int = 0, reason: str) -> LedgerResult:
    """A manager's correction, with the reason kept in the ledger."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Say why the balance is changed."),
            code=LoyaltyErrorCode.REASON_REQUIRED,
            fields={"reason": [_("Enter a reason.")]},
        )
    if not stamps and not points:
        raise ValidationFailed(_("Enter the stamps or points to add or remove."), code=LoyaltyErrorCode.AMOUNT_INVALID)
    card = card_lock(card)
    if card.stamps_balance + stamps < 0 or card.points_balance + points < 0:
        raise ValidationFailed(
            _("The card has %(stamps)d stamps and %(points)d points; an adjustment cannot go below zero.")
            % {"stamps": card.stamps_balance, "points": card.points_balance},
            code=LoyaltyErrorCode.AMOUNT_INVALID,
        )
    txn = entry_post(
        card=card, terminal=terminal, kind=Transaction.Kind.ADJUST, stamps=stamps, points=points, reason=reason[:255]
    )
    return LedgerResult(card, txn)
