"""Online purchases: a paid storefront order earns on the customer's card, a refund or a return
takes it back, and a reward is spent at checkout as a single-use discount code.

Rules (the integrator's and the merchant's reference):
- Only storefront orders of a customer with an account (customer.user set) earn; till (POS),
  marketplace and back-office orders do not (the till earns through the terminal).
- What earns: the goods after discounts (the order lines' totals), without shipping, with the
  card's tier multiplier at the time of payment (points_for). Hybrid programmes earn points.
- A stamps-only programme gives one stamp per order. It obeys the daily limit (an order past it
  earns nothing) but not the cooldown: two orders paid in a row are two purchases, and the
  order's stamp does not start a cooldown at the till.
- Idempotent: an order earns once (an ONLINE_EARN entry for it is looked for under the card's
  lock), so a repeated order_paid or a retried task earns nothing more.
- Refunds and returns take back a share of what the order earned: the larger of refunded/total
  and returned goods/goods total (a return refunded through its refund is not counted twice),
  rounded down, less what was taken back already. Never more in total than the order earned and
  never below a zero balance (what the balance lacks is taken by a later refund or return, if any).
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import ApplicationError, NotFound, ValidationFailed
from apps.orders import selectors as orders_selectors
from apps.orders import services as orders_services

from ..errors import LoyaltyErrorCode
from ..models import Card, Program, Transaction
from .ledger import (
    ONLINE_CODE_PREFIX,
    Terminal,
    card_lock,
    card_usable_check,
    entry_post,
    kind_check,
    points_for,
    points_redeemable_check,
    redeemable_here_check,
    reward_get,
)
from .policy import rules_get

OrderRef = Any  # an order handed back by orders' selectors (read, never queried through)

ZERO = Decimal("0.00")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_PREFIX = ONLINE_CODE_PREFIX
# a second request for the same reward within this many seconds, its code still unused, gets that
# code again (a double click, a retry) instead of spending the reward twice
DOUBLE_SUBMIT_SECONDS = 30


def _local_day(store: Any) -> date:
    return timezone.localtime(timezone.now(), ZoneInfo(getattr(store, "time_zone", "") or "Europe/Luxembourg")).date()


def order_goods_amount(order: OrderRef) -> Decimal:
    """What the order's goods cost after discounts, without shipping (its lines' totals)."""
    return sum((line.total for line in order.lines.all()), ZERO)


def online_program() -> Program | None:
    """The programme when it is on and online purchases earn, else None."""
    program = Program.objects.filter(key=1).first()
    return program if program is not None and program.is_active and program.online_earning else None


def _earning_card(order: OrderRef) -> Card | None:
    customer = order.customer
    if order.channel != order.Channel.STOREFRONT or customer is None or not customer.user_id:
        return None
    return Card.objects.filter(customer_id=customer.pk, is_active=True).first()


def _stamp_today(card: Card, program: Program, store: Any) -> bool:
    """Count an online stamp against the daily limit; False when the limit is reached."""
    today = _local_day(store)
    if card.stamps_day == today and card.stamps_today >= program.max_stamps_per_day:
        return False
    card.stamps_today = card.stamps_today + 1 if card.stamps_day == today else 1
    card.stamps_day = today
    return True


def online_order_earn(*, store: Any, order_id: int) -> Transaction | None:
    """Earn on the card of a paid storefront order's customer, once per order. None when the
    order does not earn (not storefront, no account, no card, programme off, already earned)."""
    program = online_program()
    if program is None:
        return None
    order = orders_selectors.order_get(store=store, order_id=order_id)
    card = _earning_card(order) if order.paid_at is not None else None
    if card is None:
        return None
    amount = order_goods_amount(order)
    with transaction.atomic():
        card = card_lock(card)
        if Transaction.objects.filter(card=card, order=order, kind=Transaction.Kind.ONLINE_EARN).exists():
            return None
        points = points_for(program, amount, card) if program.has_points else 0
        stamps = 1 if not program.has_points and _stamp_today(card, program, store) else 0
        if points <= 0 and stamps <= 0:
            return None
        txn = entry_post(
            card=card,
            terminal=Terminal(store=store),
            kind=Transaction.Kind.ONLINE_EARN,
            points=points,
            stamps=stamps,
            purchase_amount=amount,
            order=order,
            order_reference=order.number[:64],
        )
        audit_record(
            actor=None,
            action="loyalty.online_earn",
            target=card.display_number,
            store=store,
            data={"order": order.number, "points": points, "stamps": stamps},
        )
    return txn


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def order_taken_back_share(order: OrderRef) -> Decimal:
    """The share (0 to 1) of the order given back: refunded of the total, or returned of the goods,
    whichever is larger."""
    refunded = order.refunded_amount / order.total if order.total > 0 else Decimal(0)
    goods = order_goods_amount(order)
    returned = sum(
        (line.total * line.quantity_returned / line.quantity for line in order.lines.all() if line.quantity),
        Decimal(0),
    )
    share = max(refunded, returned / goods if goods > 0 else Decimal(0))
    return min(max(share, Decimal(0)), Decimal(1))


def online_order_take_back(*, store: Any, order_id: int) -> Transaction | None:
    """After a refund or a return: take back the order's share of what it earned (see the module's
    rules). None when nothing (more) is due. Safe to run again: it works from the totals."""
    order = orders_selectors.order_get(store=store, order_id=order_id)
    earned = Transaction.objects.filter(order=order, kind=Transaction.Kind.ONLINE_EARN).first()
    if earned is None:
        return None
    share = order_taken_back_share(order)
    with transaction.atomic():
        card = card_lock(earned.card_id)
        taken = Transaction.objects.filter(card=card, order=order, kind=Transaction.Kind.ONLINE_RETURN).aggregate(
            points=Sum("points_delta"), stamps=Sum("stamps_delta")
        )
        points = _floor(earned.points_delta * share) + (taken["points"] or 0)
        stamps = _floor(earned.stamps_delta * share) + (taken["stamps"] or 0)
        points = min(max(points, 0), card.points_balance)
        stamps = min(max(stamps, 0), card.stamps_balance)
        if not points and not stamps:
            return None
        txn = entry_post(
            card=card,
            terminal=Terminal(store=store),
            kind=Transaction.Kind.ONLINE_RETURN,
            points=-points,
            stamps=-stamps,
            order=order,
            order_reference=order.number[:64],
        )
        audit_record(
            actor=None,
            action="loyalty.online_return",
            target=card.display_number,
            store=store,
            data={"order": order.number, "points": -points, "stamps": -stamps},
        )
    return txn


# --- rewards at checkout ----------------------------------------------------------------------------


def _code_new() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))


def _no_online_value() -> ValidationFailed:
    return ValidationFailed(
        _("This reward can only be taken in the store, not online."), code=LoyaltyErrorCode.REWARD_NOT_FOUND
    )


def _card_of(customer: Any) -> Card:
    card = Card.objects.filter(customer_id=getattr(customer, "pk", None)).first() if customer is not None else None
    if card is None:
        raise NotFound(_("You have no loyalty card yet."), code=LoyaltyErrorCode.CARD_NOT_FOUND)
    return card


def _spend(card: Card, terminal: Terminal, *, reward_id: Any, stamps: bool, code: str) -> tuple[Decimal, str]:
    """Take the reward's price off the locked card: (its value online, its name). The entry keeps
    the discount code it becomes as its order reference."""
    rules = rules_get()
    program = rules.program
    kind_check(program, stamps=stamps)
    redeemable_here_check(card, rules, terminal.store)
    if stamps:
        if not program.stamps_reward_value:
            raise _no_online_value()
        if card.stamps_balance < program.stamps_target:
            raise ValidationFailed(
                _("Not enough stamps: you have %(have)d of %(need)d.")
                % {"have": card.stamps_balance, "need": program.stamps_target},
                code=LoyaltyErrorCode.NOT_ENOUGH_STAMPS,
            )
        name = program.stamps_reward[:120] or _("Stamp reward")
        kind, details = Transaction.Kind.STAMP_REDEEM, {"stamps": -program.stamps_target}
        value = program.stamps_reward_value
    else:
        reward = reward_get(reward_id)
        if not reward.online_value:
            raise _no_online_value()
        points_redeemable_check(card, program, reward.points_cost, reward.name)
        name, value = reward.name, reward.online_value
        kind, details = Transaction.Kind.POINTS_REDEEM, {"points": -reward.points_cost, "reward": reward}
    card.rewards_redeemed += 1
    entry_post(
        card=card,
        terminal=terminal,
        kind=kind,
        log_ip=rules.policy.ip_logging,
        reward_name=name,
        order_reference=code,
        **details,
    )
    return value, name


def reward_use_online(
    *,
    store: Any,
    customer: Any,
    reward_id: Any = None,
    stamps: bool = False,
    user: Any = None,
    ip_address: str | None = None,
) -> Any:
    """Spend a reward (`reward_id`) or the stamp reward (`stamps`) online: the points or stamps are
    taken under the card's lock and a single-use discount code worth the reward's online value is
    made and put on the customer's open cart, if any. Returns the orders DiscountCode."""
    card = _card_of(customer)
    terminal = Terminal(store=store, user=user, ip_address=ip_address, device="online")
    with transaction.atomic():
        card = card_lock(card)
        card_usable_check(card)
        unused = _unused_recent_code(store, card, reward_id=reward_id, stamps=stamps)
        if unused is not None:  # a second click on the same button: the same code, nothing spent again
            _cart_apply(store, customer, unused)
            return unused
        code = _code_new()
        value, name = _spend(card, terminal, reward_id=reward_id, stamps=stamps, code=code)
        discount = orders_services.discount_code_create(
            store=store,
            actor=user,
            data={"code": code, "kind": "fixed", "value": value, "max_uses": 1, "max_uses_per_customer": 1},
        )
        audit_record(
            actor=user,
            action="loyalty.reward_use_online",
            target=card.display_number,
            store=store,
            data={"reward": name, "code": discount.code, "value": str(value)},
        )
    _cart_apply(store, customer, discount)
    return discount


def _cart_apply(store: Any, customer: Any, discount: Any) -> None:
    cart = orders_selectors.cart_find(store=store, customer=customer)
    if cart is not None:
        # when it does not apply to the cart now, the code stays the customer's for checkout
        with contextlib.suppress(ApplicationError):
            orders_services.cart_discount_apply(store=store, cart=cart, code=discount.code, customer=customer)


def _unused_recent_code(store: Any, card: Card, *, reward_id: Any, stamps: bool) -> Any:
    """The code this card got for the same reward in the last DOUBLE_SUBMIT_SECONDS, while still
    unused: a double click or a retried request gets it again instead of spending twice."""
    kind = Transaction.Kind.STAMP_REDEEM if stamps else Transaction.Kind.POINTS_REDEEM
    recent = Transaction.objects.filter(
        card_id=card.pk,
        kind=kind,
        order_reference__startswith=CODE_PREFIX,
        created_at__gte=timezone.now() - timedelta(seconds=DOUBLE_SUBMIT_SECONDS),
    )
    if not stamps:
        recent = recent.filter(reward_id=reward_id if str(reward_id).isdigit() else None)
    entry = recent.order_by("-created_at", "-id").first()
    if entry is None:
        return None
    try:
        discount = orders_services.discount_find(store=store, code=entry.order_reference)
    except ApplicationError:
        return None
    return discount if discount.uses == 0 else None
